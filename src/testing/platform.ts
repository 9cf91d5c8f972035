import { createHash } from 'node:crypto';
import { CLOUD_ID_EXPIRED_MESSAGE, CLOUD_ID_TTL_MS, CLOUD_ID_USER_MISMATCH_MESSAGE, CLOUD_FUNCTION_DEFAULT_TIMEOUT_MS, PHONE_CODE_TTL_MS, PHONE_NUMBER_ERROR, WX_ERROR_CODE, WX_ERROR_DESCRIPTION, type CloudIdApi } from '../core/rules';
import type { MockClock } from './clock';
import type { PlatformError } from './failure';
import type { OpenDataByApi, Watermark } from './open-data';
import { invalidKitOption, mockSetupInvalid } from './errors';

/** A cloudID the platform handed out, kept for lookups and for assertions. */
export interface IssuedCloudId {
  cloudID: string;
  api: CloudIdApi;
  /** The open data it stands for (the watermark is added when it is read). */
  data: object;
  /** The user it was issued to: only that user's calls can read it. */
  openid: string;
  /** The mini program it was issued to (the watermark's appid). */
  appid: string;
  /** When it was issued, by the platform clock (ms); it expires five minutes later. */
  issuedAt: number;
}

/** What a cloudID turns into: its open data, or why there is none. */
export type CloudIdResolution = { cloudID: unknown; data: object } | { cloudID: unknown; errCode: number; errMsg: string };

/** The second argument a cloud function gets, like SCF's context (a small subset). */
export interface InvocationContext {
  function_name: string;
  function_version: string;
  namespace: string;
  request_id: string;
  memory_limit_in_mb: number;
  time_limit_in_ms: number;
  /** The context variables of this call as JSON, as SCF passes them. */
  environment: string;
}

/** A cloud function: `exports.main` of its index.js. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- events are whatever the caller sends
export type CloudFunction = (event: any, context: InvocationContext) => unknown;

/** One cloud function call, as recorded for assertions. */
export interface MockCall {
  /** The function called. */
  name: string;
  /** The SOURCE chain the function saw: `'wx_client'`, or `'wx_client,scf'` when a function called it. */
  source: string;
  /** The data as sent, as JSON; each `wx.cloud.CloudID(id)` in it reads `{ CloudID: id }`. */
  data: unknown;
  /** The event the function received (a copy taken before it ran); absent when it never ran. */
  event?: Record<string, unknown>;
  /** The second argument the function received. */
  context?: InvocationContext;
  /** What `getWXContext()` returned while the function ran. */
  wxContext?: Record<string, unknown>;
  requestID?: string;
  /** The result the caller got (as JSON), when the call succeeded. */
  result?: unknown;
  /** The failure the caller got, when the call failed. */
  error?: PlatformError;
}

/**
 * What one mini program (one AppID) has in cloud development: its environments and the cloud
 * functions in them. A call reaches the functions of the mini program whose environment it
 * goes to: the caller's own through `wx.cloud`, another account's only through a
 * `wx.cloud.Cloud` instance naming it (resource sharing). The kit keeps one set of functions
 * per mini program, whatever environment of it a call names.
 */
export interface MiniProgramCloud {
  /** The environments it owns, by id (the `env` of each mock wx of this AppID with cloud development). */
  environments: Set<string>;
  functions: Map<string, CloudFunction>;
  /** Each cloud function's config.json, by function name (its cloud-call permissions). */
  functionConfigs: Map<string, FunctionConfig>;
}

/** The state shared by every mock wx and fake wx-server-sdk of one simulated platform. */
export interface Platform {
  clock: MockClock;
  /** Each mini program's cloud development, by AppID. */
  programs: Map<string, MiniProgramCloud>;
  /** The AppID of the mock wx that made the platform: whose functions the fake wx-server-sdk reaches outside any call. */
  home: string;
  issued: IssuedCloudId[];
  byId: Map<string, IssuedCloudId>;
  calls: MockCall[];
  /** Every phone number code issued, by code. */
  phoneCodes: Map<string, IssuedPhoneCode>;
  /** How long a cloud function may run before its call fails (ms). */
  timeLimitMs: number;
  /** Phone verifications left per button (absent: unlimited); a tap with none left gives errno 1400001. */
  phoneQuota: Partial<Record<PhoneButton, number>>;
  /** Distinguishes platforms, so two of them never mint the same id. */
  serial: number;
  requests: number;
}

let platforms = 0;

/** Which platform a mock wx or fake wx-server-sdk belongs to. */
const platformOfHandle = new WeakMap<object, Platform>();

export function attachPlatform(handle: object, platform: Platform): void {
  platformOfHandle.set(handle, platform);
}

