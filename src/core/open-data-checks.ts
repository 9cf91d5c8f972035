/**
 * The open-data checks both backends share: the cloud-function entry (context from
 * `getWXContext()`) and the Cloud Hosting entry (context from the `X-WX-*` headers).
 * Nothing here knows where the context came from: callers pass the AppIDs to accept.
 */
import type { OpenDataFailureReason } from './envelope';
import { invalidOption } from './errors';
import { isRecord } from './is-object';
import {
  CLOUD_ID_SHAPE,
  CLOUD_ID_TTL_MS,
  MAX_CLOUD_ID_LENGTH,
  MAX_CLOUD_IDS_PER_CALL,
  OPEN_DATA_API_SINCE,
  PHONE_CODE_ERROR_CODE,
  PHONE_NUMBER_OPENAPI,
  WATERMARK_CLOCK_SKEW_SECONDS,
  WATERMARK_DOCUMENTED_FOR,
  WX_ERROR_CODE,
  type CloudIdApi,
} from './rules';

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
  /** WeChat's error code, for `expired`, `invalid`, `user-mismatch`, `error` and the phone-code reasons. */
  errCode?: number;
  errMsg: string;
}

export type OpenDataResult<T> = TrustedOpenData<T> | UntrustedOpenData;

/** The default `maxAgeSeconds`: a cloudID's lifetime plus the allowed clock skew (a choice, not a platform rule). */
export const DEFAULT_WATERMARK_MAX_AGE_SECONDS = CLOUD_ID_TTL_MS / 1000 + WATERMARK_CLOCK_SKEW_SECONDS;

export interface WatermarkOptions {
  /** Reject data whose watermark is older than this; default 360 (5-minute lifetime + 60 s skew). */
  maxAgeSeconds?: number;
  /** The clock, in milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
  /**
   * Reject open data without a watermark from every source. Default `false`: a watermark
   * is required only where WeChat documents one (WeRun, user info, phone numbers) and
   * checked wherever it is present.
   */
  requireWatermark?: boolean;
}

/** `WatermarkOptions` with every default applied, checked once. */
export interface ResolvedWatermarkOptions {
  maxAgeSeconds: number;
  now: () => number;
  requireWatermark: boolean;
}

/** What a watermark must show to be trusted. */
export interface WatermarkExpectation {
  /** The AppIDs the data may be issued to (the caller's, and the resource owner's under resource sharing). */
  appIds: readonly string[];
  /** Whether data without a watermark is refused: see `isWatermarkRequired`. */
  required: boolean;
}

/** Checks the options once, where they are given, so a typo fails at start-up, not per call. */
export function resolveWatermarkOptions(options: WatermarkOptions): ResolvedWatermarkOptions {
  const { maxAgeSeconds = DEFAULT_WATERMARK_MAX_AGE_SECONDS, now = Date.now, requireWatermark = false } = options;
  if (typeof maxAgeSeconds !== 'number' || !(maxAgeSeconds > 0)) {
    throw invalidOption('maxAgeSeconds', 'a number of seconds above 0 (Infinity skips the freshness check)', maxAgeSeconds);
  }
  if (typeof now !== 'function') throw invalidOption('now', 'a function returning milliseconds since the epoch, like Date.now', now);
  if (typeof requireWatermark !== 'boolean') throw invalidOption('requireWatermark', 'true or false', requireWatermark);
  return { maxAgeSeconds, now, requireWatermark };
}

/**
 * Whether data from `api` must carry a watermark: where WeChat documents one
 * (`WATERMARK_DOCUMENTED_FOR`), or everywhere with `requireWatermark`. `undefined` is a
 * source that is not known (an exchanged cloudID string): only the option requires it then.
 */
export function isWatermarkRequired(api: CloudIdApi | undefined, options: Pick<ResolvedWatermarkOptions, 'requireWatermark'>): boolean {
  return options.requireWatermark || (api !== undefined && WATERMARK_DOCUMENTED_FOR.includes(api));
}

