import { CLOUD_ID_IN_RESULT_SINCE, type CloudIdApi, type KnownSource } from '../core/rules';
import type { ClockLike } from './clock';
import type { MockWx } from './mock-wx';
import type { MockOpenData } from './open-data';
import type { ContainerService } from './call-container';
import { platformOf, type CloudFunction, type FunctionConfig, type PhoneButton } from './platform';
import { invalidKitOption } from './errors';

/**
 * Cloud development as the page finds it: `'ready'` (enabled, `wx.cloud.init()` done),
 * `'not-initialized'` (enabled, init not yet called), `'disabled'` (wx.cloud exists, as in
 * every base library from 2.2.3, but the mini program has no cloud environment), `'absent'`
 * (no wx.cloud at all).
 */
export type CloudState = 'ready' | 'not-initialized' | 'disabled' | 'absent';

/** How an open-data API (or button) fails: what `fail` gets. */
export interface ApiFailure {
  errMsg: string;
  errno?: number;
}

export interface MockWxOptions {
  /** The base library to act as (its SDKVersion); APIs appear only from the version that added them. Default `'3.7.8'`. */
  baseLibrary?: string;
  /** `'ready'` (default), `'not-initialized'` (calls fail until `wx.cloud.init()`), `'disabled'` (wx.cloud there, no cloudIDs, calls fail) or `'absent'` (no wx.cloud, no cloudIDs). */
  cloud?: CloudState;
  /** The mini program's AppID (context APPID, watermark appid). */
  appid?: string;
  /** The user's openid: cloudIDs are issued to, and only readable by, this user. */
  openid?: string;
  /** The user's unionid, when the unionid conditions are met; absent by default. */
  unionid?: string;
  /** The cloud environment functions run in (context ENV), unless `wx.cloud.init({ env })` or `config.env` says otherwise. Default `'test-env'`. */
  env?: string;
  /** The SOURCE of this mini program's calls. Default `'wx_client'`. */
  source?: string;
  /** The client IP the context reports (CLIENTIP). */
  clientIp?: string;
  /** The open data each API hands out, shallow-merged over the defaults. */
  openData?: MockOpenData;
  /** APIs (and buttons) that fail, with the failure they give, e.g. `{ getWeRunData: { errMsg: 'getWeRunData:fail auth deny' } }`. */
  failures?: { [Api in CloudIdApi]?: ApiFailure };
  /** Cloud functions by name, in this mini program's environment: `{ werun: require('./cloudfunctions/werun').main }`. */
  functions?: Record<string, CloudFunction>;
  /**
   * Cloud Hosting services by name in this mini program's environment (the `X-WX-SERVICE` a page calls): an Express app, a request listener or an
   * `http.Server`. `wx.cloud.callContainer` reaches them over real HTTP on 127.0.0.1. Default: none.
   */
  containers?: Record<string, ContainerService>;
  /**
   * Each cloud function's `config.json` contents, by function name: `{ getPhone: { permissions: { openapi: ['phonenumber.getPhoneNumber'] } } }`
   * (or `require('./cloudfunctions/getPhone/config.json')`). A function without one may make no cloud call (-604101). Default: none.
   */
  functionConfigs?: Record<string, FunctionConfig>;
  /**
   * Phone verifications the mini program has left, per button; once used up, taps give `detail.errno` 1400001 and no code.
   * Each code handed out uses one. Default: unlimited. Belongs to the platform: not with `platform`.
   */
  phoneQuota?: Partial<Record<PhoneButton, number>>;
  /** How long a cloud function may run before its call fails with -504002 (ms), as SCF's timeout. Default 3000. Belongs to the platform: not with `platform`. */
  functionTimeLimitMs?: number;
  /** The platform clock: a start time in ms, or a clock with now() (and advance()). Default: a fake clock starting at the real time when the mock is made, moved only by `clock.advance`. */
  clock?: number | ClockLike;
  /**
   * Join the platform of this mock wx, as a second user: cloudIDs, phone codes, calls and clock
   * are shared. Functions and services belong to the mini program (`appid`) that registers
   * them: another AppID reaches them only through `new wx.cloud.Cloud({ resourceAppid, resourceEnv })`.
   */
  platform?: MockWx;
}

export const DEFAULT_BASE_LIBRARY = '3.7.8';
export const DEFAULT_APPID = 'wx0123456789abcdef';
export const DEFAULT_OPENID = 'oMockUser0000000000000000001';
/** The environment functions run in when nothing names one. */
export const DEFAULT_ENV = 'test-env';
/** An address from the documentation range (RFC 5737). */
const DEFAULT_CLIENT_IP = '203.0.113.10';
const WX_CLIENT: KnownSource = 'wx_client';
const CLOUD_STATES: readonly CloudState[] = ['ready', 'not-initialized', 'disabled', 'absent'];
const PHONE_BUTTONS: readonly PhoneButton[] = ['getPhoneNumber', 'getRealtimePhoneNumber'];

/** Every API and button that hands out a cloudID. */
export const API_NAMES = Object.keys(CLOUD_ID_IN_RESULT_SINCE) as CloudIdApi[];

/** Who is using the mini program, and where from: what the platform tells cloud functions about the caller. */
export interface WxUser {
  appid: string;
  openid: string;
  unionid?: string;
  clientIp: string;
  source: string;
}

/** The options with their defaults filled in. */
export interface MockWxSettings extends WxUser {
  baseLibrary: string;
  cloud: CloudState;
  env: string;
  openData: MockOpenData;
  failures: { [Api in CloudIdApi]?: ApiFailure };
}

