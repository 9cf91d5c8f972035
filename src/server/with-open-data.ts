import { isRecord } from '../core/is-object';
import { invalidOption } from '../core/errors';
import { createFailureEnvelope, type OpenDataFailure, type OpenDataFailureEnvelope } from '../core/envelope';
import type { CloudIdApi } from '../core/rules';
import type { CloudLike } from './cloud';
import { getContext, type CloudContext } from './context';
import { readOpenData, type ReadOpenDataOptions } from './open-data';
import { exchangePhoneCode } from './phone';
import { resolveTimeout } from './timeout';
import { checkOpenDataKeys, planToken, resolveWatermarkOptions, type OpenDataResult, type PhoneCodeResult, type UntrustedOpenData } from '../core/open-data-checks';
import type { OpenDataOf } from '../core/payloads';

/** Each event field that carries open data, mapped to the source its CloudID came from. */
export type OpenDataKeys = Readonly<Record<string, CloudIdApi>>;

/** What the handler receives: each listed field's open data, typed by its source. */
export type CleanOpenData<Keys extends OpenDataKeys> = { -readonly [Key in keyof Keys]: OpenDataOf<Keys[Key]> };

export interface WithOpenDataOptions<Keys extends OpenDataKeys> extends Omit<ReadOpenDataOptions, 'context' | 'api'> {
  /** wx-server-sdk's `cloud`, after `cloud.init()`. */
  cloud: CloudLike;
  /**
   * E.g. `{ weRunData: 'getWeRunData', phone: 'getPhoneNumber' }`: at most five, as one
   * call replaces at most five. A `getPhoneNumber` field may hold a replaced CloudID or a
   * phone code string (a `PhoneCode` sent by the client's `callFunction`).
   */
  keys: Keys;
  /** How long a phone-code exchange may take, in milliseconds; default 2500 (see `exchangePhoneCode`). */
  timeoutMs?: number;
}

export type OpenDataHandler<Keys extends OpenDataKeys, Event, Context, Result> = (
  data: CleanOpenData<Keys>,
  event: Event,
  context: Context,
  wxContext: CloudContext,
) => Result;

/** An `exports.main`: the handler's result, or the failure envelope when open data is not trusted. */
export type CloudFunctionMain<Event, Context, Result> = (event: Event, context: Context) => Promise<Awaited<Result> | OpenDataFailureEnvelope>;


/**
 * Wraps a handler into an `exports.main` that reads every field in `keys` with
 * `readOpenData` and calls `handler(data, event, context, wxContext)` only when all are
 * trusted. Otherwise it answers `{ cloudIdFailure: { version: 1, failures } }` (one
 * failure per untrusted field) without calling the handler; the client's
 * `callFunction` refreshes expired tickets from it and retries once.
 */
export function withOpenData<Keys extends OpenDataKeys, Event = Record<string, unknown>, Context = unknown, Result = unknown>(
  options: WithOpenDataOptions<Keys>,
  handler: OpenDataHandler<Keys, Event, Context, Result>,
): CloudFunctionMain<Event, Context, Result> {
  if (!isRecord(options)) throw invalidOption('options', "an object like { cloud, keys: { weRunData: 'getWeRunData' } }", options);
  const { cloud, keys, ...rest } = options;
  if (typeof cloud !== 'object' || cloud === null || typeof cloud.getWXContext !== 'function') {
    throw invalidOption('options.cloud', "wx-server-sdk's cloud object, the one with getWXContext: pass require('wx-server-sdk')", cloud);
  }
  const fields = checkOpenDataKeys(keys, 'options.keys');
  if (typeof handler !== 'function') throw invalidOption('handler', 'a function (data, event, context, wxContext) => result', handler);
  const { maxAgeSeconds, now, requireWatermark } = resolveWatermarkOptions(rest);
  const timeoutMs = resolveTimeout(rest.timeoutMs);
  const readOptions = { maxAgeSeconds, now, requireWatermark, trustUnlistedOpenData_INSECURE_LOCAL_DEBUG_ONLY: rest.trustUnlistedOpenData_INSECURE_LOCAL_DEBUG_ONLY === true };

  return async (event: Event, context: Context): Promise<Awaited<Result> | OpenDataFailureEnvelope> => {
    const wxContext = getContext(cloud);
    const data: Record<string, unknown> = {};
    const failures: OpenDataFailure[] = [];
    const record = (key: string, result: OpenDataResult<unknown> | PhoneCodeResult<unknown>) => {
      if (result.ok) {
        // Defined, not assigned: a key named __proto__ stays a field instead of becoming the prototype.
        Object.defineProperty(data, key, { value: result.data, enumerable: true, writable: true, configurable: true });
      } else {
        const failure: OpenDataFailure = { key, reason: result.reason, errMsg: result.errMsg };
        if (result.errCode !== undefined) failure.errCode = result.errCode;
        if (result.cloudID !== undefined) failure.cloudID = result.cloudID;
        failures.push(failure);
      }
    };
    const codes: [string, string][] = [];
    for (const key of fields) {
      const code = keys[key] === 'getPhoneNumber' ? phoneCodeIn(event, key) : undefined;
      if (typeof code === 'string') codes.push([key, code]);
      else record(key, code ?? readOpenData(event, key, { ...readOptions, api: keys[key], context: wxContext }));
    }
    // A code works once and each success is billed: spend it only when everything else is trusted.
    if (failures.length === 0) {
      for (const [key, code] of codes) record(key, await exchangePhoneCode(cloud, code, { context: wxContext, maxAgeSeconds, now, timeoutMs }));
    }
    if (failures.length > 0) return createFailureEnvelope(failures);
    return await handler(data as CleanOpenData<Keys>, event, context, wxContext);
  };
}

/**
 * The phone code a `getPhoneNumber` field holds: a PhoneCode arrives as its code string, a
 * replaced CloudID as open data. A string shaped like a cloudID is a nested CloudID's bare
 * id, which readOpenData reports (`missing`); a string longer than any code is refused
 * before it costs an exchange. The container entry tells them apart the same way (`planToken`).
 */
function phoneCodeIn(event: unknown, key: string): string | UntrustedOpenData | undefined {
  const field = isRecord(event) && Object.prototype.hasOwnProperty.call(event, key) ? event[key] : undefined;
  if (typeof field !== 'string' || field === '') return undefined;
  const plan = planToken(key, 'getPhoneNumber', field);
  return plan.exchange === 'phoneCode' ? field : plan.exchange === 'none' ? plan.result : undefined;
}
