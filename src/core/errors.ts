import type { CloudIdApi, VersionGatedFeature } from './rules';
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
  | CallDataIssueCode
  | 'CALL_FAILED'
  | 'OPEN_DATA_REJECTED'
  | 'NOT_IN_CLOUD_FUNCTION'
  | 'OPEN_DATA_EXCHANGE_FAILED'
  | 'SOURCE_SYNTAX_ERROR';

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
  return typeof value === 'object' && value !== null && (value as { [ERROR_MARK]?: unknown })[ERROR_MARK] === true;
}

/** The base library is older than a feature needs (`actual` is absent when it was not read). */
export class BaseLibraryTooOldError extends CloudIdError {
  constructor(
    readonly feature: VersionGatedFeature,
    readonly required: string,
    readonly actual?: string,
  ) {
    super('BASE_LIBRARY_TOO_OLD', `${feature} needs base library ${required}+${actual ? `, this is ${actual}` : ''}: raise the minimum base library or check isBaseLibraryAtLeast first`);
  }
}

/** Neither `wx.getAppBaseInfo` nor `wx.getSystemInfoSync` gave a base library version. */
export class BaseLibraryUnknownError extends CloudIdError {
  constructor() {
    super('BASE_LIBRARY_UNKNOWN', 'no base library version from wx.getAppBaseInfo or wx.getSystemInfoSync');
  }
}

/** `wx.cloud` is missing, or was used before `wx.cloud.init`. */
export class CloudUnavailableError extends CloudIdError {
  constructor(readonly reason: 'absent' | 'not-initialized') {
    super(
      'CLOUD_UNAVAILABLE',
      reason === 'absent' ? 'wx.cloud is missing: enable cloud development for the mini program' : 'call wx.cloud.init() (in app.js) before calling cloud functions',
    );
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

/** The API succeeded but its result has no cloudID. */
export class CloudIdMissingError extends CloudIdError {
  constructor(
    readonly api: CloudIdApi,
    required: string,
  ) {
    super('CLOUD_ID_MISSING', `${api} gave no cloudID: enable cloud development and require base library ${required}+`);
  }
}

/** `refresh()` on a ticket whose source needs a user's tap, or that came from a result or event. */
export class TicketNotRefreshableError extends CloudIdError {
  constructor(readonly api: CloudIdApi) {
    super('TICKET_NOT_REFRESHABLE', `${api} needs a user's tap: ask the user again for a new ticket`);
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
export type CallDataIssueCode = 'CLOUD_ID_NESTED' | 'TOO_MANY_CLOUD_IDS' | 'TICKET_EXPIRED' | 'NOT_SENDABLE' | 'CIRCULAR_REFERENCE';

/**
 * Call data that must not be sent. `issues` lists every problem with its path; `code` is
 * their shared code, or `INVALID_CALL_DATA` when they differ. When they share one, the
 * error is also the subclass for that failure (`CloudIdNestedError`, ...): see `callDataError`.
 */
export class CallDataError extends CloudIdError {
  constructor(readonly issues: readonly CallDataIssue[]) {
    super(
      issues.every((issue) => issue.code === issues[0].code) ? issues[0].code : 'INVALID_CALL_DATA',
      `call data cannot be sent:${issues.map((issue) => `\n  ${issue.path || 'data'}: ${issue.message}`).join('')}`,
    );
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

const CALL_DATA_ERROR_CLASS: Record<CallDataIssueCode, typeof CallDataError> = {
  CLOUD_ID_NESTED: CloudIdNestedError,
  TOO_MANY_CLOUD_IDS: TooManyCloudIdsError,
  TICKET_EXPIRED: TicketExpiredError,
  NOT_SENDABLE: NotSendableError,
  CIRCULAR_REFERENCE: NotSendableError,
};

/** The error for `issues`: the subclass of their shared failure, or `CallDataError` when they are of several kinds. */
export function callDataError(issues: readonly CallDataIssue[]): CallDataError {
  const classes = issues.map((issue) => CALL_DATA_ERROR_CLASS[issue.code]);
  return new (classes.every((errorClass) => errorClass === classes[0]) ? classes[0] : CallDataError)(issues);
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

/** The cloud function answered with the `withOpenData` failure envelope. */
export class OpenDataRejectedError extends CloudIdError {
  readonly keys: readonly string[];

  constructor(
    readonly functionName: string,
    readonly failures: readonly OpenDataFailure[],
  ) {
    super(
      'OPEN_DATA_REJECTED',
      `${functionName} rejected ${failures.map((failure) => `${failure.key} (${failure.reason}: ${failure.errMsg})`).join(', ')}`,
    );
    this.keys = failures.map((failure) => failure.key);
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

/** `cloud.getOpenData` is missing, threw, or answered with something that is not its result. */
export class OpenDataExchangeError extends CloudIdError {
  constructor(
    readonly reason: OpenDataExchangeFailure,
    detail: string,
    readonly errCode?: number,
    readonly cause?: unknown,
  ) {
    super('OPEN_DATA_EXCHANGE_FAILED', `cloud.getOpenData ${reason === 'unavailable' ? 'is not available' : 'failed'}: ${detail}`);
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
