import { request as httpRequest, type IncomingMessage } from 'node:http';
import { invalidOption, type CloudIdError, type OpenApiErrorCode, type OpenApiPath } from '../core/errors';
import { isRecord } from '../core/open-data-checks';
import { OPEN_API_BASE_URL, OPEN_API_ERROR_CODE, OPEN_API_PATH, OPEN_API_QUERY, PHONE_NUMBER_ERROR } from '../core/rules';
import { openApiBadResponse, openApiErrcodeError, openApiTimeout, openApiUnreachable } from './errors';

/** How long a call to the open-API service may take, connection to last byte, by default. */
export const DEFAULT_OPEN_API_TIMEOUT_MS = 5000;

/** Open-API answers larger than this are refused rather than buffered (WeChat caps open data far below it). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export interface OpenApiOptions {
  /** Where the open-API service listens; default `'http://api.weixin.qq.com'` (the sidecar inside Cloud Hosting). `http:` only. */
  baseUrl?: string;
  /** Abandon a call with `OPEN_API_TIMEOUT` after this many milliseconds; default 5000. */
  timeoutMs?: number;
}

/** Whose cloudIDs or phone code these are: the headers' user (see `getContainerContext`). */
export interface OpenApiCaller {
  /** X-WX-OPENID, or X-WX-FROM-OPENID under resource reuse. */
  openid: string;
  /** X-WX-FROM-APPID under resource reuse; absent otherwise. */
  fromAppid?: string;
}

/** What one cloudID was exchanged for: WeChat's `{ cloudID, data }`, or its per-id failure. */
export type ExchangedCloudId =
  | { ok: true; cloudID: string; data: Record<string, unknown> }
  | { ok: false; cloudID: string; errCode?: number; errMsg: string };

/** `phone_info` of `/wxa/business/getuserphonenumber`. */
export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
  watermark: { appid: string; timestamp: number };
}

/** A client of Cloud Hosting's open-API service. */
export interface OpenApi {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /**
   * `POST /wxa/getopendata`: every id in one request. One entry per id, in the order
   * given: its open data, or WeChat's failure for that id (expired, user mismatch, ...).
   * Rejects (with an `OPEN_API_*` error) only when the service gives no usable answer at all.
   * The watermark is not checked here: `withOpenData` does that.
   */
  getOpenData(ids: readonly string[], caller: OpenApiCaller): Promise<ExchangedCloudId[]>;
  /**
   * `POST /wxa/business/getuserphonenumber`: the number behind a phone code from the
   * `getPhoneNumber` button. Rejects with `PHONE_CODE_INVALID` for a code that is
   * invalid, used or expired, and an `OPEN_API_*` error for the rest.
   */
  getPhoneNumber(code: string, caller?: Partial<OpenApiCaller>): Promise<PhoneInfo>;
}

/** A client of the open-API service over Node's own `http`. Every call settles, within `timeoutMs`. */
export function createOpenApi(options: OpenApiOptions = {}): OpenApi {
  if (typeof options !== 'object' || options === null) throw invalidOption('createOpenApi(options)', 'an object like { timeoutMs: 5000 }', options);
  const { baseUrl = OPEN_API_BASE_URL, timeoutMs = DEFAULT_OPEN_API_TIMEOUT_MS } = options;
  const base = parseBaseUrl(baseUrl);
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw invalidOption('timeoutMs', 'a number of milliseconds above 0', timeoutMs);
  }
  const call = (path: OpenApiPath, caller: Partial<OpenApiCaller>, body: object) => post(base, path, caller, body, timeoutMs);

  return {
    baseUrl,
    timeoutMs,
    async getOpenData(ids, caller) {
      if (!Array.isArray(ids)) throw invalidOption('ids', 'an array of cloudID strings', ids);
      const bad = ids.findIndex((id) => typeof id !== 'string' || id === '');
      if (bad !== -1) throw invalidOption(`ids[${bad}]`, 'a non-empty cloudID string', ids[bad]);
      checkCaller(caller, 'getOpenData', true);
      if (ids.length === 0) return [];
      const answer = await call(OPEN_API_PATH.GET_OPEN_DATA, caller, { cloudid_list: [...ids] });
      return readDataList(answer, ids);
    },
    async getPhoneNumber(code, caller = {}) {
      if (typeof code !== 'string' || code === '') throw invalidOption('code', "the non-empty phone code from the button's e.detail.code", code);
      checkCaller(caller, 'getPhoneNumber', false);
      const answer = await call(OPEN_API_PATH.GET_PHONE_NUMBER, caller, { code });
      const info = answer.phone_info;
      if (!isRecord(info) || typeof info.phoneNumber !== 'string') {
        throw openApiBadResponse(OPEN_API_PATH.GET_PHONE_NUMBER, 'no phone_info.phoneNumber in the answer.');
      }
      return info as unknown as PhoneInfo;
    },
  };
}

