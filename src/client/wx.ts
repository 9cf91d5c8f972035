/**
 * The slice of `wx` the client uses. The real `wx` (miniprogram-api-typings'
 * `WechatMiniprogram.Wx`) and the testing kit's mock both satisfy it.
 */
export interface WxCloudLike {
  CloudID(cloudID: string): object;
  callFunction(options: CallFunctionOptions): Promise<PlatformCallFunctionResult> | void;
  /** Cloud Hosting (base library 2.23.0). */
  callContainer?(options: CallContainerOptions): Promise<CallContainerResult> | void;
}

/**
 * `wx.cloud.Cloud` (base library 2.13.0), which miniprogram-api-typings 5.2.3 does not
 * declare: `new Cloud({ resourceAppid, resourceEnv })` makes an instance that reaches only
 * that environment (another account's, under resource sharing); `await instance.init()`
 * before using it. Read it as `(wx.cloud as unknown as { Cloud: WxCloudConstructor }).Cloud`.
 */
export interface WxCloudConstructor {
  new (options: { resourceAppid?: string; resourceEnv: string; traceUser?: boolean }): WxCloudInstance;
}

/** What `new wx.cloud.Cloud(...)` makes: the `wx.cloud` calls, bound to one environment once `init()` has resolved. */
export interface WxCloudInstance extends WxCloudLike {
  init(): Promise<void>;
}

export interface CallContainerOptions {
  config?: { env?: string };
  path: string;
  method?: string;
  header?: Record<string, string>;
  data?: object;
  timeout?: number;
  success?: (result: CallContainerResult) => void;
  fail?: (error: unknown) => void;
}

/**
 * What `wx.cloud.callContainer` succeeds with, whatever the HTTP status. `Result` types the
 * body: `callContainer<Steps>(...)` resolves `data: Steps` (default `unknown`). Nothing checks
 * the body against it: it is what your service promises to send.
 */
export interface CallContainerResult<Result = unknown> {
  /** The response body (parsed JSON). */
  data: Result;
  statusCode: number;
  header: Record<string, unknown>;
  callID?: string;
  errMsg: string;
}

export interface CallFunctionOptions {
  name: string;
  data?: object;
  config?: object;
  slow?: boolean;
  success?: (result: PlatformCallFunctionResult) => void;
  fail?: (error: unknown) => void;
}

/** What `wx.cloud.callFunction` succeeds with. */
export interface PlatformCallFunctionResult {
  result?: unknown;
  errMsg: string;
  requestID?: string;
}

/**
 * What `callFunction` resolves with. `Result` types what the cloud function returned:
 * `callFunction<Steps>(...)` resolves `result: Steps` (default `unknown`). Nothing checks the
 * value against it: it is what your function promises to return.
 */
export interface CallFunctionResult<Result = unknown> extends PlatformCallFunctionResult {
  result: Result;
}

/** What the package passes to an open-data API: the caller's options and these callbacks. */
export interface OpenDataCallbacks {
  success?: (result: unknown) => void;
  fail?: (error: unknown) => void;
}

/**
 * An open-data API as `WxLike` accepts it: any function of one argument. Each real API takes
 * its own option type (`getShareInfo` requires `shareTicket`), which no single parameter
 * type would admit; the package passes the caller's options with `OpenDataCallbacks` added.
 */
export type OpenDataApi = (options: never) => unknown;

export interface WxLike {
  getWeRunData?: OpenDataApi;
  getShareInfo?: OpenDataApi;
  getGroupEnterInfo?: OpenDataApi;
  /**
   * Its profile data is anonymous ("微信用户", grey avatar) for mini program versions
   * published after 2021-04-28; only the openId / unionId in its cloudID stay useful.
   */
  getUserInfo?: OpenDataApi;
  /** Anonymous profile data from base library 2.27.1 for versions published after 2022-11-08. */
  getUserProfile?: OpenDataApi;
  getChatToolInfo?: OpenDataApi;
  cloud?: WxCloudLike;
  getAppBaseInfo?(): { SDKVersion?: string };
  getSystemInfoSync?(): { SDKVersion?: string };
}
