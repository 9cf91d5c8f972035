import type { CallData, CheckedData, UninferredData } from '../core/call-data-types';
import { invalidOption } from '../core/errors';
import type { VersionGatedFeature } from '../core/rules';
import { inspectCallDataIn, buildCallDataIn, type CallDataOptions, type CallDataReport } from './call-data';
import { callContainerIn, type CallContainerParams } from './call-container';
import { callFunctionIn, type CallFunctionParams } from './call-function';
import { defaultContext, type ClientContext } from './context';
import type { PhoneCode } from './phone-code';
import {
  phoneCodeFromEventIn,
  requestTicket,
  ticketFromEventIn,
  ticketFromResultIn,
  type OpenDataButtonDetail,
  type OpenDataButtonEvent,
  type PhoneNumberButtonDetail,
} from './sources';
import type { CloudIdTicket } from './ticket';
import { assertBaseLibrary, baseLibraryVersion, isBaseLibraryAtLeast } from './version';
import type { CallContainerResult, CallFunctionResult, WxCloudLike, WxLike } from './wx';

/** An open-data API's success result: `cloudID` beside `encryptedData` and `iv`. */
export interface OpenDataRawResult {
  errMsg: string;
  cloudID: string;
  encryptedData?: string;
  iv?: string;
  [field: string]: unknown;
}

/** Options of a source: the API's own besides its callbacks (passed through unchanged), and `timeout`. */
export interface SourceOptions {
  /**
   * Milliseconds to wait for the API to call back before failing with `OPEN_DATA_API_FAILED`
   * (default `DEFAULT_CALL_TIMEOUT_MS`, 60 000). Passed on to the API too.
   */
  timeout?: number;
  [option: string]: unknown;
}

/** The client API, bound to one `wx` and one clock. */
export interface CloudIdClient {
  /** The running base library version; throws `BASE_LIBRARY_UNKNOWN` when none can be read. */
  baseLibraryVersion(): string;
  /** True when the running base library supports `feature`. */
  isBaseLibraryAtLeast(feature: VersionGatedFeature): boolean;
  /** Throws `BASE_LIBRARY_TOO_OLD` unless the running base library supports `feature`. */
  assertBaseLibrary(feature: VersionGatedFeature): void;

  /** `wx.getWeRunData`: WeRun steps of the past 31 days. */
  getWeRunData(options?: SourceOptions): Promise<CloudIdTicket<'getWeRunData', OpenDataRawResult>>;
  /** `wx.getShareInfo` for the `shareTicket` of a share card or group chat. */
  getShareInfo(options: { shareTicket: string } & SourceOptions): Promise<CloudIdTicket<'getShareInfo', OpenDataRawResult>>;
  /**
   * `wx.getGroupEnterInfo` (callback-only on the platform; a Promise here). It needs 2.10.4
   * for group tools, 2.17.3 for chat message cards and group to-dos, 3.7.8 for one-to-one
   * chats: gate on what the page uses, e.g. `assertBaseLibrary('getGroupEnterInfoInMessageCard')`.
   */
  getGroupEnterInfo(options?: SourceOptions): Promise<CloudIdTicket<'getGroupEnterInfo', OpenDataRawResult>>;
  /**
   * `wx.getUserInfo`. For mini program versions published after 2021-04-28 its profile is
   * anonymous ("微信用户", a grey avatar): only the openId / unionId in its cloudID stay
   * useful. For a real avatar and nickname use the avatar and nickname fill-in
   * (`<button open-type="chooseAvatar">`, `<input type="nickname">`), which involves no cloudID.
   */
  getUserInfo(options?: SourceOptions): Promise<CloudIdTicket<'getUserInfo', OpenDataRawResult>>;
  /**
   * `wx.getUserProfile`: call it from a tap handler; its ticket cannot be refreshed by code.
   * Withdrawn: from base library 2.27.1, versions published after 2022-11-08 get an anonymous
   * profile ("微信用户", a grey avatar). Use the avatar and nickname fill-in instead
   * (`<button open-type="chooseAvatar">`, `<input type="nickname">`), which involves no cloudID.
   */
  getUserProfile(options: { desc: string } & SourceOptions): Promise<CloudIdTicket<'getUserProfile', OpenDataRawResult>>;
  /** `wx.getChatToolInfo`. */
  getChatToolInfo(options?: SourceOptions): Promise<CloudIdTicket<'getChatToolInfo', OpenDataRawResult>>;
  /**
   * The phone code in a `getphonenumber` / `getrealtimephonenumber` button event
   * (`e.detail.code`): WeChat's recommended phone flow. Put it at the top level of call data;
   * it is sent once, as its code string. Throws `PHONE_CODE_UNAVAILABLE` saying why there is none.
   */
  phoneCodeFromEvent(event: OpenDataButtonEvent<PhoneNumberButtonDetail>): PhoneCode;
  /** The ticket in a `getPhoneNumber` / `getUserInfo` button event (`e.detail.cloudID`); for phone numbers prefer `phoneCodeFromEvent`. */
  ticketFromEvent<Detail extends OpenDataButtonDetail>(event: OpenDataButtonEvent<Detail>): CloudIdTicket<'getPhoneNumber' | 'getUserInfo', Detail>;
  /** A ticket for an open-data result the page obtained itself. */
  ticketFromResult<Api extends VersionGatedFeature & CloudIdTicket['api'], Raw>(api: Api, result: Raw): CloudIdTicket<Api, Raw>;

