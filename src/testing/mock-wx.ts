import { APP_BASE_INFO_SINCE, CDN_SINCE, CLOUD_ID_IN_RESULT_SINCE, MIN_BASE_LIBRARY, OPEN_DATA_API_SINCE, PHONE_NUMBER_CODE_SINCE, PHONE_CODE_NO_QUOTA_ERRNO, REALTIME_PHONE_NUMBER_SINCE, type CloudIdApi } from '../core/rules';
import { compareVersion } from '../core/version';
import { deliver, settle, type ApiCallbacks, type WithCallback } from './callbacks';
import { toMockClock, type MockClock } from './clock';
import { serverSdkOf, type MockCloud } from './mock-cloud';
import { openDataFor, resultFields, type MockOpenData } from './open-data';
import { API_NAMES, checkApi, checkFailure, checkOpenData, settingsFrom, type ApiFailure, type MockWxOptions } from './options';
import { attachPlatform, createPlatform, issueCloudId, issuePhoneCode, platformOf, programOf, registerFunctionConfigs, registerFunctions, watermarkOf, type IssuedCloudId, type IssuedPhoneCode, type MockCall, type PhoneButton, type PhoneNumber, type Platform } from './platform';
import { createWxCloud, type MockWxCloud, type TrimToBaseLibrary } from './wx-cloud';
import { closeContainers, containerCallsOf, registerContainers, type MockContainerCall } from './call-container';
import { invalidKitOption, mockSetupInvalid } from './errors';

/** An open-data API's success result (user info APIs add `userInfo`, `rawData`, `signature`). */
export interface OpenDataResult {
  errMsg: string;
  encryptedData?: string;
  iv?: string;
  /**
   * Typed as always there, as miniprogram-api-typings types it. At run time it is absent
   * below the base library that added it, without cloud development, and with
   * `withCredentials: false`: the cases a page must handle.
   */
  cloudID: string;
  userInfo?: Record<string, unknown>;
  rawData?: string;
  signature?: string;
}

/** The options an open-data API takes: its callbacks and its own fields (`shareTicket`, `desc`, ...). */
export type OpenDataApiOptions = ApiCallbacks<OpenDataResult, ApiFailure> & Record<string, unknown>;

/** An open-data API: callbacks, or a Promise when no callback is given. */
export interface OpenDataApi {
  (options: OpenDataApiOptions & WithCallback<OpenDataResult, ApiFailure>): undefined;
  (options?: OpenDataApiOptions): Promise<OpenDataResult>;
}

/** `wx.getGroupEnterInfo`: callbacks only, no Promise form. */
export type CallbackOnlyOpenDataApi = (options: OpenDataApiOptions & WithCallback<OpenDataResult, ApiFailure>) => undefined;

/** A button event's target, as the framework builds it. */
export interface ButtonEventTarget {
  id: string;
  dataset: Record<string, unknown>;
}

/** A button's open-data event (`bindgetphonenumber`, `bindgetuserinfo`). */
export interface ButtonEvent<Detail> {
  type: string;
  /** Milliseconds since the mock was made, by the platform clock. */
  timeStamp: number;
  target: ButtonEventTarget;
  currentTarget: ButtonEventTarget;
  mark: Record<string, unknown>;
  detail: Detail;
}

/** `e.detail` of the getPhoneNumber button. */
export interface PhoneNumberDetail extends Partial<ApiFailure> {
  errMsg: string;
  encryptedData?: string;
  iv?: string;
  cloudID?: string;
  /** The phone number token (base library 2.21.2+). */
  code?: string;
}

/** `e.detail` of the getRealtimePhoneNumber button (2.24.4+): a code, never a cloudID. */
export interface RealtimePhoneNumberDetail extends Partial<ApiFailure> {
  errMsg: string;
  code?: string;
}

export interface TapOptions {
  /** The user refuses: the event carries the platform's deny errMsg. */
  deny?: boolean;
}

/**
 * The mock `wx`: the platform's APIs plus the kit's helpers. Its type lists what the default
 * mock has, as miniprogram-api-typings lists what `wx` has: an API is absent at run time
 * below the base library that added it (`baseLibrary`), and `cloud` with `cloud: 'absent'`.
 */
export interface MockWx {
  getWeRunData: OpenDataApi;
  getShareInfo: OpenDataApi;
  getGroupEnterInfo: CallbackOnlyOpenDataApi;
  getUserInfo: OpenDataApi;
  getUserProfile: OpenDataApi;
  getChatToolInfo: OpenDataApi;
  /** Base library 2.20.1+. */
  getAppBaseInfo(): { SDKVersion: string; [field: string]: unknown };
  getSystemInfoSync(): { SDKVersion: string; [field: string]: unknown };
  /** Base library 2.2.3+; absent with `cloud: 'absent'`. */
  cloud: MockWxCloud;

