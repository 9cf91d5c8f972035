import type { IncomingMessage } from 'node:http';
import { createFailureEnvelope, type OpenDataFailure, type OpenDataFailureEnvelope } from '../core/envelope';
import { invalidOption } from '../core/errors';
import {
  acceptedAppIds,
  checkOpenData,
  checkPhoneInfo,
  fromErrorItem,
  fromPhoneCodeError,
  isWatermarkRequired,
  planToken,
  resolveWatermarkOptions,
  untrusted,
  type ResolvedWatermarkOptions,
  type UntrustedOpenData,
  type WatermarkExpectation,
  type WatermarkOptions,
  checkOpenDataKeys,
} from '../core/open-data-checks';
import { isRecord } from '../core/is-object';
import type { OpenDataOf } from '../core/payloads';
import { PHONE_CODE_ERROR_CODE, type CloudIdApi } from '../core/rules';
import { getContainerContext, type ContainerContext } from './context';
import { errorResponse } from './error-response';
import { isIdentityError, isOpenApiErrcodeError } from './errors';
import { createOpenApi, type OpenApi, type OpenApiCaller } from './open-api';
import { readJsonBody } from './request-body';

/** Each top-level body field that carries open data, mapped to the source its cloudID (or phone code) came from. */
export type OpenDataKeys = Readonly<Record<string, CloudIdApi>>;

/** What the handler receives: each listed field's open data, exchanged and checked, typed by its source. */
export type CleanOpenData<Keys extends OpenDataKeys> = { -readonly [Key in keyof Keys]: OpenDataOf<Keys[Key]> };

