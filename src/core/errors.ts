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
  | 'CLOUD_ID_NESTED'
  | 'TOO_MANY_CLOUD_IDS'
  | 'TICKET_EXPIRED'
  | 'NOT_SENDABLE'
  | 'CALL_FAILED'
  | 'OPEN_DATA_REJECTED'
  | 'NOT_IN_CLOUD_FUNCTION'
  | 'OPEN_DATA_EXCHANGE_FAILED'
  | 'SOURCE_SYNTAX_ERROR';

/** The base of every error the package throws. Check with `isCloudIdError`, not `instanceof`. */
export class CloudIdError extends Error {
  readonly code: CloudIdErrorCode;

  constructor(code: CloudIdErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, ERROR_MARK, { value: true });
  }
}

/** True for any error of this package, from any realm or copy of the package. */
export function isCloudIdError(value: unknown): value is CloudIdError {
  return typeof value === 'object' && value !== null && (value as { [ERROR_MARK]?: unknown })[ERROR_MARK] === true;
}

/** The base library is older than a feature needs. */
export class BaseLibraryTooOldError extends CloudIdError {
  constructor(
    readonly feature: VersionGatedFeature,
    readonly required: string,
    readonly actual: string,
  ) {
    super('BASE_LIBRARY_TOO_OLD', `${feature} needs base library >= ${required}, but this is ${actual}. Raise the minimum base library in the mini program's settings, or check \`isBaseLibraryAtLeast\` first.`);
  }
}

/** Neither `wx.getAppBaseInfo` nor `wx.getSystemInfoSync` gave a base library version. */
export class BaseLibraryUnknownError extends CloudIdError {
  constructor() {
    super('BASE_LIBRARY_UNKNOWN', 'Cannot read the base library version: neither wx.getAppBaseInfo().SDKVersion nor wx.getSystemInfoSync().SDKVersion gave one.');
  }
}

/** `wx.cloud` is missing, or was used before `wx.cloud.init`. */
export class CloudUnavailableError extends CloudIdError {
  constructor(readonly reason: 'absent' | 'not-initialized') {
    super(
      'CLOUD_UNAVAILABLE',
      reason === 'absent'
        ? 'wx.cloud is not available: enable cloud development for the mini program (base library >= 2.2.3).'
        : 'wx.cloud is not initialised: call wx.cloud.init() in app.js before calling cloud functions.',
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
    super('OPEN_DATA_API_FAILED', `${api} failed: ${errMsg}`);
  }
}

/** The API succeeded but its result has no cloudID. */
export class CloudIdMissingError extends CloudIdError {
  constructor(
    readonly api: CloudIdApi,
    required: string,
  ) {
    super('CLOUD_ID_MISSING', `${api} returned no cloudID: enable cloud development for the mini program and require base library >= ${required}.`);
  }
}

/** `refresh()` on a ticket whose source needs a user's tap, or that came from a result or event. */
export class TicketNotRefreshableError extends CloudIdError {
  constructor(readonly api: CloudIdApi) {
    super('TICKET_NOT_REFRESHABLE', `A ${api} ticket cannot be refreshed by code: ask the user again (a tap) for a new one.`);
  }
}

/** What `inspectCallData` reports and `buildCallData` throws, one entry per problem. */
export interface CallDataIssue {
  code: CallDataIssueCode;
  /** Dotted path from the top of `data`: `obj.shareInfo`, `list[2].id`; `''` is `data` itself. */
  path: string;
  message: string;
}

export type CallDataIssueCode = 'nested-cloud-id' | 'too-many-cloud-ids' | 'expired-ticket' | 'not-sendable' | 'cycle';

const ISSUE_ERROR_CODE: Record<CallDataIssueCode, CloudIdErrorCode> = {
  'nested-cloud-id': 'CLOUD_ID_NESTED',
  'too-many-cloud-ids': 'TOO_MANY_CLOUD_IDS',
  'expired-ticket': 'TICKET_EXPIRED',
  'not-sendable': 'NOT_SENDABLE',
  cycle: 'NOT_SENDABLE',
};

/**
 * Call data that must not be sent. `issues` lists every problem; `code` names the kind
 * when all issues share one (`CLOUD_ID_NESTED`, `TOO_MANY_CLOUD_IDS`, `TICKET_EXPIRED`,
 * `NOT_SENDABLE`), and is `INVALID_CALL_DATA` when they are mixed.
 */
export class CallDataError extends CloudIdError {
  constructor(readonly issues: readonly CallDataIssue[]) {
    const codes = issues.map((issue) => ISSUE_ERROR_CODE[issue.code]);
    super(
      codes.every((code) => code === codes[0]) ? codes[0] : 'INVALID_CALL_DATA',
      `Call data cannot be sent:\n${issues.map((issue) => `  - ${issue.path || '(data)'}: ${issue.message}`).join('\n')}`,
    );
  }
}

/** `wx.cloud.callFunction` failed. */
export class CallFailedError extends CloudIdError {
  constructor(
    readonly functionName: string,
    readonly errMsg: string,
    readonly errCode?: number,
  ) {
    super('CALL_FAILED', `Cloud function "${functionName}" failed: ${errMsg}`);
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
      `Cloud function "${functionName}" rejected open data: ${failures.map((failure) => `${failure.key} (${failure.reason}: ${failure.errMsg})`).join('; ')}`,
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
