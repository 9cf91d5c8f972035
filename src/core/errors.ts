import { CloudIdError as CloudIdErrorClass, ERROR_MARK } from './error-class';
import { isObject } from './is-object';
import type { CloudIdApi, OPEN_API_PATH, VersionGatedFeature } from './rules';
import type { OpenDataFailure } from './envelope';

/** What `inspectCallData` reports and `buildCallData` throws, one entry per problem. */
export interface CallDataIssue {
  code: CallDataIssueCode;
  /** Dotted path from the top of `data`: `obj.shareInfo`, `list[2].id`; `''` is `data` itself. */
  path: string;
  message: string;
}

/** Why call data cannot be sent; also the `code` of the error when all issues share it. */
export type CallDataIssueCode =
  | 'CLOUD_ID_NESTED'
  | 'TOO_MANY_CLOUD_IDS'
  | 'TICKET_EXPIRED'
  | 'NOT_SENDABLE'
  | 'CIRCULAR_REFERENCE'
  | 'PHONE_CODE_EXPIRED'
  | 'PHONE_CODE_USED'
  | 'PLATFORM_VALUE_IN_CONTAINER';

/** The fields of every call-data error: `issues` lists every problem with its path. */
export interface CallDataErrorFields {
  issues: readonly CallDataIssue[];
  /** Problems found but not listed in `issues` (the list is capped). */
  unlisted: number;
  /** What the platform threw, when `wx.cloud.CloudID` refused an id (`NOT_SENDABLE`). */
  cause?: unknown;
}

/** Why a phone-number button event holds no usable code. */
export type PhoneCodeUnavailableReason = 'declined' | 'no-quota' | 'failed' | 'no-code' | 'not-a-phone-event';

/** Why `exchangeOpenData` or `exchangePhoneCode` could not get an answer from WeChat. */
export type OpenDataExchangeFailure = 'unavailable' | 'failed' | 'malformed-response';

/** One of the open-API service's paths (Cloud Hosting). */
export type OpenApiPath = (typeof OPEN_API_PATH)[keyof typeof OPEN_API_PATH];

/** The package's own HTTP status for an open-API failure: a bad or failed answer is 502, none in time 504. */
export type OpenApiFailureStatus = 502 | 504;

/**
 * What every failure to get an answer from the open-API service carries: `path`, and the
 * package's own status in the fields Express and Koa answer with (`status`, `statusCode`;
 * `expose: false`, so Koa shows the page no message), never the service's. The service's
 * own HTTP status, when it answered, is `upstreamStatus`, for the log.
 */
export interface OpenApiFailureFields<Status extends OpenApiFailureStatus = 502> {
  path: OpenApiPath;
  status: Status;
  statusCode: Status;
  expose: false;
  upstreamStatus?: number;
}

/** The fields of an answer the open-API service gave with a non-zero `errcode`. */
export interface OpenApiErrcodeFields extends OpenApiFailureFields {
  errcode: number;
  errmsg: string;
}

/** Why the open-API service does not let a call through: the path is not in its whitelist, or the account lacks the API. */
export type OpenApiNotAllowedReason = 'not-in-whitelist' | 'api-unauthorized';

/** Why the open-API service is not ready: switched off or not published yet, or not initialised yet. */
export type OpenApiNotReadyReason = 'service-off' | 'initialising';

/** The fields of a code whose message says all there is. */
export type NoFields = Record<never, never>;

/**
 * Every failure the package reports, by `code`, with the details that code carries as
 * fields of the error. `switch (error.code)` narrows a `CloudIdError` to one entry.
 */
