/**
 * The slice of wx-server-sdk's `cloud` this entry uses. The package does not depend on
 * wx-server-sdk: pass the `cloud` you already `require('wx-server-sdk')`d and `init()`ed.
 */
export interface CloudLike {
  /** wx-server-sdk reads the caller's context from the environment; `{}` outside `exports.main`. */
  getWXContext(): unknown;
  /**
   * Exchanges cloudID strings for open data. wx-server-sdk's typing says it returns the
   * result directly, but it returns a Promise: both are accepted.
   */
  getOpenData?(options: { list: string[]; appid?: string }): unknown;
  /**
   * WeChat's server APIs as cloud calls. `exchangePhoneCode` calls
   * `openapi.phonenumber.getPhoneNumber`, which resolves `{ phoneInfo, errCode: 0, errMsg }`
   * and rejects with WeChat's `errCode` (wx-server-sdk 4.0.2); in a cross-account call
   * `openapi({ appid: FROM_APPID }).phonenumber.getPhoneNumber`, the same call made as the
   * calling mini program (wx-server-sdk 2.3.0+, where `openapi` is also a function).
   */
  openapi?: CloudOpenApi | (CloudOpenApi & ((options: { appid: string }) => CloudOpenApi | undefined));
}

/** The cloud calls `exchangePhoneCode` makes. */
export interface CloudOpenApi {
  phonenumber?: { getPhoneNumber?(options: { code: string; openid?: string }): unknown };
}

/** One entry of `getOpenData`'s `list`: open data, or why the cloudID gave none. */
export type GetOpenDataItem = { cloudID: string; data: object } | { cloudID: string; errCode: number; errMsg: string };

/** What `cloud.getOpenData({ list })` resolves to. */
export interface GetOpenDataResult {
  list: GetOpenDataItem[];
  errMsg?: string;
  errCode?: number;
}
