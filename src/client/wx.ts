import type { CloudIdApi } from '../core/rules';

/**
 * The slice of `wx` the client uses. The real `wx` (miniprogram-api-typings'
 * `WechatMiniprogram.Wx`) and the testing kit's mock both satisfy it.
 */
export interface WxCloudLike {
  CloudID(cloudID: string): object;
  callFunction(options: CallFunctionOptions): Promise<CallFunctionResult> | void;
  /** Cloud Hosting (base library 2.23.0). */
  callContainer?(options: CallContainerOptions): Promise<CallContainerResult> | void;
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

/** What `wx.cloud.callContainer` succeeds with, whatever the HTTP status. */
export interface CallContainerResult {
  /** The response body (parsed JSON). */
  data: unknown;
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
  success?: (result: CallFunctionResult) => void;
  fail?: (error: unknown) => void;
}

export interface CallFunctionResult {
  result?: unknown;
  errMsg: string;
  requestID?: string;
}

export interface OpenDataCallbacks {
  success?: (result: unknown) => void;
  fail?: (error: { errMsg: string; errno?: number }) => void;
}

type OpenDataApis = { [api in Exclude<CloudIdApi, 'getPhoneNumber'>]?: (options: OpenDataCallbacks & Record<string, unknown>) => unknown };

export interface WxLike extends OpenDataApis {
  cloud?: WxCloudLike;
  getAppBaseInfo?(): { SDKVersion?: string };
  getSystemInfoSync?(): { SDKVersion?: string };
}
