import { isObject } from './is-object';
import { PHONE_CODE_NO_QUOTA_ERRNO, PHONE_NUMBER_CODE_SINCE, REALTIME_PHONE_NUMBER_SINCE, type CloudIdApi, type VersionGatedFeature } from './rules';
import type { OpenDataFailure } from './envelope';

/** Marks the package's errors across realms and across copies of the package. */
const ERROR_MARK = Symbol.for('miniprogram-cloudid.error');

/** Stable codes, one per failure. */
export type CloudIdErrorCode =
  | 'BASE_LIBRARY_TOO_OLD'
  | 'BASE_LIBRARY_UNKNOWN'
  | 'CLOUD_UNAVAILABLE'
  | 'OPEN_DATA_API_FAILED'
  | 'CLOUD_ID_MISSING'
  | 'TICKET_NOT_REFRESHABLE'
  | 'INVALID_CALL_DATA'
  | 'INVALID_OPTION'
  | CallDataIssueCode
  | 'CALL_FAILED'
  | 'OPEN_DATA_REJECTED'
  | 'NOT_IN_CLOUD_FUNCTION'
  | 'OPEN_DATA_EXCHANGE_FAILED'
  | 'SOURCE_SYNTAX_ERROR'
  | 'MOCK_SETUP_INVALID'
  | 'CALL_TIMEOUT'
  | 'REQUEST_TOO_LARGE'
  | 'PHONE_CODE_UNAVAILABLE'
  | 'EXCHANGE_TIMEOUT'
  | ContainerErrorCode;

/** Failures of the Cloud Hosting entry (`miniprogram-cloudid/container`). */
export type ContainerErrorCode =
  | 'NOT_FROM_WECHAT_GATEWAY'
  | 'IDENTITY_HEADER_REPEATED'
  | 'OPEN_API_NOT_ALLOWED'
  | 'OPEN_API_NOT_READY'
  | 'OPEN_API_ACCESS_TOKEN_EXPIRED'
  | 'OPEN_API_LINK_FAILURE'
  | 'OPEN_API_TIMEOUT'
  | 'OPEN_API_UNREACHABLE'
  | 'OPEN_API_BAD_RESPONSE'
  | 'OPEN_API_RATE_LIMITED'
  | 'OPEN_API_FAILED'
  | 'PHONE_CODE_INVALID';

/**
 * The base of every error the package throws. Tell failures apart by `code` (or by
 * subclass with `instanceof`, which holds in the mini program build as shipped and after
 * DevTools' "ES6 to ES5"); `isCloudIdError` also recognises errors from another realm or
 * another copy of the package, where `instanceof` cannot. `name` is always
 * 'CloudIdError': a class name would not survive the minifier of a mini program's upload.
 */
export class CloudIdError extends Error {
  readonly code: CloudIdErrorCode;

  constructor(code: CloudIdErrorCode, message: string) {
    super(message);
    this.name = 'CloudIdError';
    this.code = code;
    Object.defineProperty(this, ERROR_MARK, { value: true });
  }
}

/** True for any error of this package, from any realm or copy of the package. */
export function isCloudIdError(value: unknown): value is CloudIdError {
  return isObject(value) && (value as { [ERROR_MARK]?: unknown })[ERROR_MARK] === true;
}

/** The base library is older than a feature needs (`actual` is absent when it was not read). */
export class BaseLibraryTooOldError extends CloudIdError {
  constructor(
    readonly feature: VersionGatedFeature,
    readonly required: string,
    readonly actual?: string,
  ) {
    super('BASE_LIBRARY_TOO_OLD', `${feature} needs base library ${required}+${actual ? `, this is ${actual}` : ''}: raise the minimum or check isBaseLibraryAtLeast`);
  }
}

/** Neither `wx.getAppBaseInfo` nor `wx.getSystemInfoSync` gave a base library version. */
export class BaseLibraryUnknownError extends CloudIdError {
  constructor() {
    super('BASE_LIBRARY_UNKNOWN', 'no SDKVersion from wx.getAppBaseInfo or wx.getSystemInfoSync');
  }
}