function parseBaseUrl(baseUrl: unknown): URL {
  let url: URL | undefined;
  try {
    url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'http:') {
    throw invalidOption('baseUrl', `an http: URL like '${OPEN_API_BASE_URL}' (the open-API service is plain HTTP inside Cloud Hosting)`, baseUrl);
  }
  return url;
}

function checkCaller(caller: unknown, method: string, openidRequired: boolean): asserts caller is Partial<OpenApiCaller> {
  const hint = `pass { openid: context.FROM_OPENID ?? context.OPENID, fromAppid: context.FROM_APPID } from getContainerContext(req)`;
  if (typeof caller !== 'object' || caller === null) throw invalidOption(`${method}(…, caller)`, `an object: ${hint}`, caller);
  const { openid, fromAppid } = caller as Partial<OpenApiCaller>;
  if ((openidRequired || openid !== undefined) && (typeof openid !== 'string' || openid === '')) {
    throw invalidOption('caller.openid', `the user's openid (WeChat checks each cloudID against it): ${hint}`, openid);
  }
  if (fromAppid !== undefined && (typeof fromAppid !== 'string' || fromAppid === '')) {
    throw invalidOption('caller.fromAppid', 'X-WX-FROM-APPID, or absent outside resource reuse', fromAppid);
  }
}

/** The answer of one call, errcode 0; any other errcode becomes its error. */
function post(base: URL, path: OpenApiPath, caller: Partial<OpenApiCaller>, body: object, timeoutMs: number): Promise<Record<string, unknown>> {
  const url = new URL(path, base);
  // The sample's order: from_appid first, then openid.
  if (caller.fromAppid !== undefined) url.searchParams.set(OPEN_API_QUERY.FROM_APPID, caller.fromAppid);
  if (caller.openid !== undefined) url.searchParams.set(OPEN_API_QUERY.OPENID, caller.openid);
  const payload = Buffer.from(JSON.stringify(body));

  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: CloudIdError<OpenApiErrorCode> | undefined, answer?: Record<string, unknown>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        reject(error);
        request.destroy();
      } else {
        resolve(answer as Record<string, unknown>);
      }
    };
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (response) => {
      readResponse(response, path).then(
        (answer) => settle(undefined, answer),
        (error: CloudIdError<OpenApiErrorCode>) => settle(error),
      );
    });
    const timer = setTimeout(() => settle(openApiTimeout(path, timeoutMs)), timeoutMs);
    request.on('error', (error) => settle(openApiUnreachable(path, base.origin, error)));
    request.end(payload);
  });
}

