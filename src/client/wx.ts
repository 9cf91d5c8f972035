import type { CloudIdApi } from '../core/rules';

/**
 * The slice of `wx` the client uses. The real `wx` (miniprogram-api-typings'
 * `WechatMiniprogram.Wx`) and the testing kit's mock both satisfy it.
 */
export interface WxCloudLike {
  CloudID(cloudID: string): object;
  callFunction(options: CallFunctionOptions): Promise<CallFunctionResult> | void;
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