/** `wx.cloud` is missing, or was used before `wx.cloud.init`. */
export class CloudUnavailableError extends CloudIdError {
  constructor(readonly reason: 'absent' | 'not-initialized') {
    super('CLOUD_UNAVAILABLE', reason === 'absent' ? 'wx.cloud is missing: enable cloud development' : 'call wx.cloud.init() first (in app.js)');
  }
}

/** An open-data API failed (user denied, not supported, ...). */
export class OpenDataApiError extends CloudIdError {
  constructor(
    readonly api: CloudIdApi,
    readonly errMsg: string,
    readonly errno?: number,
  ) {
    super('OPEN_DATA_API_FAILED', `${api}: ${errMsg}`);
  }
}

/**
 * The API succeeded but its result has no cloudID. The message names every known cause:
 * cloud development off or an old base library; for getUserInfo also `withCredentials: false`
 * or no login session; a `getrealtimephonenumber` event never has one.
 */
export class CloudIdMissingError extends CloudIdError {
  constructor(
    readonly api: CloudIdApi | 'getRealtimePhoneNumber',
    required?: string,
  ) {
    super(
      'CLOUD_ID_MISSING',
      required
        ? `${api} gave no cloudID: enable cloud development, require base library ${required}+${api === 'getUserInfo' ? ', use withCredentials and a login session (wx.login)' : ''}`
        : `${api} has no cloudID: use phoneCodeFromEvent(e)`,
    );
  }
}

/** `refresh()` on a ticket whose source needs a user's tap, or that came from a result or event. */
export class TicketNotRefreshableError extends CloudIdError {
  constructor(readonly api: CloudIdApi) {
    super('TICKET_NOT_REFRESHABLE', `${api} needs a user's tap: ask the user to tap again`);
  }
}

/** What `inspectCallData` reports and `buildCallData` throws, one entry per problem. */
export interface CallDataIssue {
  code: CallDataIssueCode;
  /** Dotted path from the top of `data`: `obj.shareInfo`, `list[2].id`; `''` is `data` itself. */
  path: string;
  message: string;
}

/** Why call data cannot be sent; also the `code` of the `CallDataError` when all issues share it. */
export type CallDataIssueCode =
  | 'CLOUD_ID_NESTED'
  | 'TOO_MANY_CLOUD_IDS'
  | 'TICKET_EXPIRED'
  | 'NOT_SENDABLE'
  | 'CIRCULAR_REFERENCE'
  | 'PHONE_CODE_EXPIRED'
  | 'PHONE_CODE_USED'
  | 'PLATFORM_VALUE_IN_CONTAINER';

/**
 * Call data that must not be sent. `issues` lists every problem with its path; `code` is
 * their shared code, or `INVALID_CALL_DATA` when they differ. When they share one, the
 * error is also the subclass for that failure (`CloudIdNestedError`, ...): see `callDataError`.
 */
export class CallDataError extends CloudIdError {
  /** Problems found but not listed in `issues` (the list is capped). */
  readonly unlisted: number;

  // No default parameters in the client's errors: an ES5 compile pads them.
  constructor(
    readonly issues: readonly CallDataIssue[],
    unlisted?: number,
  ) {
    super(
      issues.every((issue) => issue.code === issues[0].code) ? issues[0].code : 'INVALID_CALL_DATA',
      `call data cannot be sent:${issues.map((issue) => `\n  ${issue.path || 'data'}: ${issue.message}`).join('')}${unlisted ? `\n  and ${unlisted} more` : ''}`,
    );
    this.unlisted = unlisted === undefined ? 0 : unlisted;
  }
}

