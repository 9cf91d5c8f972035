import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { invalidOption, type CloudIdError, type OpenApiErrorCode, type OpenApiPath } from '../core/errors';
import { isObject, isRecord } from '../core/is-object';
import { readBody } from '../core/read-body';
import { MAX_CLOUD_ID_LENGTH, OPEN_API_BASE_URL, OPEN_API_PATH, OPEN_API_QUERY } from '../core/rules';
import { MAX_TIMER_MS, settleWithin } from '../core/settle-within';
import { openApiBadResponse, openApiErrcodeError, openApiHttpError, openApiTimeout, openApiUnreachable } from './errors';

/** How long a call to the open-API service may take, connection to last byte, by default. */
export const DEFAULT_OPEN_API_TIMEOUT_MS = 5000;

/** Open-API answers larger than this are refused rather than buffered (WeChat caps open data far below it). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * How long an idle connection to the open-API service is kept for the next call. A choice:
 * under Node's own server default (5 s), so the client is the one to close; a connection the
 * service closed anyway is retried once on a new one (see `post`).
 */
const IDLE_CONNECTION_MS = 4000;

let sharedAgent: Agent | undefined;

/**
 * The keep-alive agent every `createOpenApi()` without an `agent` shares: one connection per
 * call in flight, reused afterwards. Node 16 and 18 do not keep connections alive by
 * default; without this, each exchange would open (and leave in TIME_WAIT) a TCP connection.
 */
function defaultAgent(): Agent {
  if (!sharedAgent) sharedAgent = new Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });
  return sharedAgent;
}

