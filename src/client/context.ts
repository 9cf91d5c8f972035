import type { WxCloudLike, WxLike } from './wx';

/** Where the client finds `wx` and the time: the global ones, or the ones given to `createCloudId`. */
export interface ClientContext {
  wx(): WxLike;
  now(): number;
  /** A `wx.cloud.Cloud` instance that makes the CloudIDs and sends the calls instead of `wx.cloud` (resource sharing). */
  cloud?: WxCloudLike;
}

declare const wx: WxLike | undefined;

/** The global `wx`, looked up at call time (it may be installed after this module loads), and `Date.now`. */
export const defaultContext: ClientContext = {
  wx: () => (typeof wx !== 'undefined' ? wx : {}),
  now: () => Date.now(),
};
