import { ENVIRONMENT_NOT_FOUND_MESSAGE, WX_ERROR_CODE } from '../core/rules';
import { callerIdentity } from './caller';
import { typeName } from './call-data';
import { codedFailure, platformError } from './failure';
import { invoke } from './invoke';
import type { WxUser } from './options';
import type { Platform } from './platform';
import type { MockCloudCalls, WxCloudState } from './wx-cloud';

/** What `new wx.cloud.Cloud(options)` takes (the Cloud.Cloud reference). */
export interface CloudInstanceOptions {
  /** The AppID of the mini program that owns the environment; absent: the caller's own. */
  resourceAppid?: string;
  /** The environment every call of the instance goes to. */
  resourceEnv: string;
  traceUser?: boolean;
}

/** A `wx.cloud.Cloud` instance: the calls of `wx.cloud`, bound to one environment once `init()` has resolved. */
export interface MockCloudInstance extends MockCloudCalls {
  /**
   * Connects the instance to its environment; calls fail until it has resolved. It fails
   * with -501000 when the mini program `resourceAppid` has no environment `resourceEnv` on
   * the platform, and with the errCode and errMsg of the environment's `cloudbase_auth`
   * function when that function refuses the caller. Later calls return the same Promise.
   */
  init(): Promise<void>;
}

/** `wx.cloud.Cloud`: works only with `new`, like a class. */
export type MockCloudConstructor = new (options: CloudInstanceOptions) => MockCloudInstance;

/**
 * The function WeChat runs in the resource owner's environment while another account's
 * instance initialises (小程序环境共享, "cloudbase_auth 云函数"): it sees the caller in
 * FROM_*, and an `errCode` other than 0 in its result refuses the caller, its `errCode` and
 * `errMsg` passed back. The guide calls the function required; developers report instances
 * initialising without it today, so the kit runs it when the environment has one.
 */
export const CLOUDBASE_AUTH_FUNCTION = 'cloudbase_auth';

const CLOUD = 'cloud.Cloud';
const INIT = 'cloud.init';

/** Fails like a wx SDK's parameter check. */
const parameterError = (field: string, expected: string, value: unknown) =>
  codedFailure(CLOUD, WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.${field} should be ${expected} instead of ${typeName(value)};`);

/**
 * `wx.cloud.Cloud` for `user`: each instance's calls reach the environment `resourceEnv` of
 * the mini program `resourceAppid` (default the user's own), with the caller in FROM_*
 * when that is another account's; `callsFor` makes the calls for an instance's state.
 */
export function cloudConstructor(platform: Platform, user: WxUser, callsFor: (state: WxCloudState) => MockCloudCalls): MockCloudConstructor {
  return function Cloud(this: unknown, options: CloudInstanceOptions): MockCloudInstance {
    if (!new.target) throw new TypeError("Class constructor Cloud cannot be invoked without 'new'");
    const given = (typeof options === 'object' && options !== null ? options : {}) as Partial<Record<keyof CloudInstanceOptions, unknown>>;
    if (typeof given.resourceEnv !== 'string' || given.resourceEnv === '') throw parameterError('resourceEnv', 'a non-empty string', given.resourceEnv);
    if (given.resourceAppid !== undefined && (typeof given.resourceAppid !== 'string' || given.resourceAppid === '')) throw parameterError('resourceAppid', 'a non-empty string', given.resourceAppid);
    const env = given.resourceEnv;
    const owner = (given.resourceAppid as string | undefined) || user.appid;
    const state: WxCloudState = { initialised: false, enabled: true, env, owner, bound: true };
    let initialising: Promise<void> | undefined;

    const connect = async (): Promise<void> => {
      const program = platform.programs.get(owner);
      if (!program || !program.environments.has(env)) {
        throw codedFailure(INIT, WX_ERROR_CODE.NOT_FOUND, `${ENVIRONMENT_NOT_FOUND_MESSAGE}: ${owner} has no environment ${env} on this platform (a mock wx with appid '${owner}' and env '${env}' makes one)`);
      }
      if (owner !== user.appid && program.functions.has(CLOUDBASE_AUTH_FUNCTION)) {
        const { result } = await invoke(platform, {
          appid: owner,
          name: CLOUDBASE_AUTH_FUNCTION,
          data: {},
          event: {},
          caller: { ...callerIdentity(user, owner), CLIENTIP: user.clientIp },
          env,
          source: user.source,
        });
        const answer = (typeof result === 'object' && result !== null ? result : {}) as { errCode?: unknown; errMsg?: unknown };
        if (typeof answer.errCode === 'number' && answer.errCode !== 0) throw platformError(answer.errCode, `${INIT}:fail ${String(answer.errMsg === undefined ? '' : answer.errMsg)}`);
      }
      state.initialised = true;
    };

    const instance: MockCloudInstance = {
      ...callsFor(state),
      init() {
        // Only the first init counts, as with wx.cloud.init; a failed one may be tried again.
        if (!initialising) initialising = connect().catch((error: unknown) => {
          initialising = undefined;
          throw error;
        });
        return initialising;
      },
    };
    return instance;
  } as unknown as MockCloudConstructor;
}
