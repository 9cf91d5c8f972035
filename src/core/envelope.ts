/**
 * The protocol between `withOpenData` (server) and `callFunction` (client): when open
 * data in the event cannot be trusted, the cloud function answers with this envelope
 * instead of calling the handler, and the client refreshes expired tickets and retries.
 *
 *   { "cloudIdFailure": { "version": 1, "failures": [
 *       { "key": "weRunData", "reason": "expired", "errCode": -601006, "errMsg": "cloudID expired." } ] } }
 */

import { isObject } from './is-object';

/** Why a field of the event cannot be trusted as open data. */
export type OpenDataFailureReason =
  | 'expired'
  | 'invalid'
  | 'user-mismatch'
  | 'error'
  | 'missing'
  | 'forged'
  | 'watermark-appid'
  | 'watermark-stale'
  // A phone code (the `getPhoneNumber` button's `code` flow) that WeChat would not exchange:
  /** Invalid, already used, or expired (40029): the user must tap the button again. */
  | 'code-invalid'
  /** Issued to another mini program (40013). */
  | 'appid-mismatch'
  /** Too many exchanges (45011): try again later. */
  | 'rate-limited'
  /** The phone-number quota is used up. */
  | 'quota-exceeded'
  /** The cloud function's config.json lacks the openapi permission (-604101). */
  | 'no-permission';

export interface OpenDataFailure {
  key: string;
  reason: OpenDataFailureReason;
  errMsg: string;
  errCode?: number;
  cloudID?: string;
}

export const ENVELOPE_VERSION = 1;

export interface OpenDataFailureEnvelope {
  cloudIdFailure: {
    version: typeof ENVELOPE_VERSION;
    failures: OpenDataFailure[];
  };
}

export function createFailureEnvelope(failures: OpenDataFailure[]): OpenDataFailureEnvelope {
  return { cloudIdFailure: { version: ENVELOPE_VERSION, failures } };
}

/**
 * True when a cloud function's result is the failure envelope. Its failures are what the
 * server wrote: read them with `readFailure`, which copes with a malformed one.
 */
export function isFailureEnvelope(result: unknown): result is OpenDataFailureEnvelope {
  const body = isObject(result) ? (result as Partial<OpenDataFailureEnvelope>).cloudIdFailure : undefined;
  return isObject(body) && body.version === ENVELOPE_VERSION && Array.isArray(body.failures);
}

/** A failure as the envelope carries it, or, for a malformed entry, an `error` failure saying so. */
export function readFailure(failure: unknown): OpenDataFailure {
  const given = failure as Partial<OpenDataFailure> | null;
  return isObject(given) && typeof given.key === 'string' && typeof given.reason === 'string'
    ? (given as OpenDataFailure)
    : { key: '', reason: 'error', errMsg: `malformed envelope failure: ${JSON.stringify(failure)}` };
}