/** The non-empty string AppIDs among `ids`, for `WatermarkExpectation.appIds`. */
export function acceptedAppIds(...ids: unknown[]): string[] {
  return ids.filter((id): id is string => typeof id === 'string' && id !== '');
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
 * Checks the watermark of open data WeChat delivered: issued to one of `expected.appIds`
 * and not older than `maxAgeSeconds`. A missing watermark fails only when
 * `expected.required`. Returns the failure, or `undefined` when the data can be trusted.
 * Throws `INVALID_OPTION` when `now()` gives no usable time: the freshness check
 * never switches itself off.
 */
export function checkWatermark(data: Record<string, unknown>, expected: WatermarkExpectation, options: ResolvedWatermarkOptions): UntrustedOpenData | undefined {
  if (expected.appIds.length === 0) {
    return untrusted('watermark-appid', 'The context has no APPID to compare watermark.appid with: open data is only trusted in a call from a mini program.');
  }
  const watermark = data.watermark;
  if (watermark === undefined && !expected.required) return undefined;
  if (!isRecord(watermark)) return untrusted('watermark-appid', 'The open data carries no watermark, so it cannot be tied to this mini program.');

  if (typeof watermark.appid !== 'string' || !expected.appIds.includes(watermark.appid)) {
    return untrusted('watermark-appid', `watermark.appid ${JSON.stringify(watermark.appid)} is not this mini program's AppID ${JSON.stringify(expected.appIds[0])}.`);
  }

  const timestamp = watermark.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return untrusted('watermark-stale', 'The open data has no watermark.timestamp, so its age cannot be checked.');
  }
  const nowMs: unknown = options.now();
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw invalidOption('now()', 'milliseconds since the epoch (a finite number), like Date.now() returns: the freshness check never turns itself off', nowMs);
  }
  const ageSeconds = nowMs / 1000 - timestamp;
  if (ageSeconds > options.maxAgeSeconds) {
    return untrusted('watermark-stale', `The watermark is ${Math.round(ageSeconds)} s old, more than maxAgeSeconds (${options.maxAgeSeconds} s).`);
  }
  return undefined;
}

/** `checkWatermark` as a result for `cloudID`: the data trusted, or why not. */
export function checkOpenData<T>(cloudID: string, data: Record<string, unknown>, expected: WatermarkExpectation, options: ResolvedWatermarkOptions): OpenDataResult<T> {
  const failure = checkWatermark(data, expected, options);
  return failure ? { ...failure, cloudID } : { ok: true, cloudID, data: data as T };
}

/** A phone code exchanged: the checked phone number, or why there is none. */
export type PhoneCodeResult<T> = { ok: true; data: T } | UntrustedOpenData;

/** The `permissions` entry a cloud function's config.json needs for the phone-code exchange. */
export const PHONE_NUMBER_PERMISSION_SNIPPET = `"permissions": { "openapi": ["${PHONE_NUMBER_OPENAPI}"] }`;

const REASON_BY_PHONE_CODE_ERROR: Readonly<Record<number, OpenDataFailureReason>> = {
  [PHONE_CODE_ERROR_CODE.INVALID_CODE]: 'code-invalid',
  [PHONE_CODE_ERROR_CODE.APPID_MISMATCH]: 'appid-mismatch',
  [PHONE_CODE_ERROR_CODE.RATE_LIMITED]: 'rate-limited',
  [PHONE_CODE_ERROR_CODE.QUOTA_EXCEEDED]: 'quota-exceeded',
  [PHONE_CODE_ERROR_CODE.NO_PERMISSION]: 'no-permission',
};

const PHONE_CODE_ADVICE: Partial<Record<OpenDataFailureReason, string>> = {
  'code-invalid': 'The phone code is invalid, already used or older than five minutes: ask the user to tap the button again.',
  'appid-mismatch': 'The phone code was issued to another mini program.',
  'rate-limited': 'Too many phone-number requests: try again later.',
  'quota-exceeded': 'The phone-number quota is used up: each success is billed after a free quota (see the 手机号快速验证组件 page).',
  'no-permission': `The cloud function may not call ${PHONE_NUMBER_OPENAPI}: add ${PHONE_NUMBER_PERMISSION_SNIPPET} to its config.json and deploy it again.`,
};