  /** The platform clock; cloudIDs expire by it. */
  readonly clock: MockClock;
  /** Every cloud function call that reached the platform, oldest first. */
  readonly calls: MockCall[];
  /** Every `wx.cloud.callContainer` request that reached the gateway, oldest first. */
  readonly containerCalls: MockContainerCall[];
  /** Stops the HTTP servers the kit started for `containers` (call it in afterAll); an http.Server given already listening is left to you. */
  closeContainers(): Promise<void>;
  /** Every cloudID the platform issued, oldest first. */
  readonly issuedCloudIds: readonly IssuedCloudId[];
  /** Every phone number code the platform issued, oldest first (`redeemedAt` set once used). */
  readonly issuedPhoneCodes: readonly IssuedPhoneCode[];
  /** A fake wx-server-sdk bound to this platform, also outside calls (e.g. to pass as `cloud`). */
  readonly serverSdk: MockCloud;
  /** The event a getPhoneNumber button fires when tapped now. */
  tapGetPhoneNumber(options?: TapOptions): ButtonEvent<PhoneNumberDetail>;
  /** The event a getRealtimePhoneNumber button fires when tapped now (throws below base library 2.24.4, which has no such button). */
  tapGetRealtimePhoneNumber(options?: TapOptions): ButtonEvent<RealtimePhoneNumberDetail>;
  /** The event a getUserInfo button fires when tapped now. */
  tapGetUserInfo(options?: TapOptions): ButtonEvent<Partial<OpenDataResult> & Partial<ApiFailure> & { errMsg: string }>;
  /** Mints a cloudID for `api` now, for this user or another (`openid`), with this mock's open data or `data`. */
  issueCloudId(api: CloudIdApi, options?: { openid?: string; data?: object }): string;
  /** Mints a phone number code now, bound to this mini program and this user (or `openid`), for this mock's phone number or `phoneNumber`; no quota is used. */
  issuePhoneCode(options?: { openid?: string; phoneNumber?: Partial<PhoneNumber>; api?: PhoneButton }): string;
  /** Changes what `api` hands out from now on (`undefined`: back to the defaults). */
  setOpenData<Api extends CloudIdApi>(api: Api, data: MockOpenData[Api] | undefined): void;
  /** Makes `api` fail from now on (`undefined`: succeed again). */
  setFailure(api: CloudIdApi, failure: ApiFailure | undefined): void;
}

type CallableApi = Exclude<CloudIdApi, 'getPhoneNumber'>;
/** The APIs a page calls (getPhoneNumber is a button). */
const CALLABLE_APIS = API_NAMES.filter((api): api is CallableApi => api !== 'getPhoneNumber');
/** The members a base library (or `cloud: 'absent'`) may lack. */
type ByBaseLibrary = CallableApi | 'getAppBaseInfo' | 'cloud';
/** The members of wx the kit models; a mock lacking one (too old a base library) must not show another wx's copy. */
export const MODELLED_WX_MEMBERS: readonly string[] = [...CALLABLE_APIS, 'getAppBaseInfo', 'getSystemInfoSync', 'cloud'];
/** What each API insists on, worded as the platform's parameter check words it. */
const REQUIRED_STRING: Partial<Record<CloudIdApi, string>> = { getShareInfo: 'shareTicket', getUserProfile: 'desc' };
/** `wx.getGroupEnterInfo` has no Promise form. */
const CALLBACK_ONLY: readonly CloudIdApi[] = ['getGroupEnterInfo'];
const DENY_MESSAGE = { getPhoneNumber: 'getPhoneNumber:fail user deny', getRealtimePhoneNumber: 'getRealtimePhoneNumber:fail user deny', getUserInfo: 'getUserInfo:fail auth deny' };
/** The errMsg beside errno 1400001: WeChat documents the errno only, so this text is the kit's. */
const NO_QUOTA_MESSAGE = (api: PhoneButton) => `${api}:fail no quota`;

const capitalisedType = (value: unknown) => Object.prototype.toString.call(value).slice(8, -1);

/**
 * A mock `wx` acting as the given base library, with `wx.cloud` doing what the platform
 * does: top-level CloudIDs replaced, nested ones sent as bare ids, at most five, expiry
 * by the platform clock, the caller's context in process.env while a function runs.
 */
