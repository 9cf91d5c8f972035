import type { CallerIdentity } from '../core/source';
import type { WxUser } from './options';

/**
 * Who the platform tells a backend is calling, when a user of `user.appid` reaches an
 * environment of the mini program `owner`: in its own environment the user's OPENID, APPID
 * and UNIONID; in another account's (resource sharing) FROM_OPENID, FROM_APPID and
 * FROM_UNIONID, and no OPENID. WeChat documents the FROM_* fields and the missing OPENID
 * (the getWXContext reference, Cloud Hosting's 容器内变量信息); that APPID then names the
 * environment's owner is the kit's reading: WeChat calls it "小程序 AppID" only.
 */
export function callerIdentity(user: WxUser, owner: string): CallerIdentity {
  if (owner === user.appid) return { OPENID: user.openid, APPID: user.appid, UNIONID: user.unionid };
  return { APPID: owner, FROM_OPENID: user.openid, FROM_APPID: user.appid, FROM_UNIONID: user.unionid };
}
