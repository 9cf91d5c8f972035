// A PhoneCode at the top level compiles and does not count toward the CloudID limit;
// wx.cloud.CDN values are platform values, fine at any depth.
import { buildCallData, callFunction, cloudID, type PhoneCode } from 'miniprogram-cloudid';

declare const phone: PhoneCode;

export function send() {
  buildCallData({ phone, page: 'profile' });
  buildCallData({ a: cloudID('a'), b: cloudID('b'), c: cloudID('c'), d: cloudID('d'), e: cloudID('e'), phone });
  buildCallData({ avatar: wx.cloud.CDN('avatar.png'), files: [wx.cloud.CDN({ type: 'filePath', filePath: 'a.png' })], deep: { file: new wx.cloud.CDN('b.png') } });
  return callFunction({ name: 'bind', data: { phone, avatar: wx.cloud.CDN('c.png') } });
}