export function createMockWx(options: MockWxOptions = {}): MockWx {
  const settings = settingsFrom(options);
  const { baseLibrary, appid, openid, unionid, openData, failures } = settings;
  const platform: Platform = options.platform ? (platformOf(options.platform) as Platform) : createPlatform(toMockClock(options.clock, 'createMockWx: options.clock'), appid, options.functionTimeLimitMs);
  registerFunctions(platform, appid, options.functions, 'createMockWx: options.functions');
  registerContainers(platform, appid, options.containers, 'createMockWx: options.containers');
  registerFunctionConfigs(platform, appid, options.functionConfigs, 'createMockWx: options.functionConfigs');
  if (options.phoneQuota) Object.assign(platform.phoneQuota, options.phoneQuota);
  const { clock } = platform;
  const createdAt = clock.now();

  const atLeast = (version: string) => compareVersion(baseLibrary, version) >= 0;
  const hasCloud = settings.cloud !== 'absent' && atLeast(MIN_BASE_LIBRARY.cloud);
  /** cloudIDs need cloud development enabled for the mini program. */
  const cloudEnabled = hasCloud && settings.cloud !== 'disabled';

  /** Hands out `api`'s open data now: a cloudID when this base library and cloud allow it, and the result fields. */
  const handOut = (api: CloudIdApi, withCredentials = true): OpenDataResult => {
    const data = openDataFor(api, { openid, unionid, now: clock.now() }, openData[api]);
    const issuesId = withCredentials && cloudEnabled && atLeast(CLOUD_ID_IN_RESULT_SINCE[api]);
    const issued = issuesId ? issueCloudId(platform, { api, data, openid, appid }) : undefined;
    const fields = resultFields(api, data, watermarkOf(issued || { appid, issuedAt: clock.now() }), withCredentials);
    // Without an issued id the result has no cloudID, whatever the type says (see OpenDataResult).
    return { errMsg: `${api}:ok`, ...fields, ...(issued ? { cloudID: issued.cloudID } : {}) } as OpenDataResult;
  };

  const openDataApi = (api: CallableApi) =>
    ((apiOptions: OpenDataApiOptions = {}) =>
      deliver(
        apiOptions,
        settle(() => {
          const failure = failures[api];
          if (failure) throw { ...failure };
          const required = REQUIRED_STRING[api];
          if (required && typeof apiOptions[required] !== 'string') {
            throw { errMsg: `${api}:fail parameter error: parameter.${required} should be String instead of ${capitalisedType(apiOptions[required])};` };
          }
          return handOut(api, apiOptions.withCredentials !== false);
        }),
        CALLBACK_ONLY.indexOf(api) < 0,
      )) as OpenDataApi & CallbackOnlyOpenDataApi;

  const buttonEvent = <Detail>(type: string, detail: Detail): ButtonEvent<Detail> => ({
    type,
    timeStamp: clock.now() - createdAt,
    target: { id: '', dataset: {} },
    currentTarget: { id: '', dataset: {} },
    mark: {},
    detail,
  });

  const refusal = (api: 'getPhoneNumber' | 'getUserInfo', tap: TapOptions): ApiFailure | undefined => (tap.deny ? { errMsg: DENY_MESSAGE[api] } : failures[api] && { ...failures[api] });

  const phoneNumberOf = (owner: string, given?: Partial<PhoneNumber>) => openDataFor('getPhoneNumber', { openid: owner, now: clock.now() }, given || openData.getPhoneNumber) as PhoneNumber;

  /** A code for a tap on `api`'s button, using one of the quota; undefined when the quota is used up. */
  const codeForTap = (api: PhoneButton): string | undefined => {
    const left = platform.phoneQuota[api];
    if (left !== undefined) {
      if (left <= 0) return undefined;
      platform.phoneQuota[api] = left - 1;
    }
    return issuePhoneCode(platform, { api, phoneNumber: phoneNumberOf(openid), openid, appid }).code;
  };
  const noQuota = (api: PhoneButton): ApiFailure => ({ errMsg: NO_QUOTA_MESSAGE(api), errno: PHONE_CODE_NO_QUOTA_ERRNO });

  // The APIs this base library has are added below.
  const wx: Omit<MockWx, ByBaseLibrary> & Partial<Pick<MockWx, ByBaseLibrary>> = {
    getSystemInfoSync: () => ({ SDKVersion: baseLibrary, platform: 'devtools', language: 'zh_CN' }),
    clock,
    calls: platform.calls,
    issuedCloudIds: platform.issued,
    containerCalls: containerCallsOf(platform),
    closeContainers: () => closeContainers(platform),
    get issuedPhoneCodes() {
      return Array.from(platform.phoneCodes.values());
    },
    get serverSdk() {
      return serverSdkOf(platform);
    },
    tapGetPhoneNumber(tap = {}) {
      const failure = refusal('getPhoneNumber', tap);
      if (failure) return buttonEvent('getphonenumber', failure);
      if (!atLeast(PHONE_NUMBER_CODE_SINCE)) return buttonEvent('getphonenumber', handOut('getPhoneNumber'));
      const code = codeForTap('getPhoneNumber');
      if (code === undefined) return buttonEvent('getphonenumber', noQuota('getPhoneNumber'));
      return buttonEvent('getphonenumber', { ...handOut('getPhoneNumber'), code });
    },
    tapGetRealtimePhoneNumber(tap = {}) {
      const api = 'getRealtimePhoneNumber';
      if (!atLeast(REALTIME_PHONE_NUMBER_SINCE)) throw mockSetupInvalid(`tapGetRealtimePhoneNumber: base library ${baseLibrary} has no getRealtimePhoneNumber button (${REALTIME_PHONE_NUMBER_SINCE}+): a tap fires no event.`);
      if (tap.deny) return buttonEvent('getrealtimephonenumber', { errMsg: DENY_MESSAGE[api] });
      const code = codeForTap(api);
      if (code === undefined) return buttonEvent('getrealtimephonenumber', noQuota(api));
      return buttonEvent('getrealtimephonenumber', { errMsg: `${api}:ok`, code });
    },
    tapGetUserInfo(tap = {}) {
      const failure = refusal('getUserInfo', tap);
      return buttonEvent('getuserinfo', failure || handOut('getUserInfo'));
    },
    issueCloudId(api, issue = {}) {
      checkApi(api, 'issueCloudId(api)');
      const owner = issue.openid === undefined ? openid : issue.openid;
      if (typeof owner !== 'string' || owner === '') throw invalidKitOption('openid', 'issueCloudId(api, { openid }): openid must be a non-empty string.');
      const data = openDataFor(api, { openid: owner, unionid: owner === openid ? unionid : undefined, now: clock.now() }, issue.data || openData[api]);
      return issueCloudId(platform, { api, data, openid: owner, appid }).cloudID;
    },
    issuePhoneCode(issue = {}) {
      const owner = issue.openid === undefined ? openid : issue.openid;
      if (typeof owner !== 'string' || owner === '') throw invalidKitOption('openid', 'issuePhoneCode({ openid }): openid must be a non-empty string.');
      if (issue.phoneNumber !== undefined) checkOpenData(issue.phoneNumber, 'issuePhoneCode({ phoneNumber })');
      const api = issue.api === undefined ? 'getPhoneNumber' : issue.api;
      if (api !== 'getPhoneNumber' && api !== 'getRealtimePhoneNumber') throw invalidKitOption('api', `issuePhoneCode({ api }): api must be 'getPhoneNumber' or 'getRealtimePhoneNumber', got ${String(api)}.`);
      return issuePhoneCode(platform, { api, phoneNumber: phoneNumberOf(owner, issue.phoneNumber && { ...openData.getPhoneNumber, ...issue.phoneNumber }), openid: owner, appid }).code;
    },
    setOpenData(api, data) {
      checkApi(api, 'setOpenData(api)');
      if (data !== undefined) checkOpenData(data, `setOpenData(${api}, data): data`);
      openData[api] = data;
    },
    setFailure(api, failure) {
      checkApi(api, 'setFailure(api)');
      if (failure !== undefined) checkFailure(failure, `setFailure(${api}, failure): failure`);
      failures[api] = failure;
    },
  };
  if (atLeast(APP_BASE_INFO_SINCE)) wx.getAppBaseInfo = () => ({ SDKVersion: baseLibrary, language: 'zh_CN', theme: 'light' });
  for (const api of CALLABLE_APIS) if (atLeast(OPEN_DATA_API_SINCE[api])) wx[api] = openDataApi(api);
  if (hasCloud) {
    // The mini program's own environment: what its wx.cloud reaches, and what instances of other accounts can name.
    if (cloudEnabled) programOf(platform, appid).environments.add(settings.env);
    const trim: TrimToBaseLibrary = (calls) => {
      if (!atLeast(MIN_BASE_LIBRARY.CloudID)) delete calls.CloudID;
      if (!atLeast(MIN_BASE_LIBRARY.callContainer)) delete calls.callContainer;
      if (!atLeast(CDN_SINCE)) delete calls.CDN;
    };
    const cloud = createWxCloud(platform, settings, { initialised: settings.cloud !== 'not-initialized', enabled: cloudEnabled, env: settings.env, owner: appid }, trim);
    if (!atLeast(MIN_BASE_LIBRARY.Cloud)) delete (cloud as Partial<MockWxCloud>).Cloud;
    wx.cloud = cloud;
  }
  attachPlatform(wx, platform);
  return wx as MockWx;
}
