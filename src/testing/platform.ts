import { createHash } from 'node:crypto';
import { CLOUD_ID_EXPIRED_MESSAGE, CLOUD_ID_TTL_MS, WX_ERROR_CODE, WX_ERROR_DESCRIPTION, type CloudIdApi } from '../core/rules';
import type { MockClock } from './clock';
import type { PlatformError } from './failure';
import type { Watermark } from './open-data';

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

/** The state shared by every mock wx and fake wx-server-sdk of one simulated platform. */
export interface Platform {
  clock: MockClock;
  functions: Map<string, CloudFunction>;
  issued: IssuedCloudId[];
  byId: Map<string, IssuedCloudId>;
  calls: MockCall[];
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

export function createPlatform(clock: MockClock): Platform {
  return { clock, functions: new Map(), issued: [], byId: new Map(), calls: [], serial: ++platforms, requests: 0 };
}

/** Adds cloud functions; another function under a name that is taken is a mistake in the test, not a replacement. */
export function registerFunctions(platform: Platform, functions: Record<string, CloudFunction> | undefined, field: string): void {
  if (functions === undefined) return;
  if (typeof functions !== 'object' || functions === null) throw new TypeError(`${field} must map function names to functions (exports.main).`);
  for (const name of Object.keys(functions)) {
    const given = functions[name];
    if (typeof given !== 'function') throw new TypeError(`${field}.${name} must be a function (the cloud function's exports.main), got ${typeof given}.`);
    const existing = platform.functions.get(name);
    if (existing && existing !== given) throw new TypeError(`${field}.${name}: another cloud function named "${name}" is registered already on this platform.`);
    platform.functions.set(name, given);
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

/**
 * What the platform puts in place of a cloudID read on behalf of `caller`: unknown ids
 * are invalid, ids issued to someone else do not match the caller (checked before the
 * age), and an id is expired from the moment five minutes have passed.
 */
export function resolveCloudId(platform: Platform, cloudID: unknown, caller: string | undefined): CloudIdResolution {
  const record = typeof cloudID === 'string' ? platform.byId.get(cloudID) : undefined;
  if (!record) return failure(cloudID, WX_ERROR_CODE.INVALID_CLOUD_ID);
  if (record.openid !== caller) return failure(cloudID, WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH);
  if (platform.clock.now() - record.issuedAt >= CLOUD_ID_TTL_MS) return failure(cloudID, WX_ERROR_CODE.CLOUD_ID_EXPIRED, CLOUD_ID_EXPIRED_MESSAGE);
  return { cloudID, data: { ...JSON.parse(JSON.stringify(record.data)), watermark: watermarkOf(record) } };
}

/** A request id shaped like a UUID, unique within the platform. */
export function nextRequestId(platform: Platform): string {
  const count = (++platform.requests).toString(16).padStart(12, '0');
  return `${platform.serial.toString(16).padStart(8, '0')}-0000-4000-8000-${count}`;
}