export function platformOf(handle: unknown): Platform | undefined {
  return typeof handle === 'object' && handle !== null ? platformOfHandle.get(handle) : undefined;
}

export function createPlatform(clock: MockClock, home: string, timeLimitMs: number = CLOUD_FUNCTION_DEFAULT_TIMEOUT_MS): Platform {
  return { clock, home, timeLimitMs, programs: new Map(), issued: [], byId: new Map(), calls: [], phoneCodes: new Map(), phoneQuota: {}, serial: ++platforms, requests: 0 };
}

/** The cloud development of the mini program `appid` (empty until something is registered for it). */
export function programOf(platform: Platform, appid: string): MiniProgramCloud {
  let program = platform.programs.get(appid);
  if (!program) platform.programs.set(appid, (program = { environments: new Set(), functions: new Map(), functionConfigs: new Map() }));
  return program;
}

/** Adds cloud functions to `appid`'s environment; another function under a name that is taken is a mistake in the test, not a replacement. */
export function registerFunctions(platform: Platform, appid: string, functions: Record<string, CloudFunction> | undefined, field: string): void {
  if (functions === undefined) return;
  if (typeof functions !== 'object' || functions === null) throw invalidKitOption(field, `${field} must map function names to functions (exports.main).`);
  const registered = programOf(platform, appid).functions;
  for (const name of Object.keys(functions)) {
    const given = functions[name];
    if (typeof given !== 'function') throw invalidKitOption(`${field}.${name}`, `${field}.${name} must be a function (the cloud function's exports.main), got ${typeof given}.`);
    const existing = registered.get(name);
    if (existing && existing !== given) throw mockSetupInvalid(`${field}.${name}: another cloud function named "${name}" is registered already for ${appid} on this platform.`);
    registered.set(name, given);
  }
}

/** Mints a cloudID shaped like WeChat's (`27_` and 43 url-safe characters) and remembers it. */
export function issueCloudId(platform: Platform, issue: Omit<IssuedCloudId, 'cloudID' | 'issuedAt'>): IssuedCloudId {
  const cloudID = `27_${createHash('sha256').update(`${platform.serial}:${platform.issued.length}`).digest('base64url')}`;
  const record: IssuedCloudId = { cloudID, ...issue, issuedAt: platform.clock.now() };
  platform.issued.push(record);
  platform.byId.set(cloudID, record);
  return record;
}

export const watermarkOf = (record: Pick<IssuedCloudId, 'appid' | 'issuedAt'>): Watermark => ({ appid: record.appid, timestamp: Math.floor(record.issuedAt / 1000) });

const failure = (cloudID: unknown, errCode: number, errMsg: string = WX_ERROR_DESCRIPTION[errCode]): CloudIdResolution => ({ cloudID, errCode, errMsg });

/** Who a cloudID is read for: a user of a mini program (either may be unknown). */
export interface Reader {
  openid: string | undefined;
  appid: string | undefined;
}

/**
 * What the platform puts in place of a cloudID read on behalf of `reader`: unknown ids
 * are invalid, ids issued to another user or another mini program do not match the reader
 * (checked before the age), and an id is expired from the moment five minutes have passed.
 * The errMsg texts of -601006 and -601007 are ones WeChat was seen giving (-601007 in a
 * shared environment read as the environment's owner); -601005's is unknown, so the kit
 * gives wx-server-sdk's description of the code. The order of the checks and expiry at
 * exactly 5:00 are the kit's choices.
 */
export function resolveCloudId(platform: Platform, cloudID: unknown, reader: Reader): CloudIdResolution {
  const record = typeof cloudID === 'string' ? platform.byId.get(cloudID) : undefined;
  if (!record) return failure(cloudID, WX_ERROR_CODE.INVALID_CLOUD_ID);
  if (record.openid !== reader.openid || record.appid !== reader.appid) return failure(cloudID, WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH, CLOUD_ID_USER_MISMATCH_MESSAGE);
  if (platform.clock.now() - record.issuedAt >= CLOUD_ID_TTL_MS) return failure(cloudID, WX_ERROR_CODE.CLOUD_ID_EXPIRED, CLOUD_ID_EXPIRED_MESSAGE);
  return { cloudID, data: { ...JSON.parse(JSON.stringify(record.data)), watermark: watermarkOf(record) } };
}

/** A request id shaped like a UUID, unique within the platform. */
export function nextRequestId(platform: Platform): string {
  const count = (++platform.requests).toString(16).padStart(12, '0');
  return `${platform.serial.toString(16).padStart(8, '0')}-0000-4000-8000-${count}`;
}

