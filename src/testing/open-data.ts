import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { WERUN_DAYS, type CloudIdApi } from '../core/rules';

/** One day of WeRun steps; `timestamp` is the day's start in seconds. */
export interface StepInfo {
  timestamp: number;
  step: number;
}

/** The JSON each API's encryptedData (and cloudID) stands for, without the watermark. */
export interface OpenDataByApi {
  getWeRunData: { stepInfoList: StepInfo[] };
  getShareInfo: { openGId: string };
  getGroupEnterInfo: GroupOpenData;
  getChatToolInfo: GroupOpenData;
  getUserInfo: UserOpenData;
  getUserProfile: UserOpenData;
  getPhoneNumber: { phoneNumber: string; purePhoneNumber: string; countryCode: string };
}

/** `getGroupEnterInfo` / `getChatToolInfo` open data. */
export interface GroupOpenData {
  opengid?: string;
  open_single_roomid?: string;
  group_openid?: string;
  chat_type?: number;
}

/** The user's profile as open data; `openId`/`unionId` default to the receiving user's. */
export interface UserOpenData {
  nickName: string;
  avatarUrl: string;
  gender: 0 | 1 | 2;
  language: string;
  city: string;
  province: string;
  country: string;
  openId?: string;
  unionId?: string;
}

/** Open data to hand out instead of the defaults, per API; shallow-merged over the defaults. */
export type MockOpenData = { [Api in CloudIdApi]?: Partial<OpenDataByApi[Api]> };

/** WeChat's stamp on open data: the app it was issued to and when (seconds). */
export interface Watermark {
  appid: string;
  timestamp: number;
}

/** WeRun days start at midnight China time (UTC+8). */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_OPEN_GID = 'tGmockOpenGroupId0000000001';
/** The grey avatar WeChat gives users who have not set one, at 132 px. */
const DEFAULT_AVATAR = 'https://thirdwx.qlogo.cn/mmopen/vi_32/mock-default-avatar/132';
const USER_INFO_FIELDS = ['nickName', 'avatarUrl', 'gender', 'language', 'city', 'province', 'country'] as const;

/** Who receives open data, and when: defaults depend on both. */
export interface Recipient {
  openid: string;
  unionid?: string;
  now: number;
}

/** The past 31 days of steps ending today (by `now`), oldest first; a fixed, varied pattern. */
function defaultSteps(now: number): StepInfo[] {
  const todayStart = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const list: StepInfo[] = [];
  for (let day = 0; day < WERUN_DAYS; day++) {
    list.push({ timestamp: (todayStart - (WERUN_DAYS - 1 - day) * DAY_MS) / 1000, step: 3000 + ((day * 7919) % 9000) });
  }
  return list;
}

function defaultOpenData(api: CloudIdApi, recipient: Recipient): object {
  switch (api) {
    case 'getWeRunData':
      return { stepInfoList: defaultSteps(recipient.now) };
    case 'getShareInfo':
      return { openGId: DEFAULT_OPEN_GID };
    case 'getGroupEnterInfo':
    case 'getChatToolInfo':
      return { opengid: DEFAULT_OPEN_GID, group_openid: `g${recipient.openid}`, chat_type: 3 };
    case 'getUserInfo':
    case 'getUserProfile':
      // Since 2022 WeChat gives an anonymous profile: the "WeChat user" nickname, no region.
      return { nickName: '微信用户', avatarUrl: DEFAULT_AVATAR, gender: 0, language: 'zh_CN', city: '', province: '', country: '', openId: recipient.openid, ...(recipient.unionid ? { unionId: recipient.unionid } : {}) };
    case 'getPhoneNumber':
      return { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' };
  }
}

/** The open data `api` hands to `recipient`: the defaults with `given` merged over them, as a fresh copy. */
export function openDataFor(api: CloudIdApi, recipient: Recipient, given: object | undefined): object {
  return JSON.parse(JSON.stringify({ ...defaultOpenData(api, recipient), ...given }));
}

const base64 = (text: string, algorithm?: string) => (algorithm ? createHash(algorithm).update(text).digest('base64') : Buffer.from(text).toString('base64'));

/**
 * The fields an open-data API's success result carries besides errMsg and cloudID.
 * `encryptedData` is not ciphertext: it is the base64 of the open data's JSON (with its
 * watermark), so a test can look inside; `iv` and `signature` are derived from it.
 */
export function resultFields(api: CloudIdApi, data: object, watermark: Watermark, withCredentials: boolean): Record<string, unknown> {
  const encryptedData = base64(JSON.stringify({ ...data, watermark }));
  const sensitive = withCredentials ? { encryptedData, iv: base64(encryptedData, 'md5') } : {};
  if (api !== 'getUserInfo' && api !== 'getUserProfile') return sensitive;
  const userInfo: Record<string, unknown> = {};
  for (const field of USER_INFO_FIELDS) userInfo[field] = (data as Record<string, unknown>)[field];
  const rawData = JSON.stringify(userInfo);
  return { userInfo, rawData, signature: createHash('sha1').update(rawData + encryptedData).digest('hex'), ...sensitive };
}