/** Every issue is a CloudID below the top level of data. */
export class CloudIdNestedError extends CallDataError {}
/** The only issue: more than five CloudIDs at the top level. */
export class TooManyCloudIdsError extends CallDataError {}
/** Every issue is a ticket too close to its expiry. */
export class TicketExpiredError extends CallDataError {}
/** Every issue is a value JSON would drop or change, or a circular reference. */
export class NotSendableError extends CallDataError {}
/** Every issue is a phone code too close to its expiry: the user must tap the button again. */
export class PhoneCodeExpiredError extends CallDataError {}
/** Every issue is a phone code already sent once: WeChat accepts a code once. */
export class PhoneCodeUsedError extends CallDataError {}
/** Every issue is a `wx.cloud.CloudID` or `wx.cloud.CDN` value in `callContainer` data, which only `callFunction` processes. */
export class PlatformValueInContainerError extends CallDataError {}

const CALL_DATA_ERROR_CLASS: Record<CallDataIssueCode, typeof CallDataError> = {
  CLOUD_ID_NESTED: CloudIdNestedError,
  TOO_MANY_CLOUD_IDS: TooManyCloudIdsError,
  TICKET_EXPIRED: TicketExpiredError,
  NOT_SENDABLE: NotSendableError,
  CIRCULAR_REFERENCE: NotSendableError,
  PHONE_CODE_EXPIRED: PhoneCodeExpiredError,
  PHONE_CODE_USED: PhoneCodeUsedError,
  PLATFORM_VALUE_IN_CONTAINER: PlatformValueInContainerError,
};

/** The error for `issues`: the subclass of their shared failure, or `CallDataError` when they are of several kinds. */
export function callDataError(issues: readonly CallDataIssue[], unlisted?: number): CallDataError {
  let errorClass = CALL_DATA_ERROR_CLASS[issues[0].code];
  for (let index = 1; index < issues.length; index++) if (CALL_DATA_ERROR_CLASS[issues[index].code] !== errorClass) errorClass = CallDataError;
  return new errorClass(issues, unlisted);
}

/** An option has the wrong type or value; `option` names it (`marginMs`, or `options` itself), `got` (when given) says what came. */
export class InvalidOptionError extends CloudIdError {
  constructor(
    readonly option: string,
    expected: string,
    got?: unknown,
  ) {
    // `arguments`, not a rest parameter: `got` may be given as undefined, and an ES5 compile pads rest parameters.
    super('INVALID_OPTION', `${option} must be ${expected}${arguments.length > 2 ? `, got ${typeof got === 'string' ? `'${got}'` : isObject(got) ? 'an object' : String(got)}` : ''}`);
  }
}

/** `wx.cloud.callFunction` failed. */
export class CallFailedError extends CloudIdError {
  constructor(
    readonly functionName: string,
    readonly errMsg: string,
    readonly errCode?: number,
  ) {
    super('CALL_FAILED', `${functionName}: ${errMsg}`);
  }
}

/**
 * The backend answered with the `withOpenData` failure envelope. `functionName` is the cloud
 * function, or for `callContainer` the service and path. `tapAgain`: a phone code was sent,
 * which WeChat accepts once, so only a new tap on the button can help (never retried).
 */
export class OpenDataRejectedError extends CloudIdError {
  readonly keys: readonly string[];
  /** A phone code was sent: only a new tap on the button can help (never retried). */
  readonly tapAgain: boolean;

  constructor(
    readonly functionName: string,
    readonly failures: readonly OpenDataFailure[],
    tapAgain?: boolean,
  ) {
    super(
      'OPEN_DATA_REJECTED',
      `${functionName} rejected ${failures.map((failure) => `${failure.key} (${failure.reason}: ${failure.errMsg})`).join(', ')}${tapAgain ? ': ask the user to tap again' : ''}`,
    );
    this.keys = failures.map((failure) => failure.key);
    this.tapAgain = tapAgain === undefined ? false : tapAgain;
  }
}

/** `callFunction` or `callContainer` got no answer within `timeout` ms (the platform never called back). */
export class CallTimeoutError extends CloudIdError {
  constructor(
    readonly functionName: string,
    readonly timeout: number,
  ) {
    super('CALL_TIMEOUT', `${functionName}: no answer in ${timeout} ms (option timeout)`);
  }
}