/** A cloud function's `config.json`: what the kit reads of it is the cloud-call permissions. */
export interface FunctionConfig {
  permissions?: { openapi?: string[] };
  /** The function's time limit in seconds; default the platform's (`functionTimeLimitMs`, 3 s). */
  timeout?: number;
}

/** Records each of `appid`'s functions' config.json; a function without one may make no cloud call. */
export function registerFunctionConfigs(platform: Platform, appid: string, configs: Record<string, FunctionConfig> | undefined, field: string): void {
  if (configs === undefined) return;
  if (typeof configs !== 'object' || configs === null) throw invalidKitOption(field, `${field} must map function names to their config.json contents, e.g. { getPhone: { permissions: { openapi: ['phonenumber.getPhoneNumber'] } } }.`);
  for (const name of Object.keys(configs)) {
    const config: unknown = configs[name];
    const permissions = typeof config === 'object' && config !== null ? (config as FunctionConfig).permissions : undefined;
    const openapi = typeof permissions === 'object' && permissions !== null ? permissions.openapi : undefined;
    const valid =
      typeof config === 'object' && config !== null && (permissions === undefined || (typeof permissions === 'object' && permissions !== null && (openapi === undefined || (Array.isArray(openapi) && openapi.every((entry) => typeof entry === 'string')))));
    if (!valid) throw invalidKitOption(`${field}.${name}`, `${field}.${name} must be the function's config.json contents: { permissions: { openapi: ['phonenumber.getPhoneNumber', ...] } }.`);
    const timeout = (config as FunctionConfig).timeout;
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout))) throw invalidKitOption(`${field}.${name}.timeout`, `${field}.${name}.timeout must be a positive number of seconds, got ${String(timeout)}.`);
    programOf(platform, appid).functionConfigs.set(name, JSON.parse(JSON.stringify(config)));
  }
}

/** A phone number as open data: what a phone code (or the phone cloudID) stands for. */
export type PhoneNumber = OpenDataByApi['getPhoneNumber'];

/** The buttons that hand out phone number codes. */
export type PhoneButton = 'getPhoneNumber' | 'getRealtimePhoneNumber';

/** A phone number code the platform handed out, kept for redemption and for assertions. */
export interface IssuedPhoneCode {
  code: string;
  /** The button that produced it. */
  api: PhoneButton;
  phoneNumber: PhoneNumber;
  /** The user who tapped: an `openid` given on redemption must be this one. */
  openid: string;
  /** The mini program it was issued to: only it can redeem the code. */
  appid: string;
  /** By the platform clock (ms); the code expires five minutes later. */
  issuedAt: number;
  /** Set when the code has been redeemed: it works once. */
  redeemedAt?: number;
}

/** What redeeming a phone code gives: the phone info (as the server API names it), or WeChat's errcode and errmsg. */
export type PhoneCodeRedemption = { phoneInfo: PhoneNumber & { watermark: Watermark } } | { errcode: number; errmsg: string };

/** Mints a phone number code (64 hex characters, like WeChat's) bound to `appid` and `openid`, and remembers it. */
export function issuePhoneCode(platform: Platform, issue: Omit<IssuedPhoneCode, 'code' | 'issuedAt' | 'redeemedAt'>): IssuedPhoneCode {
  const code = createHash('sha256').update(`${platform.serial}:phone:${platform.phoneCodes.size}`).digest('hex');
  const record: IssuedPhoneCode = { code, ...issue, phoneNumber: { ...issue.phoneNumber }, issuedAt: platform.clock.now() };
  platform.phoneCodes.set(code, record);
  return record;
}

/**
 * Redeems a phone code for the mini program `appid`, as the server API getPhoneNumber does:
 * unknown, used and expired codes (five minutes, by the platform clock) fail with 40029;
 * a code of another mini program with 40013; with `openid`, a code of another user with 40029
 * (the docs say the binding is checked, not with which code: a choice). Only a success uses the code up.
 */
export function redeemPhoneCode(platform: Platform, request: { code: unknown; appid: string; openid?: string }): PhoneCodeRedemption {
  const record = typeof request.code === 'string' ? platform.phoneCodes.get(request.code) : undefined;
  if (!record || record.redeemedAt !== undefined || platform.clock.now() - record.issuedAt >= PHONE_CODE_TTL_MS) return { ...PHONE_NUMBER_ERROR.INVALID_CODE };
  if (record.appid !== request.appid) return { ...PHONE_NUMBER_ERROR.APPID_MISMATCH };
  if (request.openid !== undefined && request.openid !== record.openid) return { ...PHONE_NUMBER_ERROR.INVALID_CODE };
  record.redeemedAt = platform.clock.now();
  return { phoneInfo: { ...record.phoneNumber, watermark: watermarkOf(record) } };
}
