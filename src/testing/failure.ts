import { WX_ERROR_DESCRIPTION } from '../core/rules';

/** What a failed platform call rejects with (and hands to `fail`): an Error with `errCode` and `errMsg`. */
export interface PlatformError extends Error {
  errCode: number;
  errMsg: string;
}

/** An Error like the ones wx.cloud and wx-server-sdk fail with; `message` is `errMsg`. */
export function platformError(errCode: number, errMsg: string): PlatformError {
  return Object.assign(new Error(errMsg), { errCode, errMsg });
}

/**
 * The errMsg of a failure with a code, worded as WeChat's SDKs word it:
 * `cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: Error: boom`.
 */
export function codedFailure(api: string, errCode: number, detail: string): PlatformError {
  const description = WX_ERROR_DESCRIPTION[errCode] || '';
  return platformError(errCode, `${api}:fail Error: errCode: ${errCode} ${description} | errMsg: ${detail}`);
}

/** How a thrown value reads in an errMsg: `Error: message` for errors, the value otherwise (`[object Object]` when it cannot be read). */
export function describeThrown(thrown: unknown): string {
  // Reading what was thrown runs its code (getters, toString): that must not fail the report.
  try {
    const error = thrown as Partial<Error> | null;
    if (typeof error === 'object' && error !== null && typeof error.message === 'string') return `${error.name || 'Error'}: ${error.message}`;
    return String(thrown);
  } catch {
    return Object.prototype.toString.call(thrown);
  }
}
