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
