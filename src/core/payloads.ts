import type { CloudIdApi } from './rules';

/**
 * The open data each API's cloudID turns into, as WeChat documents it (the JSON the
 * `encryptedData` of each API decrypts to). Only the watermark is checked at run time.
 */

/** WeChat's stamp on every piece of open data. */
export interface Watermark {
  /** The AppID of the mini program the data was issued to. */
  appid: string;
  /** When the data was issued, in seconds since the epoch. */
  timestamp: number;
}

/** One day of WeRun steps. */
export interface StepInfo {
  /** The start of the day, in seconds since the epoch. */
  timestamp: number;
  step: number;
}

/** `wx.getWeRunData`: the past 31 days of steps. */
export interface WeRunData {
  stepInfoList: StepInfo[];
  watermark: Watermark;
}

/** `wx.getShareInfo`: the group the shared card was opened from. */
export interface ShareInfo {
  /** The group's id, unique per mini program. */
  openGId: string;
  /** Not documented for this source: checked when present, its absence accepted (WATERMARK_DOCUMENTED_FOR). */
  watermark?: Watermark;
}

/** `wx.getGroupEnterInfo`: the chat the mini program was opened from. */
export interface GroupEnterInfo {
  /** The group's id, in a group chat. */
  opengid?: string;
  /** The chat's id, in a one-to-one chat (with `allowSingleChat`, base library 3.7.8). */
  open_single_roomid?: string;
  /** The user's id within this chat (with `needGroupOpenID`, base library 3.7.8). */
  group_openid?: string;
  /** 1: WeChat one-to-one, 2: WeCom one-to-one, 3: WeChat group, 4: WeCom group. */
  chat_type?: number;
  /** Not documented for this source: checked when present, its absence accepted (WATERMARK_DOCUMENTED_FOR). */
  watermark?: Watermark;
}

/** `wx.getChatToolInfo`: the same fields as `GroupEnterInfo`, for chat tool mode. */
export type ChatToolInfo = GroupEnterInfo;

/**
 * `wx.getUserInfo`, `wx.getUserProfile` and the `getUserInfo` button. WeChat no longer
 * fills gender, city, province and country (they arrive empty or 0), and for current
 * versions the profile itself is anonymous: `getUserInfo` for mini program versions
 * published after 2021-04-28, `getUserProfile` from base library 2.27.1 for versions
 * published after 2022-11-08. Only `openId` / `unionId` stay useful; for a real avatar and
 * nickname use the `chooseAvatar` button and the `type="nickname"` input (no cloudID).
 */
export interface UserInfo {
  /** "微信用户" for current versions (see above). */
  nickName: string;
  /** A grey default avatar for current versions; empty when the user has no avatar. */
  avatarUrl: string;
  gender?: 0 | 1 | 2;
  language?: string;
  city?: string;
  province?: string;
  country?: string;
  openId?: string;
  /** Present when the unionid conditions are met. */
  unionId?: string;
  watermark: Watermark;
}

/** The `getPhoneNumber` button. */
export interface PhoneNumber {
  /** The number the user bound; numbers outside mainland China carry their country code. */
  phoneNumber: string;
  /** Without the country code. */
  purePhoneNumber: string;
  /** The country code, e.g. `'86'`. */
  countryCode: string;
  watermark: Watermark;
}

/** Which payload each cloudID source yields: what `withOpenData`'s `keys` map to. */
export interface OpenDataByApi {
  getWeRunData: WeRunData;
  getShareInfo: ShareInfo;
  getGroupEnterInfo: GroupEnterInfo;
  getUserInfo: UserInfo;
  getUserProfile: UserInfo;
  getChatToolInfo: ChatToolInfo;
  getPhoneNumber: PhoneNumber;
}

/** The payload of one source; a compile error here means a source has no payload type yet. */
export type OpenDataOf<Api extends CloudIdApi> = OpenDataByApi[Api];
