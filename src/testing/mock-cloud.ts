import { OPENAPI_NO_PERMISSION, PHONE_NUMBER_OPENAPI, WX_ERROR_CODE, WX_ERROR_DESCRIPTION, type KnownSource } from '../core/rules';
import { codedFailure, type PlatformError } from './failure';
import { checkFunctionName, serialiseCallData, typeName } from './call-data';
import { invoke, runningFunction, runningPlatform, type CallFunctionResult } from './invoke';
import type { MockWx } from './mock-wx';
import { DEFAULT_ENV } from './options';
import { attachPlatform, platformOf, programOf, redeemPhoneCode, resolveCloudId, type CloudIdResolution, type PhoneNumber, type Platform } from './platform';
import type { Watermark } from './open-data';
import { readWxContext, sourceOfNestedCall, type CallerFields } from './wx-context';
import { invalidKitOption, mockSetupInvalid } from './errors';

/** What `getOpenData` resolves with: one entry per id, in order. */
export interface GetOpenDataResult {
  list: CloudIdResolution[];
  errMsg: string;
  errCode: number;
}

/**
 * The fake `wx-server-sdk` module a cloud function `require`s. The context comes from
 * process.env exactly as wx-server-sdk reads it; open data and other functions come from
 * the mock platform running the current call.
 */
export interface MockCloud {
  /** Pass to `init({ env })`, as with wx-server-sdk. */
  readonly DYNAMIC_CURRENT_ENV: symbol;
  init(options?: { env?: unknown; [option: string]: unknown }): void;
  /** The caller's context; `{}` outside a call, like wx-server-sdk. */
  getWXContext(): Record<string, unknown>;
  /**
   * Exchanges cloudID strings for open data, on behalf of the calling user; as in
   * wx-server-sdk, any number in one request (none is documented). It reads them as the
   * mini program `appid` (undocumented, passed on by wx-server-sdk; default the context's
   * APPID): in a cross-account call only `appid: FROM_APPID` reads the caller's cloudIDs,
   * for the FROM_OPENID user; without it they fail with -601007 (the failure reported from
   * shared environments).
   */
  getOpenData(options: { list: string[]; appid?: string }): Promise<GetOpenDataResult>;
  /**
   * Cloud calls, made as the mini program of the environment the function runs in (the
   * context's APPID), or as `appid` through `openapi({ appid })` ("跨账号环境共享下的云调用");
   * each needs its permission in the function's config.json.
   */
  readonly openapi: MockOpenApi & ((options: { appid?: string }) => MockOpenApi);
  /** Calls another cloud function; it sees SOURCE `<caller's SOURCE>,scf` and the caller's user. */
  callFunction(options: { name: string; data?: object; config?: { env?: string } }): Promise<CallFunctionResult>;
}

/** What `cloud.openapi.phonenumber.getPhoneNumber` resolves with (wx-server-sdk turns the API's snake_case into camelCase). */
export interface GetPhoneNumberResult {
  phoneInfo: PhoneNumber & { watermark: Watermark };
  errMsg: string;
  errCode: 0;
}

/** The cloud calls the kit models: `cloud.openapi.phonenumber.getPhoneNumber`. */
export interface MockOpenApi {
  phonenumber: {
    /**
     * Redeems a phone number code for the mini program the call is made as (and, with
     * `openid`, checks it was the user's): a code another mini program issued fails with
     * 40013. Needs `permissions.openapi: ['phonenumber.getPhoneNumber']` in the function's
     * config.json (else -604101); fails with the API's errcode (40029, 40013) as `errCode`.
     */
    getPhoneNumber(options: { code: string; openid?: string }): Promise<GetPhoneNumberResult>;
  };
}

export interface MockCloudOptions {
  /** Serve this mock's platform also outside its calls: the result is `platform.serverSdk`. */
  platform?: MockWx;
}

const SCF: KnownSource = 'scf';
const GET_OPEN_DATA = 'getOpenData';

const asString = (value: unknown) => (value === undefined ? undefined : String(value));

/**
 * An error shaped like wx-server-sdk 4.0.2's CloudSDKError: `errCode`, `errMsg`, and a
 * message reading `errCode: <code> <description> | errMsg: <errMsg>`.
 */
function cloudSdkError(errCode: number, errMsg: string, description: string = WX_ERROR_DESCRIPTION[errCode] || ''): PlatformError {
  return Object.assign(new Error(`errCode: ${errCode} ${description} | errMsg: ${errMsg}`), { errCode, errMsg });
}

const GET_PHONE_NUMBER = `openapi.${PHONE_NUMBER_OPENAPI}`;

/**
 * `cloud.openapi.phonenumber.getPhoneNumber` as wx-server-sdk 4.0.2 answers, made as the
 * mini program `as` (default the context's APPID): the platform refuses a function whose
 * config.json lacks the permission (errCode -604101, errMsg
 * `system error: error code: -604101`), WeChat's errcodes come back as `errCode` with
 * `openapi.phonenumber.getPhoneNumber:fail <errmsg>`, and a success carries `phoneInfo`.
 */