  /** Reports every problem with `data` without throwing. */
  inspectCallData(data: unknown, options?: CallDataOptions): CallDataReport;
  /** The object to send: tickets and references at the top level become `wx.cloud.CloudID`. */
  buildCallData<Data extends object>(data: CallData<Data>, options?: CallDataOptions): Record<string, unknown>;
  /**
   * Validates, refreshes stale tickets, calls the cloud function and recovers from expiry in
   * flight once. `Result` types what the function returns (`callFunction<Steps>(...)`, or
   * annotate what it resolves with, which TypeScript and checked JavaScript infer it from).
   */
  callFunction<Result = unknown, Data extends object = UninferredData>(params: Omit<CallFunctionParams<Data>, 'data'> & { data?: CheckedData<Data> }): Promise<CallFunctionResult<Result>>;
  /**
   * The same pipeline for a Cloud Hosting service (base library 2.23.0): tickets at the top
   * level are sent as their cloudID strings for the container to exchange; the JSON body is
   * checked against the 100 KB limit first; resolves with the response, whatever its status.
   * `Result` types the response body, as for `callFunction`.
   */
  callContainer<Result = unknown, Data extends object = UninferredData>(params: Omit<CallContainerParams<Data>, 'data'> & { data?: CheckedData<Data> }): Promise<CallContainerResult<Result>>;
}

export interface CreateCloudIdOptions {
  /** The `wx` to use (default: the global `wx`, looked up at each call). */
  wx?: WxLike;
  /** The clock, in ms since the epoch (default: `Date.now`). */
  now?: () => number;
  /**
   * A `wx.cloud.Cloud` instance, after `await cloud.init()` (base library 2.13.0): CloudIDs
   * are made and `callFunction` / `callContainer` sent (refreshes and retries too) through
   * it instead of `wx.cloud`. For another account's shared environment:
   * `new wx.cloud.Cloud({ resourceAppid, resourceEnv })`. Default: `wx.cloud`.
   */
  cloud?: WxCloudLike;
}

/** The whole client API bound to a given `wx`, clock and cloud instance: for tests, plugins, shared or several environments. */
export function createCloudId(options?: CreateCloudIdOptions): CloudIdClient {
  const wx = options && options.wx;
  const cloud = options && options.cloud;
  const context: ClientContext = { wx: wx ? () => wx : defaultContext.wx, now: (options && options.now) || defaultContext.now, cloud };
  if (cloud !== undefined) {
    // What init() returns (a Promise), or the instance's options, has no callFunction.
    if (!cloud || typeof cloud.callFunction !== 'function') throw invalidOption('cloud', 'a wx.cloud.Cloud after await init()', cloud);
    assertBaseLibrary(context, 'Cloud');
  }
  return {
    baseLibraryVersion: () => baseLibraryVersion(context),
    isBaseLibraryAtLeast: (feature) => isBaseLibraryAtLeast(context, feature),
    assertBaseLibrary: (feature) => assertBaseLibrary(context, feature),
    getWeRunData: (options) => requestTicket(context, 'getWeRunData', options),
    getShareInfo: (options) => requestTicket(context, 'getShareInfo', options, 'shareTicket'),
    getGroupEnterInfo: (options) => requestTicket(context, 'getGroupEnterInfo', options),
    getUserInfo: (options) => requestTicket(context, 'getUserInfo', options),
    getUserProfile: (options) => requestTicket(context, 'getUserProfile', options, 'desc'),
    getChatToolInfo: (options) => requestTicket(context, 'getChatToolInfo', options),
    ticketFromEvent: (event) => ticketFromEventIn(context, event),
    phoneCodeFromEvent: (event) => phoneCodeFromEventIn(context, event),
    ticketFromResult: (api, result) => ticketFromResultIn(context, api, result),
    inspectCallData: (data, options) => inspectCallDataIn(context, data, options),
    buildCallData: (data, options) => buildCallDataIn(context, data, options),
    callFunction: (params) => callFunctionIn(context, params),
    callContainer: (params) => callContainerIn(context, params),
  } as CloudIdClient;
}