export interface CloudIdErrorFields {
  /** The base library is older than `feature` needs; `actual` is absent when it was not read. */
  BASE_LIBRARY_TOO_OLD: { feature: VersionGatedFeature; required: string; actual?: string };
  /** Neither `wx.getAppBaseInfo` nor `wx.getSystemInfoSync` gave a base library version. */
  BASE_LIBRARY_UNKNOWN: NoFields;
  /** `wx.cloud` is missing (`absent`), or was used before `wx.cloud.init` (`not-initialized`; also a `wx.cloud.Cloud` instance before its `init()` resolved). */
  CLOUD_UNAVAILABLE: { reason: 'absent' | 'not-initialized' };
  /** An open-data API failed (user denied, not supported, ...). */
  OPEN_DATA_API_FAILED: { api: CloudIdApi; errMsg: string; errno?: number };
  /**
   * The API succeeded but its result has no cloudID: cloud development off or an old base
   * library; for getUserInfo also `withCredentials: false` or no login session; a
   * `getrealtimephonenumber` event never has one.
   */
  CLOUD_ID_MISSING: { api: CloudIdApi | 'getRealtimePhoneNumber' };
  /** `refresh()` on a ticket whose source needs a user's tap, or that came from a result or event. */
  TICKET_NOT_REFRESHABLE: { api: CloudIdApi };
  /** Call data with problems of several kinds. */
  INVALID_CALL_DATA: CallDataErrorFields;
  /** Every issue is a CloudID below the top level of data. */
  CLOUD_ID_NESTED: CallDataErrorFields;
  /** More than five CloudIDs at the top level. */
  TOO_MANY_CLOUD_IDS: CallDataErrorFields;
  /** Every issue is a ticket too close to its expiry. */
  TICKET_EXPIRED: CallDataErrorFields;
  /** Every issue is a value JSON would drop or change. */
  NOT_SENDABLE: CallDataErrorFields;
  /** Every issue is a circular reference. */
  CIRCULAR_REFERENCE: CallDataErrorFields;
  /** Every issue is a phone code too close to its expiry: the user must tap the button again. */
  PHONE_CODE_EXPIRED: CallDataErrorFields;
  /** Every issue is a phone code already sent once: WeChat accepts a code once. */
  PHONE_CODE_USED: CallDataErrorFields;
  /** Every issue is a `wx.cloud.CloudID` or `wx.cloud.CDN` value in `callContainer` data, which only `callFunction` processes. */
  PLATFORM_VALUE_IN_CONTAINER: CallDataErrorFields;
  /** An option has the wrong type or value; `option` names it (`marginMs`, `options.baseLibrary`, or `options` itself). */
  INVALID_OPTION: { option: string };
  /** `wx.cloud.callFunction` or `wx.cloud.callContainer` failed. */
  CALL_FAILED: { functionName: string; errMsg: string; errCode?: number };
  /**
   * The backend answered with the `withOpenData` failure envelope. `functionName` is the
   * cloud function, or for `callContainer` the service and path; `keys` the rejected
   * fields. `tapAgain`: a phone code was sent, which WeChat accepts once, so only a new tap
   * on the button can help (never retried).
   */
  OPEN_DATA_REJECTED: { functionName: string; failures: readonly OpenDataFailure[]; keys: readonly string[]; tapAgain: boolean };
  /**
   * `callContainer`'s service answered with a status outside 200-299 and no failure
   * envelope: `status` and the response `body` (parsed JSON). `functionName` is the service
   * and path. `throwHttpErrors: false` resolves with every response instead.
   */
  HTTP_ERROR: { functionName: string; status: number; body: unknown };
  /** `callFunction` or `callContainer` got no answer within `timeout` ms (the platform never called back). */
  CALL_TIMEOUT: { functionName: string; timeout: number };
  /** A `callContainer` body over the platform's request limit (it would fail with -606001). */
  REQUEST_TOO_LARGE: { functionName: string; bytes: number; limit: number };
  /** `phoneCodeFromEvent(e)` found no code; `eventType` is the event's `type`, `errMsg`/`errno` its detail's. */
  PHONE_CODE_UNAVAILABLE: { reason: PhoneCodeUnavailableReason; eventType: string; errMsg?: string; errno?: number };
  /** `getContext` was called outside a cloud function's `exports.main`. */
  NOT_IN_CLOUD_FUNCTION: NoFields;
  /**
   * An exchange API (`cloud.getOpenData`, `cloud.openapi.phonenumber.getPhoneNumber`,
   * named by `api`) is missing, threw, or answered with something that is not its result.
   */
  OPEN_DATA_EXCHANGE_FAILED: { reason: OpenDataExchangeFailure; api: string; errCode?: number; cause?: unknown };
  /** An exchange (`exchangeOpenData`, `exchangePhoneCode`) got no answer within `timeoutMs`. */
  EXCHANGE_TIMEOUT: { api: string; timeoutMs: number };
  /** The static checker could not parse a source file. `line` and `column` are 1-based. */
  SOURCE_SYNTAX_ERROR: { filename: string; line: number; column: number; reason: string };
  /**
   * The testing kit was driven in a way it cannot model: a name registered twice, a helper
   * called outside a mock call, a button the chosen base library does not have. (An option
   * of the wrong type is `INVALID_OPTION`.)
   */
  MOCK_SETUP_INVALID: NoFields;
  /** A container request without X-WX-OPENID or X-WX-FROM-OPENID: it did not come through WeChat's gateway. */
  NOT_FROM_WECHAT_GATEWAY: NoFields;
  /**
   * A container request with an X-WX-* identity header (`header`, lowercase) more than once
   * (`count`): the gateway sets each once, so another copy was added on the way.
   */
  IDENTITY_HEADER_REPEATED: { header: string; count: number };
  /**
   * The open-API service does not let the call through: the path is not in its whitelist
   * (85107, -604101, or HTTP 502 without an errcode: `errcode` absent), or the account lacks
   * the API (48001, 85105).
   */
  OPEN_API_NOT_ALLOWED: OpenApiFailureFields & { reason: OpenApiNotAllowedReason; errcode?: number; errmsg?: string };
  /** The open-API service is off or not published yet (41001, `service-off`), or not initialised yet (85113, `initialising`). */
  OPEN_API_NOT_READY: OpenApiErrcodeFields & { reason: OpenApiNotReadyReason };
  /** The call sent its own access_token, and it expired (42001): inside Cloud Hosting the service adds one. */
  OPEN_API_ACCESS_TOKEN_EXPIRED: OpenApiErrcodeFields;
  /** A link failure on WeChat's side (85112): file a ticket. */
  OPEN_API_LINK_FAILURE: OpenApiErrcodeFields;
  /** The open-API service gave no complete answer within `timeoutMs`; the request was abandoned. */
  OPEN_API_TIMEOUT: OpenApiFailureFields<504> & { timeoutMs: number };
  /** The connection to the open-API service could not be made (refused, unknown host): it was never reached. */
  OPEN_API_UNREACHABLE: OpenApiFailureFields & { baseUrl: string; cause: unknown };
  /**
   * The service was reached, but its answer is not what the API documents: broken off, not
   * JSON, an HTTP error, or fields missing. `upstreamText`: the start of the answer, for the log.
   */
  OPEN_API_BAD_RESPONSE: OpenApiFailureFields & { upstreamText?: string };
  /** Too many calls (45011): slow down and try again later. */
  OPEN_API_RATE_LIMITED: OpenApiErrcodeFields;
  /** Any other non-zero errcode (-1 system busy, 40003 invalid openid, ...). */
  OPEN_API_FAILED: OpenApiErrcodeFields;
  /** The phone code is invalid, already used or expired (40029): the page must ask the user again. */
  PHONE_CODE_INVALID: OpenApiErrcodeFields;
}