function readResponse(response: IncomingMessage, path: OpenApiPath): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        reject(openApiBadResponse(path, `the answer exceeds ${MAX_RESPONSE_BYTES} bytes.`, response.statusCode));
        response.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    response.on('error', (error) => reject(openApiBadResponse(path, `the answer broke off (${error.message}).`, response.statusCode)));
    response.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let answer: unknown;
      try {
        answer = JSON.parse(text);
      } catch {
        reject(openApiBadResponse(path, `HTTP ${response.statusCode}, not JSON: ${JSON.stringify(text.slice(0, 200))}`, response.statusCode));
        return;
      }
      if (!isRecord(answer)) {
        reject(openApiBadResponse(path, `HTTP ${response.statusCode}, expected a JSON object.`, response.statusCode));
        return;
      }
      const errcode = answer.errcode;
      if (errcode !== undefined && errcode !== 0) {
        reject(errcodeError(path, errcode, answer.errmsg));
        return;
      }
      if (response.statusCode === undefined || response.statusCode >= 400) {
        reject(openApiBadResponse(path, `HTTP ${response.statusCode} without an errcode.`, response.statusCode));
        return;
      }
      resolve(answer);
    });
  });
}

function errcodeError(path: OpenApiPath, errcode: unknown, errmsg: unknown): CloudIdError<OpenApiErrorCode> {
  if (typeof errcode !== 'number') return openApiBadResponse(path, `errcode is ${JSON.stringify(errcode)}, not a number.`);
  const message = typeof errmsg === 'string' ? errmsg : '';
  switch (errcode) {
    case OPEN_API_ERROR_CODE.NOT_ALLOWED:
    case OPEN_API_ERROR_CODE.API_UNAUTHORIZED:
      return openApiErrcodeError('OPEN_API_NOT_ALLOWED', path, errcode, message);
    case PHONE_NUMBER_ERROR.RATE_LIMIT.errcode:
      return openApiErrcodeError('OPEN_API_RATE_LIMITED', path, errcode, message);
    case PHONE_NUMBER_ERROR.INVALID_CODE.errcode:
      if (path === OPEN_API_PATH.GET_PHONE_NUMBER) return openApiErrcodeError('PHONE_CODE_INVALID', path, errcode, message);
      return openApiErrcodeError('OPEN_API_FAILED', path, errcode, message);
    default:
      return openApiErrcodeError('OPEN_API_FAILED', path, errcode, message);
  }
}

/** `data_list` as one entry per id, matched by `cloud_id` (or the cloudID inside `json`), else by position. */
function readDataList(answer: Record<string, unknown>, ids: readonly string[]): ExchangedCloudId[] {
  const path = OPEN_API_PATH.GET_OPEN_DATA;
  const list = answer.data_list;
  if (!Array.isArray(list)) throw openApiBadResponse(path, 'no data_list in the answer.');
  const entries = list.map((entry, index) => {
    if (!isRecord(entry)) throw openApiBadResponse(path, `data_list[${index}] is not an object.`);
    // Documented as a JSON string; the reference's sample prints it as an object: read both.
    let json: unknown = entry.json;
    if (typeof json === 'string') {
      try {
        json = JSON.parse(json);
      } catch {
        throw openApiBadResponse(path, `data_list[${index}].json is not valid JSON.`);
      }
    }
    if (!isRecord(json)) throw openApiBadResponse(path, `data_list[${index}].json is not an object.`);
    const cloudID = typeof entry.cloud_id === 'string' ? entry.cloud_id : typeof json.cloudID === 'string' ? json.cloudID : undefined;
    return { cloudID, json };
  });

  return ids.map((id, index): ExchangedCloudId => {
    const entry = entries.find((candidate) => candidate.cloudID === id) ?? (entries[index] && entries[index].cloudID === undefined ? entries[index] : undefined);
    if (!entry) return { ok: false, cloudID: id, errMsg: `${path} returned no entry for this cloudID.` };
    const { json } = entry;
    if (typeof json.errCode === 'number' && json.errCode !== 0) {
      return { ok: false, cloudID: id, errCode: json.errCode, errMsg: typeof json.errMsg === 'string' ? json.errMsg : `errCode ${json.errCode}` };
    }
    if (!isRecord(json.data)) return { ok: false, cloudID: id, errMsg: `${path} returned an entry without data for this cloudID.` };
    return { ok: true, cloudID: id, data: json.data };
  });
}