function checkString(value: unknown, field: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value === '') throw invalidKitOption(field, `createMockWx: ${field} must be a non-empty string, got ${value === '' ? 'an empty string' : typeof value}.`);
}

export function checkApi(api: unknown, field: string): void {
  if (API_NAMES.indexOf(api as CloudIdApi) < 0) throw invalidKitOption(field, `${field}: ${String(api)} is not an open-data API; use one of ${API_NAMES.join(', ')}.`);
}

function checkPerApi(value: unknown, field: string, check: (entry: unknown, path: string) => void): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) throw invalidKitOption(field, `${field} must be an object keyed by API name.`);
  for (const key of Object.keys(value)) {
    checkApi(key, field);
    check((value as Record<string, unknown>)[key], `${field}.${key}`);
  }
}

export function checkFailure(failure: unknown, path: string): void {
  const given = failure as Partial<ApiFailure> | null;
  if (typeof given !== 'object' || given === null || typeof given.errMsg !== 'string') throw invalidKitOption(path, `${path} must be { errMsg, errno? }, e.g. { errMsg: 'getWeRunData:fail auth deny' }.`);
  if (given.errno !== undefined && typeof given.errno !== 'number') throw invalidKitOption(`${path}.errno`, `${path}.errno must be a number.`);
}

export function checkOpenData(data: unknown, path: string): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalidKitOption(path, `${path} must be an object of open-data fields.`);
}

/** Checks the options (each problem names its field and the fix) and fills in the defaults. */
export function settingsFrom(options: MockWxOptions): MockWxSettings {
  if (typeof options !== 'object' || options === null) throw invalidKitOption('options', 'createMockWx(options) needs an options object (or nothing).');
  // '' is allowed: a client must cope with the empty SDKVersion a failing getSystemInfoSync can give.
  if (options.baseLibrary !== undefined && (typeof options.baseLibrary !== 'string' || !/^(\d+(\.\d+)*)?$/.test(options.baseLibrary))) {
    throw invalidKitOption('options.baseLibrary', `createMockWx: options.baseLibrary must be a version string like '2.7.0' (digits and dots), got ${typeof options.baseLibrary === 'string' ? JSON.stringify(options.baseLibrary) : typeof options.baseLibrary}.`);
  }
  if (options.cloud !== undefined && CLOUD_STATES.indexOf(options.cloud) < 0) throw invalidKitOption('options.cloud', `createMockWx: options.cloud must be ${CLOUD_STATES.map((state) => `'${state}'`).join(', ')}, got ${JSON.stringify(options.cloud)}.`);
  for (const field of ['appid', 'openid', 'unionid', 'env', 'source', 'clientIp'] as const) checkString(options[field], `options.${field}`);
  checkPerApi(options.openData, 'createMockWx: options.openData', checkOpenData);
  checkPerApi(options.failures, 'createMockWx: options.failures', checkFailure);
  if (options.platform !== undefined && !platformOf(options.platform)) throw invalidKitOption('options.platform', 'createMockWx: options.platform must be a mock wx from createMockWx or installMockWx.');
  if (options.platform !== undefined && options.clock !== undefined) throw invalidKitOption('options.clock', 'createMockWx: options.clock cannot be set when joining options.platform: the clock belongs to that platform (use its mock.clock).');
  if (options.functionTimeLimitMs !== undefined) {
    if (options.platform !== undefined) throw invalidKitOption('options.functionTimeLimitMs', 'createMockWx: options.functionTimeLimitMs cannot be set when joining options.platform: it belongs to that platform.');
    if (typeof options.functionTimeLimitMs !== 'number' || !(options.functionTimeLimitMs > 0) || !Number.isFinite(options.functionTimeLimitMs)) {
      throw invalidKitOption('options.functionTimeLimitMs', `createMockWx: options.functionTimeLimitMs must be a positive number of milliseconds, got ${String(options.functionTimeLimitMs)}.`);
    }
  }
  if (options.phoneQuota !== undefined) {
    if (options.platform !== undefined) throw invalidKitOption('options.phoneQuota', 'createMockWx: options.phoneQuota cannot be set when joining options.platform: the quota belongs to the mini program (set it on the first mock).');
    const quota: unknown = options.phoneQuota;
    if (typeof quota !== 'object' || quota === null) throw invalidKitOption('options.phoneQuota', "createMockWx: options.phoneQuota must be { getPhoneNumber?: number, getRealtimePhoneNumber?: number }.");
    for (const key of Object.keys(quota)) {
      const left = (quota as Record<string, unknown>)[key];
      if (PHONE_BUTTONS.indexOf(key as PhoneButton) < 0) throw invalidKitOption(`options.phoneQuota.${key}`, `createMockWx: options.phoneQuota.${key}: the phone buttons are ${PHONE_BUTTONS.join(', ')}.`);
      if (typeof left !== 'number' || !Number.isInteger(left) || left < 0) throw invalidKitOption(`options.phoneQuota.${key}`, `createMockWx: options.phoneQuota.${key} must be a whole number of verifications left (0 or more), got ${String(left)}.`);
    }
  }
  return {
    baseLibrary: options.baseLibrary === undefined ? DEFAULT_BASE_LIBRARY : options.baseLibrary,
    cloud: options.cloud || 'ready',
    appid: options.appid || DEFAULT_APPID,
    openid: options.openid || DEFAULT_OPENID,
    unionid: options.unionid,
    clientIp: options.clientIp || DEFAULT_CLIENT_IP,
    source: options.source || WX_CLIENT,
    env: options.env || DEFAULT_ENV,
    openData: { ...options.openData },
    failures: { ...options.failures },
  };
}