/** Stable codes, one per failure. */
export type CloudIdErrorCode = keyof CloudIdErrorFields;

/** The codes of call data that must not be sent: the issues' shared code, or `INVALID_CALL_DATA`. */
export type CallDataErrorCode = 'INVALID_CALL_DATA' | CallDataIssueCode;

/** What the mini program side (`miniprogram-cloudid`) throws. */
export type ClientErrorCode =
  | 'BASE_LIBRARY_TOO_OLD'
  | 'BASE_LIBRARY_UNKNOWN'
  | 'CLOUD_UNAVAILABLE'
  | 'OPEN_DATA_API_FAILED'
  | 'CLOUD_ID_MISSING'
  | 'TICKET_NOT_REFRESHABLE'
  | CallDataErrorCode
  | 'INVALID_OPTION'
  | 'CALL_FAILED'
  | 'OPEN_DATA_REJECTED'
  | 'HTTP_ERROR'
  | 'CALL_TIMEOUT'
  | 'REQUEST_TOO_LARGE'
  | 'PHONE_CODE_UNAVAILABLE';

/** What the cloud function side (`miniprogram-cloudid/server`) throws. */
export type ServerErrorCode = 'INVALID_OPTION' | 'NOT_IN_CLOUD_FUNCTION' | 'OPEN_DATA_EXCHANGE_FAILED' | 'EXCHANGE_TIMEOUT';