async function getPhoneNumber(options: { code: string; openid?: string }, as: string | undefined): Promise<GetPhoneNumberResult> {
  const current = runningFunction();
  if (!current) throw mockSetupInvalid(`${GET_PHONE_NUMBER} was called outside any mock cloud function call: cloud calls are made by a cloud function; run one through a mock wx.`);
  const config = programOf(current.platform, current.appid).functionConfigs.get(current.name);
  const allowed = config && config.permissions && config.permissions.openapi;
  if (!allowed || allowed.indexOf(PHONE_NUMBER_OPENAPI) < 0) throw cloudSdkError(OPENAPI_NO_PERMISSION.errCode, `system error: error code: ${OPENAPI_NO_PERMISSION.errCode}`, OPENAPI_NO_PERMISSION.description);
  const given = (typeof options === 'object' && options !== null ? options : {}) as { code?: unknown; openid?: unknown };
  const appid = as || asString(readWxContext().APPID) || '';
  const answer = redeemPhoneCode(current.platform, { code: given.code, appid, openid: given.openid === undefined ? undefined : String(given.openid) });
  if ('errcode' in answer) throw cloudSdkError(answer.errcode, `${GET_PHONE_NUMBER}:fail ${answer.errmsg}`);
  return { phoneInfo: answer.phoneInfo, errMsg: `${GET_PHONE_NUMBER}:ok`, errCode: 0 };
}

/**
 * A fake wx-server-sdk serving the platform running the current call, or else `bound`.
 * Like the real module it holds no user state: the caller is read from process.env.
 */
function createServerSdk(bound: Platform | undefined): MockCloud {
  let initEnv: string | undefined;

  const platformFor = (api: string): Platform => {
    const platform = runningPlatform() || bound;
    if (!platform) throw mockSetupInvalid(`${api} was called outside any mock cloud function call: run the function through a mock wx, or use mock.serverSdk to reach that mock's platform.`);
    return platform;
  };

  const getOpenData = async (options: { list: string[]; appid?: string }): Promise<GetOpenDataResult> => {
    const platform = platformFor(GET_OPEN_DATA);
    const list: unknown = options && options.list;
    if (!Array.isArray(list)) throw codedFailure(GET_OPEN_DATA, WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.list should be array instead of ${typeName(list)};`);
    const empty = list.findIndex((id) => typeof id !== 'string' || id === '');
    if (empty >= 0) throw codedFailure(GET_OPEN_DATA, WX_ERROR_CODE.SYSTEM_ERROR, `list[${empty}] is not a cloudID string`);
    const context = readWxContext();
    // Read as the mini program named (else the environment's): the caller's user only when that is the caller's mini program.
    const appid = asString(options.appid) || asString(context.APPID);
    const openid = appid !== undefined && appid === asString(context.FROM_APPID) ? asString(context.FROM_OPENID) : asString(context.OPENID);
    return { list: list.map((id) => resolveCloudId(platform, id, { openid, appid })), errMsg: `${GET_OPEN_DATA}:ok`, errCode: 0 };
  };

  const callFunction = async (options: { name: string; data?: object; config?: { env?: string } }): Promise<CallFunctionResult> => {
    const platform = platformFor('callFunction');
    const { name, data, config } = options || ({} as typeof options);
    checkFunctionName(name);
    const context = readWxContext();
    const caller: CallerFields = { OPEN_DATA_INFO: '' };
    for (const field of PASSED_ON) caller[field] = asString(context[field]);
    const env = (config && typeof config.env === 'string' && config.env) || initEnv || asString(context.ENV) || DEFAULT_ENV;
    // wx-server-sdk replaces no CloudID: each is sent as its bare id
    const { event, recorded } = serialiseCallData(data, env, false);
    const current = runningFunction();
    // A function calls the functions of its own environment; outside any call, those of the platform's first mini program.
    return invoke(platform, { appid: current ? current.appid : platform.home, name, data: recorded, event, caller, env, source: sourceOfNestedCall(SCF) });
  };

  const openapiAs = (appid: string | undefined): MockOpenApi => ({ phonenumber: { getPhoneNumber: (options) => getPhoneNumber(options, appid) } });
  // Like wx-server-sdk's: callable with options ({ appid }), and the APIs on it as the default identity.
  const openapi = Object.assign((options: { appid?: string }) => {
    if (typeof options !== 'object' || options === null) throw new Error('an options object is expected');
    return openapiAs(asString(options.appid));
  }, openapiAs(undefined));

  return {
    DYNAMIC_CURRENT_ENV: Symbol.for('DYNAMIC_CURRENT_ENV'),
    init(options) {
      const env = options && options.env;
      initEnv = typeof env === 'string' ? env : initEnv;
    },
    getWXContext: readWxContext,
    getOpenData,
    openapi,
    callFunction,
  };
}

/** The caller's fields a nested call carries on, as WeChat passes the user along a call chain. */
const PASSED_ON = ['OPENID', 'APPID', 'UNIONID', 'FROM_OPENID', 'FROM_APPID', 'FROM_UNIONID', 'CLIENTIP'] as const;

const sdkOf = new WeakMap<Platform, MockCloud>();

/** The fake wx-server-sdk bound to a platform (one per platform). */
export function serverSdkOf(platform: Platform): MockCloud {
  let sdk = sdkOf.get(platform);
  if (!sdk) {
    sdk = createServerSdk(platform);
    sdkOf.set(platform, sdk);
    attachPlatform(sdk, platform);
  }
  return sdk;
}

/**
 * A fake `wx-server-sdk` for `jest.mock('wx-server-sdk', ...)`. It serves whichever mock
 * wx is running the current call, so one module serves every test's fresh mock. With
 * `platform` (a mock wx) it also reaches that mock's platform outside its calls.
 */
export function createMockCloud(options: MockCloudOptions = {}): MockCloud {
  if (options.platform === undefined) return createServerSdk(undefined);
  const platform = platformOf(options.platform);
  if (!platform) throw invalidKitOption('platform', 'createMockCloud({ platform }) needs a mock wx from createMockWx or installMockWx.');
  return serverSdkOf(platform);
}