export interface WithOpenDataOptions<Keys extends OpenDataKeys> extends WatermarkOptions {
  /** E.g. `{ weRunData: 'getWeRunData', phone: 'getPhoneNumber' }`: at most five, like a call's tickets. */
  keys: Keys;
  /** The open-API client; default `createOpenApi()` (the sidecar at http://api.weixin.qq.com, 5 s timeout). */
  openApi?: OpenApi;
  /**
   * Told of each failure `withOpenData` answers itself (the open-API service's, answered 502
   * or 504; under plain `http`, the handler's, answered 500), with the request. Default:
   * `console.error(error)`. The page sees only the code and a plain sentence (`errorResponse`).
   */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

/** The HTTP status of the failure envelope: the request is well-formed, its open data unusable. */
export const FAILURE_ENVELOPE_STATUS = 422;

/** What one request's open data came to. */
export type OpenDataOutcome<Keys extends OpenDataKeys> =
  | {
      ok: true;
      data: CleanOpenData<Keys>;
      context: ContainerContext;
      /** The JSON body, when the reader read it from the request itself (no body parser had): the adapters leave it where a parser would. */
      bodyRead?: Record<string, unknown>;
    }
  | { ok: false; status: number; body: OpenDataFailureEnvelope | { error: { code: string; message: string } } };

/**
 * Exchanges and checks the listed fields of one request: the shared core of the Express,
 * `http` and Koa handlers. Resolves with the data or the answer to send; rejects only
 * with the open-API service's failures (not allowed, timeout, ...), which are the
 * service's fault rather than the caller's: answer them with `errorResponse`.
 */
export type OpenDataReader<Keys extends OpenDataKeys> = (req: IncomingMessage, parsedBody: unknown) => Promise<OpenDataOutcome<Keys>>;

/** `createOpenDataReader`'s result: the per-request reader, and how to tell `onError` of a failure. */
export interface OpenDataReading<Keys extends OpenDataKeys> {
  read: OpenDataReader<Keys>;
  /** Calls `onError`; one that throws must not leave the request unanswered, so its throw is dropped. */
  report(error: unknown, req: IncomingMessage): void;
}

/** The default `onError`: the error alone (the request would bury it in the log). */
const logError = (error: unknown) => console.error(error);

/** Checks `withOpenData`'s options once, at start-up, and returns the per-request reader. */
export function createOpenDataReader<Keys extends OpenDataKeys>(options: WithOpenDataOptions<Keys>, caller: string): OpenDataReading<Keys> {
  if (!isRecord(options)) throw invalidOption(`${caller}(options)`, "an object like { keys: { weRunData: 'getWeRunData' } }", options);
  const { keys, openApi = createOpenApi(), onError = logError, ...rest } = options;
  if (typeof onError !== 'function') throw invalidOption('onError', 'a function (error, req) => void, like console.error', onError);
  const fields = checkOpenDataKeys(keys, 'keys');
  if (!isRecord(openApi) || typeof openApi.getOpenData !== 'function' || typeof openApi.getPhoneNumber !== 'function') {
    throw invalidOption('openApi', 'a client from createOpenApi({ baseUrl, timeoutMs })', openApi);
  }
  const watermark = resolveWatermarkOptions(rest);

  const read: OpenDataReader<Keys> = async (req, parsedBody) => {
    let context: ContainerContext;
    try {
      context = getContainerContext(req);
    } catch (error) {
      if (isIdentityError(error)) return { ok: false, ...errorResponse(error) };
      throw error;
    }
    const reading = await readJsonBody(req, parsedBody);
    if (!reading.ok) return rejected(fields.map((key) => ({ key, reason: 'missing', errMsg: reading.problem })));
    const body = reading.body;
    if (!isRecord(body)) return rejected(fields.map((key) => ({ key, reason: 'missing', errMsg: 'The request body is not a JSON object: send the call data as an object.' })));

    const results = await exchangeFields(fields, keys, body, context, openApi, watermark);
    const failures: OpenDataFailure[] = [];
    const data: Record<string, unknown> = {};
    fields.forEach((key, index) => {
      const result = results[index];
      // A phone code not spent because another field failed.
      if (!result) return;
      if (result.ok) {
        data[key] = result.data;
        return;
      }
      const failure: OpenDataFailure = { key, reason: result.reason, errMsg: result.errMsg };
      if (result.errCode !== undefined) failure.errCode = result.errCode;
      if (result.cloudID !== undefined) failure.cloudID = result.cloudID;
      failures.push(failure);
    });
    return failures.length > 0 ? rejected(failures) : { ok: true, data: data as CleanOpenData<Keys>, context, bodyRead: reading.fromStream ? body : undefined };
  };
  const report = (error: unknown, req: IncomingMessage) => {
    try {
      onError(error, req);
    } catch {
      // the answer is still sent
    }
  };
  return { read, report };
}

function rejected(failures: OpenDataFailure[]): { ok: false; status: number; body: OpenDataFailureEnvelope } {
  return { ok: false, status: FAILURE_ENVELOPE_STATUS, body: createFailureEnvelope(failures) };
}

/** One field's open data, or why it cannot be trusted. */
type FieldResult = { ok: true; data: unknown } | UntrustedOpenData;

/** How one listed field is to be read. */
type Plan = { exchange: 'cloudID'; id: string; api: CloudIdApi } | { exchange: 'phoneCode'; code: string } | { exchange: 'none'; result: UntrustedOpenData };

function planField(key: string, api: CloudIdApi, body: Record<string, unknown>): Plan {
  const field = Object.prototype.hasOwnProperty.call(body, key) ? body[key] : undefined;
  if (field === undefined || field === null || field === '') {
    return { exchange: 'none', result: untrusted('missing', `The body has no "${key}": put the ticket (or its cloudID string) at the top level of the call data under "${key}".`) };
  }
  if (typeof field === 'string') {
    const plan = planToken(key, api, field);
    if (plan.exchange === 'none') return plan;
    return plan.exchange === 'phoneCode' ? { exchange: 'phoneCode', code: field } : { exchange: 'cloudID', id: field, api };
  }
  if (isRecord(field)) {
    return {
      exchange: 'none',
      result: untrusted(
        'forged',
        `"${key}" arrived as an object, not a cloudID string: in a container the platform replaces nothing, so open data in the body was made by the client. ` +
          "Send the ticket with miniprogram-cloudid's callContainer (or the cloudID string): the service exchanges it.",
        field.cloudID,
      ),
    };
  }
  return { exchange: 'none', result: untrusted('missing', `"${key}" is not a cloudID string: got ${Array.isArray(field) ? 'an array' : typeof field}.`) };
}

/**
 * One result per field, in order: every cloudID in one getopendata request, then each phone
 * code on its own. A code works once and each success is billed, so codes are spent only
 * when every other field is trusted (as the cloud-function side does); otherwise their
 * results are left out (undefined) and the failures are answered.
 */
async function exchangeFields(
  fields: string[],
  keys: OpenDataKeys,
  body: Record<string, unknown>,
  context: ContainerContext,
  openApi: OpenApi,
  watermark: ResolvedWatermarkOptions,
): Promise<(FieldResult | undefined)[]> {
  const plans = fields.map((key) => planField(key, keys[key], body));
  // Built whole: `delete` on it would leave V8 a slow dictionary object.
  const caller: OpenApiCaller =
    context.resourceReuse && context.FROM_APPID !== undefined
      ? { openid: context.FROM_OPENID as string, fromAppid: context.FROM_APPID }
      : { openid: (context.resourceReuse ? context.FROM_OPENID : context.OPENID) as string };
  const expected = (api: CloudIdApi): WatermarkExpectation => ({ appIds: acceptedAppIds(context.APPID, context.FROM_APPID), required: isWatermarkRequired(api, watermark) });

  const ids: string[] = [];
  for (const plan of plans) if (plan.exchange === 'cloudID') ids.push(plan.id);
  const exchanged = ids.length > 0 ? await openApi.getOpenData(ids, caller) : [];
  let next = 0;
  const results = plans.map((plan): FieldResult | undefined => {
    if (plan.exchange === 'none') return plan.result;
    if (plan.exchange === 'phoneCode') return undefined;
    const item = exchanged[next++];
    if (!item.ok) return item.errCode !== undefined ? fromErrorItem({ cloudID: item.cloudID, errCode: item.errCode, errMsg: item.errMsg }) : untrusted('error', item.errMsg, item.cloudID);
    return checkOpenData(item.cloudID, item.data, expected(plan.api), watermark);
  });
  if (results.every((result) => result === undefined || result.ok)) {
    const phones = await Promise.all(plans.map((plan) => (plan.exchange === 'phoneCode' ? exchangePhoneCode(openApi, plan.code, caller, expected('getPhoneNumber').appIds, watermark) : undefined)));
    phones.forEach((phone, index) => {
      if (phone) results[index] = phone;
    });
  }
  return results;
}

/** The phone API's answers that concern the code itself, not the service: told to the page in the envelope. */
const PHONE_CODE_FAILURES: readonly number[] = [
  PHONE_CODE_ERROR_CODE.INVALID_CODE,
  PHONE_CODE_ERROR_CODE.APPID_MISMATCH,
  PHONE_CODE_ERROR_CODE.RATE_LIMITED,
  PHONE_CODE_ERROR_CODE.QUOTA_EXCEEDED,
];

/** A phone code's number, checked like the cloud-function side checks it; the service's own failures are thrown. */
async function exchangePhoneCode(openApi: OpenApi, code: string, caller: OpenApiCaller, appIds: readonly string[], watermark: ResolvedWatermarkOptions): Promise<FieldResult> {
  try {
    return checkPhoneInfo(await openApi.getPhoneNumber(code, caller), appIds, watermark);
  } catch (error) {
    if (isOpenApiErrcodeError(error) && PHONE_CODE_FAILURES.includes(error.errcode)) return fromPhoneCodeError(error.errcode, error.errmsg);
    throw error;
  }
}

