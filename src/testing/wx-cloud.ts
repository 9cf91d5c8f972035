import { CALL_FUNCTION_ERROR_CODE, CLOUD_NOT_INITIALIZED_MESSAGE, ENVIRONMENT_NOT_FOUND_MESSAGE, MAX_CLOUD_IDS_PER_CALL, OPEN_DATA_INFO_KEYS_FIELD } from '../core/rules';
import { deliver, type ApiCallbacks, type WithCallback } from './callbacks';
import { cdnFunction, type CdnTarget } from './cdn';
import { cloudIdFunction } from './cloud-id';
import { codedFailure, platformError, type PlatformError } from './failure';
import { CALL_FUNCTION, checkFunctionName, serialiseCallData } from './call-data';
import { invoke, type CallFunctionResult } from './invoke';
import { createCallContainer, type CallContainerOptions, type CallContainerResult } from './call-container';
import type { WxUser } from './options';
import { resolveCloudId, type Platform } from './platform';

export interface CallFunctionOptions extends ApiCallbacks<CallFunctionResult, PlatformError> {
  name: string;
  data?: object;
  /** `{ env }` overrides the environment for this call. */
  config?: { env?: string };
  slow?: boolean;
}

/** The mock `wx.cloud`. */
export interface MockWxCloud {
  init(options?: { env?: string | { functions?: string }; traceUser?: boolean }): void;
  /** Marks an id as a CloudID; works with and without `new`. Absent below base library 2.7.0. */
  CloudID: { (cloudID: string): object; new (cloudID: string): object };
  /**
   * Marks data for the CDN (base library 2.12.0+; absent below): in callFunction data the
   * platform uploads it and sends its URL instead (the kit makes a URL and uploads nothing).
   */
  CDN: { (target: CdnTarget): object; new (target: CdnTarget): object };
  callFunction(options: CallFunctionOptions & WithCallback<CallFunctionResult, PlatformError>): undefined;
  callFunction(options: CallFunctionOptions): Promise<CallFunctionResult>;
  /** Calls a Cloud Hosting service registered with `containers`, over loopback HTTP. Absent below base library 2.23.0. */
  callContainer(options: CallContainerOptions & WithCallback<CallContainerResult, PlatformError>): undefined;
  callContainer(options: CallContainerOptions): Promise<CallContainerResult>;
}

/** How the mini program's cloud development stands. */
export interface WxCloudState {
  /** `wx.cloud.init()` has run (calls fail before it). */
  initialised: boolean;
  /** The mini program has a cloud environment (calls fail without one). */
  enabled: boolean;
  /** The environment calls run in, unless `config.env` says otherwise. */
  env: string;
}

/**
 * `wx.cloud` for `user`: `callFunction` serialises the data, replaces each top-level
 * CloudID with its open data or failure object (at most five; more are refused, as the
 * platform's behaviour for them is undocumented), sends nested ones as bare ids, adds the
 * deprecated `event.userInfo`, and runs the function with OPEN_DATA_INFO listing every
 * field the platform replaced.
 */
export function createWxCloud(platform: Platform, user: WxUser, state: WxCloudState): MockWxCloud {
  const callFunction = (options: CallFunctionOptions): Promise<CallFunctionResult> | undefined => {
    const outcome = (async () => {
      if (!state.initialised) throw platformError(CALL_FUNCTION_ERROR_CODE.UNKNOWN_ERROR, `${CALL_FUNCTION}:fail ${CLOUD_NOT_INITIALIZED_MESSAGE}`);
      if (!state.enabled) throw codedFailure(CALL_FUNCTION, CALL_FUNCTION_ERROR_CODE.NOT_FOUND, ENVIRONMENT_NOT_FOUND_MESSAGE);
      const { name, data, config } = options || ({} as CallFunctionOptions);
      checkFunctionName(name);
      const env = (config && typeof config.env === 'string' && config.env) || state.env;
      const { event, recorded, cloudIds } = serialiseCallData(data, env, true);
      if (cloudIds.length > MAX_CLOUD_IDS_PER_CALL) {
        throw codedFailure(
          CALL_FUNCTION,
          CALL_FUNCTION_ERROR_CODE.INVALID_PARAMETERS,
          `data has ${cloudIds.length} top-level CloudIDs (${cloudIds.map((entry) => entry.key).join(', ')}); at most ${MAX_CLOUD_IDS_PER_CALL} are replaced per call. What the platform does with more is undocumented; this mock refuses the call.`,
        );
      }
      for (const { key, id } of cloudIds) {
        Object.defineProperty(event, key, { value: resolveCloudId(platform, id, user.openid), enumerable: true, writable: true, configurable: true });
      }
      // The platform adds the deprecated event.userInfo; a field of that name sent by the page is left alone.
      if (!Object.prototype.hasOwnProperty.call(event, 'userInfo')) event.userInfo = { appId: user.appid, openId: user.openid };
      const keys = cloudIds.map((entry) => entry.key);
      return invoke(platform, {
        name,
        data: recorded,
        event,
        caller: {
          OPENID: user.openid,
          APPID: user.appid,
          UNIONID: user.unionid,
          CLIENTIP: user.clientIp,
          OPEN_DATA_INFO: keys.length ? JSON.stringify({ [OPEN_DATA_INFO_KEYS_FIELD]: keys }) : '',
        },
        env,
        source: user.source,
      });
    })();
    return deliver(options, outcome);
  };

  return {
    init(options) {
      state.initialised = true;
      const chosen = options && options.env;
      const name = typeof chosen === 'object' && chosen !== null ? chosen.functions : chosen;
      if (typeof name === 'string' && name !== '') state.env = name;
    },
    CloudID: cloudIdFunction as MockWxCloud['CloudID'],
    CDN: cdnFunction as MockWxCloud['CDN'],
    callFunction: callFunction as MockWxCloud['callFunction'],
    callContainer: createCallContainer(platform, user, state) as MockWxCloud['callContainer'],
  };
}