/** A `callContainer` body over the platform's request limit (it would fail with -606001). */
export class RequestTooLargeError extends CloudIdError {
  constructor(
    readonly functionName: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super('REQUEST_TOO_LARGE', `${functionName}: body of ${bytes} bytes, limit ${limit}: send less, or files by wx.cloud.uploadFile`);
  }
}

/** Why a phone-number button event holds no usable code. */
export type PhoneCodeUnavailableReason = 'declined' | 'no-quota' | 'failed' | 'no-code' | 'not-a-phone-event';

/** `phoneCodeFromEvent(e)` found no code; the message says why and what to do. */
export class PhoneCodeUnavailableError extends CloudIdError {
  constructor(
    readonly reason: PhoneCodeUnavailableReason,
    /** The event's `type`. */
    readonly eventType: string,
    /** The event's `detail.errMsg` and `detail.errno`, when it has them. */
    readonly errMsg?: string,
    readonly errno?: number,
  ) {
    // Written here rather than as a module-level table of template literals, which bundlers keep even when unused.
    const why: Record<PhoneCodeUnavailableReason, string> = {
      declined: 'the user declined: go on without the number',
      'no-quota': `quota used up (errno ${PHONE_CODE_NO_QUOTA_ERRNO}): each success is billed after a free quota; buy more`,
      failed: 'failed: ask the user to tap again',
      'no-code': `no code: require base library ${PHONE_NUMBER_CODE_SINCE}+ (getRealtimePhoneNumber ${REALTIME_PHONE_NUMBER_SINCE}+)`,
      'not-a-phone-event': 'not a getphonenumber or getrealtimephonenumber event',
    };
    super('PHONE_CODE_UNAVAILABLE', `${eventType}: ${why[reason]}${errMsg ? ` (${errMsg})` : ''}`);
  }
}

/** `getContext` was called outside a cloud function's `exports.main`. */
export class NotInCloudFunctionError extends CloudIdError {
  constructor() {
    super('NOT_IN_CLOUD_FUNCTION', 'getWXContext() returned an empty context: call getContext inside exports.main, where wx-server-sdk can read WX_CONTEXT_KEYS.');
  }
}

/** Why `exchangeOpenData` could not get an answer from `cloud.getOpenData`. */
export type OpenDataExchangeFailure = 'unavailable' | 'failed' | 'malformed-response';

/**
 * An exchange API (`cloud.getOpenData`, `cloud.openapi.phonenumber.getPhoneNumber`) is
 * missing, threw, or answered with something that is not its result. `api` names it.
 */
export class OpenDataExchangeError extends CloudIdError {
  constructor(
    readonly reason: OpenDataExchangeFailure,
    detail: string,
    readonly errCode?: number,
    readonly cause?: unknown,
    readonly api = 'getOpenData',
  ) {
    super('OPEN_DATA_EXCHANGE_FAILED', `cloud.${api} ${reason === 'unavailable' ? 'is not available' : 'failed'}: ${detail}`);
  }
}

/** An exchange (`exchangeOpenData`, `exchangePhoneCode`) got no answer within `timeoutMs`. */
export class ExchangeTimeoutError extends CloudIdError {
  constructor(
    readonly api: string,
    readonly timeoutMs: number,
  ) {
    super(
      'EXCHANGE_TIMEOUT',
      `cloud.${api} gave no answer within ${timeoutMs} ms: WeChat or the network is slow. Try again, or raise timeoutMs (and "timeout" in the function's config.json).`,
    );
  }
}

/** The static checker could not parse a source file. `line` and `column` are 1-based. */
export class SourceSyntaxError extends CloudIdError {
  constructor(
    readonly filename: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super('SOURCE_SYNTAX_ERROR', `${filename}:${line}:${column}: cannot parse: ${reason}`);
  }
}

/**
 * The testing kit was set up or driven in a way it cannot model: an option of the wrong
 * type (`createMockWx({ baseLibrary: 'abc' })`), a name registered twice, a helper called
 * outside a mock call. The message names the option or call and the fix.
 */
export class MockSetupError extends CloudIdError {
  constructor(message: string) {
    super('MOCK_SETUP_INVALID', message);
  }
}