export interface OpenApiOptions {
  /** Where the open-API service listens; default `'http://api.weixin.qq.com'` (the sidecar inside Cloud Hosting). `http:` only. */
  baseUrl?: string;
  /** Abandon a call with `OPEN_API_TIMEOUT` after this many milliseconds; default 5000. */
  timeoutMs?: number;
  /**
   * The `http.Agent` that holds the connections; default one keep-alive agent shared by every
   * client (idle connections closed after 4 s). Pass your own to bound or observe them.
   */
  agent?: Agent;
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
  if (!isObject(options)) throw invalidOption('createOpenApi(options)', 'an object like { timeoutMs: 5000 }', options);
  const { baseUrl = OPEN_API_BASE_URL, timeoutMs = DEFAULT_OPEN_API_TIMEOUT_MS, agent = defaultAgent() } = options;
  const base = parseBaseUrl(baseUrl);
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMER_MS) {
    throw invalidOption('timeoutMs', `a number of milliseconds above 0 and at most ${MAX_TIMER_MS}`, timeoutMs);
  }
  if (typeof (agent as { addRequest?: unknown } | null)?.addRequest !== 'function') {
    throw invalidOption('agent', "an http.Agent, like new http.Agent({ keepAlive: true })", agent);
  }
  // `[::1]` in a URL is `::1` to http.request.
  const transport: Transport = { hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(base.port) || 80, origin: base.origin, agent, timeoutMs };
  const call = (path: OpenApiPath, caller: Partial<OpenApiCaller>, body: object) => post(transport, path, caller, body);

  return {
    baseUrl,
    timeoutMs,
    async getOpenData(ids, caller) {
      if (!Array.isArray(ids)) throw invalidOption('ids', 'an array of cloudID strings', ids);
      const bad = ids.findIndex((id) => typeof id !== 'string' || id === '');
      if (bad !== -1) throw invalidOption(`ids[${bad}]`, 'a non-empty cloudID string', ids[bad]);
      checkCaller(caller, 'getOpenData', true);
      // An id longer than any cloudID is answered here: junk costs no call.
      const sent = ids.filter((id) => id.length <= MAX_CLOUD_ID_LENGTH);
      const answer = sent.length > 0 ? await call(OPEN_API_PATH.GET_OPEN_DATA, caller, { cloudid_list: sent }) : undefined;
      const exchanged = answer ? readDataList(answer, sent) : [];
      return ids.map((id) => (id.length <= MAX_CLOUD_ID_LENGTH ? (exchanged.shift() as ExchangedCloudId) : { ok: false, cloudID: id, errMsg: `Not sent: ${id.length} characters, longer than any cloudID (${MAX_CLOUD_ID_LENGTH}).` }));
    },
    async getPhoneNumber(code, caller = {}) {
      if (typeof code !== 'string' || code === '') throw invalidOption('code', "the non-empty phone code from the button's e.detail.code", code);
      checkCaller(caller, 'getPhoneNumber', false);
      const answer = await call(OPEN_API_PATH.GET_PHONE_NUMBER, caller, { code });
      const info = answer.phone_info;
      if (!isRecord(info) || typeof info.phoneNumber !== 'string') throw openApiBadResponse(OPEN_API_PATH.GET_PHONE_NUMBER, 'no phone_info.phoneNumber in the answer.');
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
  if (!isObject(caller)) throw invalidOption(`${method}(…, caller)`, `an object: ${hint}`, caller);
  const { openid, fromAppid } = caller as Partial<OpenApiCaller>;
  if ((openidRequired || openid !== undefined) && (typeof openid !== 'string' || openid === '')) {
    throw invalidOption('caller.openid', `the user's openid (WeChat checks each cloudID against it): ${hint}`, openid);
  }
  if (fromAppid !== undefined && (typeof fromAppid !== 'string' || fromAppid === '')) {
    throw invalidOption('caller.fromAppid', 'X-WX-FROM-APPID, or absent outside resource reuse', fromAppid);
  }
}

/** Where and how a client sends its calls. */
interface Transport {
  /** The service's host and port, from `baseUrl` once (not a URL parsed per call). */
  hostname: string;
  port: number;
  origin: string;
  agent: Agent;
  timeoutMs: number;
}

/**
 * The answer of one call, errcode 0; any other errcode, or no usable answer, becomes its
 * `OPEN_API_*` error. Settles within `timeoutMs`, connection to last byte; on timeout the
 * request is destroyed.
 */
function post(transport: Transport, path: OpenApiPath, caller: Partial<OpenApiCaller>, body: object): Promise<Record<string, unknown>> {
  // The sample's order: from_appid first, then openid.
  const query: string[] = [];
  if (caller.fromAppid !== undefined) query.push(`${OPEN_API_QUERY.FROM_APPID}=${encodeURIComponent(caller.fromAppid)}`);
  if (caller.openid !== undefined) query.push(`${OPEN_API_QUERY.OPENID}=${encodeURIComponent(caller.openid)}`);
  const target = query.length > 0 ? `${path}?${query.join('&')}` : path;
  // A string, not bytes: Node then sends it in one write with the headers.
  const payload = JSON.stringify(body);
  const length = Buffer.byteLength(payload);
  let inFlight: ClientRequest | undefined;

  /** One attempt; a kept-alive connection the service had closed is retried once, on a new one. */
  const attempt = (retried: boolean): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      let reached = false;
      let answered = false;
      const options = { hostname: transport.hostname, port: transport.port, path: target, method: 'POST', agent: transport.agent, headers: { 'content-type': 'application/json', 'content-length': length } };
      const request = httpRequest(options, (response) => {
        answered = true;
        readAnswer(response, path).then(resolve, reject);
      });
      inFlight = request;
      request.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => (reached = true));
        else reached = true;
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        // Once the answer has begun, readAnswer reports how it ended.
        if (answered) return;
        // Node's advice for keep-alive: a reused connection reset before any answer was closed by the service while idle.
        if (!retried && request.reusedSocket && error.code === 'ECONNRESET') resolve(attempt(true));
        else if (reached) reject(openApiBadResponse(path, `the connection was closed before an answer (${error.code ?? error.message}).`));
        else reject(openApiUnreachable(path, transport.origin, error));
      });
      request.end(payload);
    });

  return settleWithin(transport.timeoutMs, () => openApiTimeout(path, transport.timeoutMs), () => attempt(false)).catch((error: CloudIdError<OpenApiErrorCode>) => {
    if (error.code === 'OPEN_API_TIMEOUT' && inFlight) inFlight.destroy();
    throw error;
  });
}

/** The JSON object of a complete answer with errcode 0, or the error it stands for. */
async function readAnswer(response: IncomingMessage, path: OpenApiPath): Promise<Record<string, unknown>> {
  const status = response.statusCode ?? 0;
  const reading = await readBody(response, MAX_RESPONSE_BYTES);
  if (!reading.ok) {
    if (reading.problem === 'too-large') {
      response.destroy();
      throw openApiBadResponse(path, `the answer exceeds ${MAX_RESPONSE_BYTES} bytes.`, status);
    }
    throw openApiBadResponse(path, `the answer broke off before its end${reading.error ? ` (${reading.error.message})` : ''}.`, status);
  }
  const text = reading.bytes.toString('utf8');
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw openApiHttpError(path, status, 'not JSON', text);
  }
  if (!isRecord(answer)) throw openApiHttpError(path, status, 'not a JSON object', text);
  const errcode = answer.errcode;
  if (errcode !== undefined && errcode !== 0) throw openApiErrcodeError(path, errcode, answer.errmsg, status);
  if (status < 200 || status >= 300) throw openApiHttpError(path, status, 'no errcode', text);
  return answer;
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