/** The failures to get an answer from the open-API service. */
export type OpenApiErrorCode =
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

/** What the Cloud Hosting side (`miniprogram-cloudid/container`) throws. */
export type ContainerErrorCode = 'INVALID_OPTION' | 'NOT_FROM_WECHAT_GATEWAY' | 'IDENTITY_HEADER_REPEATED' | OpenApiErrorCode;

/** What the testing kit (`miniprogram-cloudid/testing`) throws. */
export type TestingErrorCode = 'INVALID_OPTION' | 'MOCK_SETUP_INVALID';

/** What the checker (`miniprogram-cloudid/check`) throws. */
export type CheckErrorCode = 'SOURCE_SYNTAX_ERROR';

/**
 * What every error of the package has, whatever its code. Not used on its own: a
 * `CloudIdError` is this plus its code's fields.
 */
declare class CloudIdErrorBase extends Error {
  readonly name: 'CloudIdError';
  readonly code: CloudIdErrorCode;
}

/**
 * An error of this package: `code` says which failure, and the fields of that code
 * (`CloudIdErrorFields`) say the rest. `switch (error.code)` narrows to one code's fields.
 * `CloudIdError<'CALL_FAILED'>` is that one; the default is any code.
 */
export type CloudIdError<Code extends CloudIdErrorCode = CloudIdErrorCode> = Code extends CloudIdErrorCode
  ? CloudIdErrorBase & { readonly code: Code } & Readonly<CloudIdErrorFields[Code]>
  : never;

/** The one class of the package's errors: `instanceof CloudIdError` narrows like `isCloudIdError`. */
export interface CloudIdErrorConstructor {
  new <Code extends CloudIdErrorCode>(code: Code, message: string, fields: CloudIdErrorFields[Code]): CloudIdError<Code>;
  readonly prototype: CloudIdError;
}

export const CloudIdError = CloudIdErrorClass as unknown as CloudIdErrorConstructor;

/** The error for `code`: `message` names what is wrong and the fix, `fields` are the code's details. */
export function cloudIdError<Code extends CloudIdErrorCode>(code: Code, message: string, fields: CloudIdErrorFields[Code]): CloudIdError<Code> {
  return new CloudIdError(code, message, fields);
}

/** True for any error of this package, from any realm or copy of the package. Each entry exports it typed to the codes it throws. */
export function isCloudIdError(value: unknown): value is CloudIdError {
  try {
    return isObject(value) && (value as { [ERROR_MARK]?: unknown })[ERROR_MARK] === true;
  } catch {
    // A revoked Proxy throws on every read: no error of the package.
    return false;
  }
}

/** The error for call data with `issues`: their shared code, or `INVALID_CALL_DATA` when they are of several kinds. */
export function callDataError(issues: readonly CallDataIssue[], unlisted: number): CloudIdError<CallDataErrorCode> {
  let code: CallDataErrorCode = issues[0].code;
  for (let index = 1; index < issues.length; index++) if (issues[index].code !== code) code = 'INVALID_CALL_DATA';
  return cloudIdError(code, `call data cannot be sent:${issues.map((issue) => `\n  ${issue.path || 'data'}: ${issue.message}`).join('')}${unlisted ? `\n  and ${unlisted} more` : ''}`, {
    issues,
    unlisted,
  });
}

/** `option` has the wrong type or value: the message says what it must be, and (when given) what came. */
export function invalidOption(option: string, expected: string, got?: unknown): CloudIdError<'INVALID_OPTION'> {
  // `arguments`, not a rest parameter: `got` may be given as undefined, and an ES5 compile pads rest parameters.
  return cloudIdError(
    'INVALID_OPTION',
    `${option} must be ${expected}${arguments.length > 2 ? `, got ${typeof got === 'string' ? `'${got}'` : isObject(got) ? 'an object' : String(got)}` : ''}`,
    { option },
  );
}
