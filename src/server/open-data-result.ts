import type { OpenDataFailureReason } from '../core/envelope';
import { CLOUD_ID_TTL_MS, WATERMARK_CLOCK_SKEW_SECONDS, WX_ERROR_CODE } from '../core/rules';
import type { CloudContext } from './context';

/** Open data that passed every check. */
export interface TrustedOpenData<T> {
  ok: true;
  cloudID: string;
  data: T;
}

/** Why a field (or an exchanged cloudID) gave no data to trust. */
export interface UntrustedOpenData {
  ok: false;
  reason: OpenDataFailureReason;
  /** The cloudID concerned, when one arrived. */
  cloudID?: string;
  /** WeChat's error code, for `expired`, `invalid`, `user-mismatch` and `error`. */
  errCode?: number;
  errMsg: string;
}

export type OpenDataResult<T> = TrustedOpenData<T> | UntrustedOpenData;

/** The default `maxAgeSeconds`: a cloudID's lifetime plus the allowed clock skew. */
export const DEFAULT_WATERMARK_MAX_AGE_SECONDS = CLOUD_ID_TTL_MS / 1000 + WATERMARK_CLOCK_SKEW_SECONDS;

export interface WatermarkOptions {
  /** Reject data whose watermark is older than this; default 360 (5-minute lifetime + 60 s skew). */
  maxAgeSeconds?: number;
  /** The clock, in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
}

/** Checks the options once, where they are given, so a typo fails at start-up, not per call. */
export function resolveWatermarkOptions(options: WatermarkOptions, caller: string): Required<WatermarkOptions> {
  const { maxAgeSeconds = DEFAULT_WATERMARK_MAX_AGE_SECONDS, now = Date.now } = options;
  if (typeof maxAgeSeconds !== 'number' || !(maxAgeSeconds > 0)) {
    throw new TypeError(`${caller}: maxAgeSeconds must be a number of seconds above 0 (Infinity skips the freshness check), got ${String(maxAgeSeconds)}.`);
  }
  if (typeof now !== 'function') throw new TypeError(`${caller}: now must be a function returning milliseconds since the epoch, got ${typeof now}.`);
  return { maxAgeSeconds, now };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function untrusted(reason: OpenDataFailureReason, errMsg: string, cloudID?: unknown, errCode?: number): UntrustedOpenData {
  const result: UntrustedOpenData = { ok: false, reason, errMsg };
  if (typeof cloudID === 'string' && cloudID !== '') result.cloudID = cloudID;
  if (errCode !== undefined) result.errCode = errCode;
  return result;
}

const REASON_BY_CODE: Readonly<Record<number, OpenDataFailureReason>> = {
  [WX_ERROR_CODE.CLOUD_ID_EXPIRED]: 'expired',
  [WX_ERROR_CODE.INVALID_CLOUD_ID]: 'invalid',
  [WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH]: 'user-mismatch',
};

/** A failure object from WeChat (`{ cloudID, errCode, errMsg }`) has a non-zero numeric errCode. */
export function hasErrorCode(item: Record<string, unknown>): item is Record<string, unknown> & { errCode: number } {
  return typeof item.errCode === 'number' && item.errCode !== 0;
}

/** Classifies WeChat's failure object by its code, keeping WeChat's own message. */
export function fromErrorItem(item: Record<string, unknown> & { errCode: number }): UntrustedOpenData {
  const reason = REASON_BY_CODE[item.errCode] ?? 'error';
  const errMsg = typeof item.errMsg === 'string' && item.errMsg !== '' ? item.errMsg : `WeChat answered errCode ${item.errCode} for this cloudID.`;
  return untrusted(reason, errMsg, item.cloudID, item.errCode);
}

/**
 * Checks the watermark of open data WeChat delivered: issued to this mini program (the
 * context's APPID, or FROM_APPID in a cross-account call) and not older than `maxAgeSeconds`.
 */
export function checkWatermark<T>(cloudID: string, data: Record<string, unknown>, context: CloudContext, options: Required<WatermarkOptions>): OpenDataResult<T> {
  const watermark = data.watermark;
  if (!isRecord(watermark)) return untrusted('watermark-appid', 'The open data carries no watermark, so it cannot be tied to this mini program.', cloudID);

  const appIds = [context.APPID, context.FROM_APPID].filter((id): id is string => typeof id === 'string' && id !== '');
  if (appIds.length === 0) {
    return untrusted('watermark-appid', 'The context has no APPID to compare watermark.appid with: open data is only trusted in a call from a mini program.', cloudID);
  }
  if (typeof watermark.appid !== 'string' || !appIds.includes(watermark.appid)) {
    return untrusted('watermark-appid', `watermark.appid ${JSON.stringify(watermark.appid)} is not this mini program's AppID ${JSON.stringify(appIds[0])}.`, cloudID);
  }

  const timestamp = watermark.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return untrusted('watermark-stale', 'The open data has no watermark.timestamp, so its age cannot be checked.', cloudID);
  }
  const ageSeconds = options.now() / 1000 - timestamp;
  if (ageSeconds > options.maxAgeSeconds) {
    return untrusted('watermark-stale', `The watermark is ${Math.round(ageSeconds)} s old, more than maxAgeSeconds (${options.maxAgeSeconds} s).`, cloudID);
  }
  return { ok: true, cloudID, data: data as T };
}