/** Classifies WeChat's answer to a failed phone-code exchange by its code, keeping WeChat's message after the advice. */
export function fromPhoneCodeError(errCode: number, errMsg: string): UntrustedOpenData {
  const reason = REASON_BY_PHONE_CODE_ERROR[errCode] ?? 'error';
  const advice = PHONE_CODE_ADVICE[reason];
  const detail = errMsg !== '' ? errMsg : `errCode ${errCode}`;
  return untrusted(reason, advice ? `${advice} (${detail})` : detail, undefined, errCode);
}

/**
 * Checks the `phoneInfo` a phone-code exchange returned: the three number fields are
 * strings, and the watermark (documented for this flow, so required) names one of
 * `appIds` and is fresh. A malformed `phoneInfo` is an `error` result saying what was wrong.
 */
export function checkPhoneInfo<T>(phoneInfo: unknown, appIds: readonly string[], options: ResolvedWatermarkOptions): PhoneCodeResult<T> {
  if (!isRecord(phoneInfo)) return untrusted('error', `The exchange answered without phoneInfo (got ${phoneInfo === null ? 'null' : typeof phoneInfo}).`);
  const badField = ['phoneNumber', 'purePhoneNumber', 'countryCode'].find((field) => typeof phoneInfo[field] !== 'string');
  if (badField) return untrusted('error', `The exchange answered phoneInfo.${badField} as ${typeof phoneInfo[badField]}, not a string.`);
  const failure = checkWatermark(phoneInfo, { appIds, required: true }, options);
  return failure ?? { ok: true, data: phoneInfo as T };
}

const OPEN_DATA_APIS = Object.keys(OPEN_DATA_API_SINCE) as CloudIdApi[];

/**
 * Checks `withOpenData`'s `keys` (`option` names it in errors) once, at start-up: an object
 * mapping each top-level field to the source its cloudID or phone code came from, at most
 * five fields, as one call carries at most five CloudIDs. Returns the fields.
 */
export function checkOpenDataKeys(keys: unknown, option: string): string[] {
  const example = "an object mapping each top-level field to its source, like { weRunData: 'getWeRunData' }";
  if (!isRecord(keys)) throw invalidOption(option, example, keys);
  const fields = Object.keys(keys);
  if (fields.length === 0) throw invalidOption(option, `${example} (it is empty)`, keys);
  if (fields.length > MAX_CLOUD_IDS_PER_CALL) {
    throw invalidOption(option, `at most ${MAX_CLOUD_IDS_PER_CALL} fields, as one call carries at most ${MAX_CLOUD_IDS_PER_CALL} CloudIDs: split the work across calls`, fields.length);
  }
  for (const field of fields) {
    if (OPEN_DATA_APIS.indexOf(keys[field] as CloudIdApi) < 0) {
      throw invalidOption(`${option}.${field}`, `the source of its CloudID, one of ${OPEN_DATA_APIS.join(', ')}`, keys[field]);
    }
  }
  return fields;
}

/** How a string a listed field holds is exchanged: as a cloudID, as a phone code, or not at all. */
export type TokenPlan = { exchange: 'cloudID' } | { exchange: 'phoneCode' } | { exchange: 'none'; result: UntrustedOpenData };

/**
 * What a non-empty string in the field `key` (listed for `api`) is, decided before anything
 * is spent on it. Longer than any cloudID can be (`MAX_CLOUD_ID_LENGTH`): refused as
 * `invalid`, costing no exchange. For `getPhoneNumber`, a string without a cloudID's shape
 * (`CLOUD_ID_SHAPE`) is a phone code; anything else is a cloudID.
 */
export function planToken(key: string, api: CloudIdApi, token: string): TokenPlan {
  if (token.length > MAX_CLOUD_ID_LENGTH) {
    const errMsg = `"${key}" is ${token.length} characters long, longer than any cloudID or phone code (${MAX_CLOUD_ID_LENGTH}): send the ticket's cloudID (or the phone code) as it came.`;
    return { exchange: 'none', result: untrusted('invalid', errMsg) };
  }
  return api === 'getPhoneNumber' && !CLOUD_ID_SHAPE.test(token) ? { exchange: 'phoneCode' } : { exchange: 'cloudID' };
}
