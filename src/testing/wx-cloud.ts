import { CLOUD_NOT_INITIALIZED_MESSAGE, ENVIRONMENT_NOT_FOUND_MESSAGE, MAX_CLOUD_IDS_PER_CALL, OPEN_DATA_INFO_KEYS_FIELD, WX_ERROR_CODE } from '../core/rules';
import { deliver, type ApiCallbacks, type WithCallback } from './callbacks';
import { cdnFunction, type CdnTarget } from './cdn';
import { cloudIdFunction } from './cloud-id';
import { codedFailure, platformError, type PlatformError } from './failure';
import { CALL_FUNCTION, checkFunctionName, serialiseCallData } from './call-data';
import { invoke, type CallFunctionResult } from './invoke';
import { createCallContainer, type CallContainerOptions, type CallContainerResult } from './call-container';
import type { WxUser } from './options';
import { resolveCloudId, type Platform } from './platform';
import { callerIdentity } from './caller';
import { cloudConstructor, type MockCloudConstructor } from './cloud-instance';

export interface CallFunctionOptions extends ApiCallbacks<CallFunctionResult, PlatformError> {
  name: string;
  data?: object;
  /** `{ env }` overrides the environment for this call. */
  config?: { env?: string };
  slow?: boolean;
}

/** The calls `wx.cloud` and each `wx.cloud.Cloud` instance have. */
export interface MockCloudCalls {
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

/** The mock `wx.cloud`. */
export interface MockWxCloud extends MockCloudCalls {
  init(options?: { env?: string | { functions?: string }; traceUser?: boolean }): void;
  /**
   * `new wx.cloud.Cloud({ resourceAppid, resourceEnv })` (base library 2.13.0+; absent below):
   * an instance bound to one environment, another mini program's under resource sharing.
   */
  Cloud: MockCloudConstructor;
}

/** How cloud development stands for the calls of `wx.cloud` or of one `wx.cloud.Cloud` instance. */
export interface WxCloudState {
  /** `wx.cloud.init()` (or the instance's `init()`) has completed: calls fail before it. */
  initialised: boolean;
  /** The mini program has a cloud environment (calls fail without one). */
  enabled: boolean;
  /** The environment calls run in, unless `config.env` says otherwise (an instance's always). */
  env: string;
  /** The mini program whose environment the calls reach: the user's own, or an instance's `resourceAppid`. */
  owner: string;
  /** An instance: every call goes to `env`, whatever `config.env` says. */
  bound?: boolean;
}

/** Removes what this base library lacks from `wx.cloud` or an instance. */
export type TrimToBaseLibrary = (calls: Partial<MockCloudCalls>) => void;

/**
 * The calls for `user` under `state`: `callFunction` serialises the data, replaces each
 * top-level CloudID with its open data or failure object, read for the calling user (at
 * most five; more are refused, as the platform's behaviour for them is undocumented),
 * sends nested ones as bare ids, adds the deprecated `event.userInfo`, and runs the
 * function of the environment's owner with OPEN_DATA_INFO listing every field the platform
 * replaced and the caller's identity (FROM_* in another account's environment).
 */
function cloudCalls(platform: Platform, user: WxUser, state: WxCloudState): MockCloudCalls {
  const callFunction = (options: CallFunctionOptions): Promise<CallFunctionResult> | undefined => {
    const outcome = (async () => {
      if (!state.initialised) throw platformError(WX_ERROR_CODE.UNKNOWN_ERROR, `${CALL_FUNCTION}:fail ${CLOUD_NOT_INITIALIZED_MESSAGE}`);
      if (!state.enabled) throw codedFailure(CALL_FUNCTION, WX_ERROR_CODE.NOT_FOUND, ENVIRONMENT_NOT_FOUND_MESSAGE);
      const { name, data, config } = options || ({} as CallFunctionOptions);
      checkFunctionName(name);
      const env = (!state.bound && config && typeof config.env === 'string' && config.env) || state.env;
      const { event, recorded, cloudIds } = serialiseCallData(data, env, true);
      if (cloudIds.length > MAX_CLOUD_IDS_PER_CALL) {
        throw codedFailure(
          CALL_FUNCTION,
          WX_ERROR_CODE.INVALID_PARAMETERS,
          `data has ${cloudIds.length} top-level CloudIDs (${cloudIds.map((entry) => entry.key).join(', ')}); at most ${MAX_CLOUD_IDS_PER_CALL} are replaced per call. What the platform does with more is undocumented; this mock refuses the call.`,
        );
      }
      // A cloudID is read for the user whose mini program issued it, in whoever's environment the function runs.
      for (const { key, id } of cloudIds) {
        Object.defineProperty(event, key, { value: resolveCloudId(platform, id, user), enumerable: true, writable: true, configurable: true });
      }
      // The platform adds the deprecated event.userInfo; a field of that name sent by the page is left alone.
      if (!Object.prototype.hasOwnProperty.call(event, 'userInfo')) event.userInfo = { appId: user.appid, openId: user.openid };
      const keys = cloudIds.map((entry) => entry.key);
      return invoke(platform, {
        appid: state.owner,
        name,
        data: recorded,
        event,
        caller: { ...callerIdentity(user, state.owner), CLIENTIP: user.clientIp, OPEN_DATA_INFO: keys.length ? JSON.stringify({ [OPEN_DATA_INFO_KEYS_FIELD]: keys }) : '' },
        env,
        source: user.source,
      });
    })();
    return deliver(options, outcome);
  };

  return {
    CloudID: cloudIdFunction as MockCloudCalls['CloudID'],
    CDN: cdnFunction as MockCloudCalls['CDN'],
    callFunction: callFunction as MockCloudCalls['callFunction'],
    callContainer: createCallContainer(platform, user, state) as MockCloudCalls['callContainer'],
  };
}

/** `wx.cloud` for `user`: the calls, `init`, and `Cloud` for instances bound to one environment. */
export function createWxCloud(platform: Platform, user: WxUser, state: WxCloudState, trim: TrimToBaseLibrary): MockWxCloud {
  const cloud: MockWxCloud = {
    init(options) {
      state.initialised = true;
      const chosen = options && options.env;
      const name = typeof chosen === 'object' && chosen !== null ? chosen.functions : chosen;
      if (typeof name === 'string' && name !== '') state.env = name;
    },
    ...cloudCalls(platform, user, state),
    Cloud: cloudConstructor(platform, user, (instanceState) => {
      const calls = cloudCalls(platform, user, instanceState);
      trim(calls);
      return calls;
    }),
  };
  trim(cloud);
  return cloud;
}
