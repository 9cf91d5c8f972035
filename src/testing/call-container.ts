import { Buffer } from 'node:buffer';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CALL_CONTAINER_DEFAULT_TIMEOUT_MS,
  CALL_CONTAINER_ERROR_CODE,
  CLOUD_NOT_INITIALIZED_MESSAGE,
  CONTAINER_IDENTITY_HEADERS,
  CONTAINER_SERVICE_HEADER,
  ENVIRONMENT_NOT_FOUND_MESSAGE,
  MAX_CONTAINER_REQUEST_BYTES,
  MAX_CONTAINER_RESPONSE_BYTES,
  WX_ERROR_CODE,
} from '../core/rules';
import { deliver, type ApiCallbacks } from './callbacks';
import { idOfCloudId } from './cloud-id';
import { isObject } from '../core/is-object';
import { readBody } from '../core/read-body';
import { thrownString } from '../core/thrown';
import { platformError, type PlatformError } from './failure';
import { copyAsJson } from './json-copy';
import type { WxUser } from './options';
import { nextRequestId, type Platform } from './platform';
import type { WxCloudState } from './wx-cloud';
import { callerIdentity } from './caller';
import type { CallerIdentity } from '../core/source';
import { invalidKitOption, mockSetupInvalid } from './errors';

/** A Cloud Hosting service the kit can route to: an Express (or Koa `app.callback()`) app, any request listener, or an `http.Server`. */
export type ContainerService = http.RequestListener | http.Server;

export interface CallContainerOptions extends ApiCallbacks<CallContainerResult, PlatformError> {
  /** The request path, with any query string: `'/api/steps'`. */
  path: string;
  /** The service to call; the `X-WX-SERVICE` header names it too (this wins when both are given). */
  service?: string;
  /** Default `'GET'`, as wx.request. */
  method?: string;
  header?: Record<string, unknown>;
  /** An object (sent as JSON; as a query string for GET and HEAD), a string, or an ArrayBuffer / typed array (sent as bytes). */
  data?: unknown;
  /** `'json'` (default): a JSON response body is parsed; anything else leaves it text. */
  dataType?: string;
  /** `'text'` (default) or `'arraybuffer'`. */
  responseType?: string;
  /** Milliseconds to wait for the response. Default 60000, as wx.request. */
  timeout?: number;
  /** `{ env }`: the Cloud Hosting environment; default the one `wx.cloud.init` or the mock's `env` named. */
  config?: { env?: string };
}

/** What `callContainer` resolves with (miniprogram-api-typings `ICloud.CallContainerResult`). */
export interface CallContainerResult {
  data: unknown;
  statusCode: number;
  header: Record<string, string | string[] | undefined>;
  callID: string;
  errMsg: string;
}

/** One callContainer request that reached the gateway, as recorded for assertions. */
export interface MockContainerCall {
  service: string;
  method: string;
  path: string;
  /** The headers the container received, gateway headers included (lowercase names). */
  header: Record<string, string>;
  /** The request body as sent (UTF-8), `''` when none. */
  body: string;
  statusCode?: number;
  error?: PlatformError;
}

/** A registered service and, once it listens, its loopback port. */
interface ContainerEndpoint {
  service: ContainerService;
  /** A server the kit started (for a request listener, or a Server that was not listening): the kit closes it. */
  owned?: http.Server;
  port?: Promise<number>;
}

const CALL_CONTAINER = 'cloud.callContainer';
const LOOPBACK = '127.0.0.1';
/** The methods wx.request accepts. */
const METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'];
/**
 * The gateway's own headers: a page cannot set them (the kit drops the page's copies, a
 * choice: WeChat documents the headers the container gets, not what happens to forged ones).
 */
const GATEWAY_HEADER = /^x-wx-(?!service$)|^x-original-forwarded-for$/i;

/** Each mini program's services, by AppID and name. */
const endpointsOf = new WeakMap<Platform, Map<string, Map<string, ContainerEndpoint>>>();
const callsOf = new WeakMap<Platform, MockContainerCall[]>();

/** Every callContainer request on this platform, oldest first. */
export function containerCallsOf(platform: Platform): MockContainerCall[] {
  let calls = callsOf.get(platform);
  if (!calls) callsOf.set(platform, (calls = []));
  return calls;
}

function programsOf(platform: Platform): Map<string, Map<string, ContainerEndpoint>> {
  let map = endpointsOf.get(platform);
  if (!map) endpointsOf.set(platform, (map = new Map()));
  return map;
}

/** The services in the environment of the mini program `appid`. */
function endpoints(platform: Platform, appid: string): Map<string, ContainerEndpoint> {
  const programs = programsOf(platform);
  let map = programs.get(appid);
  if (!map) programs.set(appid, (map = new Map()));
  return map;
}

const isServer = (value: unknown): value is http.Server => value instanceof http.Server;

/** Adds Cloud Hosting services by name to `appid`'s environment; another service under a name that is taken is a mistake in the test. */
export function registerContainers(platform: Platform, appid: string, containers: Record<string, ContainerService> | undefined, field: string): void {
  if (containers === undefined) return;
  if (!isObject(containers)) throw invalidKitOption(field, `${field} must map service names to an Express app, a request listener or an http.Server.`);
  const registered = endpoints(platform, appid);
  for (const name of Object.keys(containers)) {
    const service = containers[name];
    if (typeof service !== 'function' && !isServer(service)) throw invalidKitOption(`${field}.${name}`, `${field}.${name} must be an Express app, a request listener (req, res) or an http.Server, got ${typeof service}.`);
    const existing = registered.get(name);
    if (existing && existing.service !== service) throw mockSetupInvalid(`${field}.${name}: another service named "${name}" is registered already for ${appid} on this platform.`);
    if (!existing) registered.set(name, { service });
  }
}

/** Closes the servers the kit started for this platform's services (not the http.Servers given already listening). */
export async function closeContainers(platform: Platform): Promise<void> {
  const closing: Promise<void>[] = [];
  const all = Array.from(programsOf(platform).values()).flatMap((services) => Array.from(services.values()));
  for (const endpoint of all) {
    const server = endpoint.owned;
    if (!server) continue;
    endpoint.owned = undefined;
    endpoint.port = undefined;
    closing.push(new Promise((resolve) => server.close(() => resolve())));
  }
  await Promise.all(closing);
}

/** The loopback port a service answers on, starting a server for it the first time. */
function portOf(endpoint: ContainerEndpoint): Promise<number> {
  if (endpoint.port) return endpoint.port;
  const { service } = endpoint;
  const server = isServer(service) ? service : http.createServer(service);
  if (server.listening) return (endpoint.port = Promise.resolve((server.address() as AddressInfo).port));
  endpoint.owned = server;
  endpoint.port = new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.removeListener('error', reject);
      // A test that forgets closeContainers() must not keep jest alive.
      server.unref();
      resolve((server.address() as AddressInfo).port);
    });
  });
  return endpoint.port;
}

const failure = (errCode: number, detail: string) => platformError(errCode, `${CALL_CONTAINER}:fail ${detail}`);

/** Bytes of an ArrayBuffer or a view of one, or undefined for anything else. */
function bytesOf(data: unknown): Buffer | undefined {
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/**
 * The request body and query as the page's `data` becomes them, like wx.request: bytes
 * and strings as they are; an object as JSON (each kit CloudID as its bare id string, as
 * the official sample reads it), or for GET and HEAD as a query string whose non-string
 * values are JSON.
 */
function serialise(data: unknown, method: string): { body?: Buffer; query?: string } {
  if (data === undefined || data === null) return {};
  const bytes = bytesOf(data);
  if (bytes) return { body: bytes };
  if (typeof data === 'string') return method === 'GET' || method === 'HEAD' ? { query: data } : { body: Buffer.from(data) };
  const copy = copyAsJson(data, idOfCloudId);
  if (method === 'GET' || method === 'HEAD') {
    if (!isObject(copy)) return {};
    const pairs = Object.keys(copy).map((key) => {
      const value = (copy as Record<string, unknown>)[key];
      return `${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`;
    });
    return { query: pairs.join('&') };
  }
  return { body: Buffer.from(JSON.stringify(copy)) };
}

/**
 * The page's headers with the gateway's on top: the caller's identity as X-WX-* headers
 * (X-WX-FROM-* and no X-WX-OPENID in another account's environment), the environment, the
 * source and the client's address.
 */
function gatewayHeaders(pageHeader: Record<string, unknown> | undefined, user: WxUser, owner: string, env: string, hasJsonBody: boolean): Record<string, string> {
  const header: Record<string, string> = {};
  for (const name of Object.keys(pageHeader || {})) {
    const value = (pageHeader as Record<string, unknown>)[name];
    if (value === undefined || GATEWAY_HEADER.test(name)) continue;
    header[name.toLowerCase()] = String(value);
  }
  if (hasJsonBody && !header['content-type']) header['content-type'] = 'application/json';
  const identity: CallerIdentity = { ...callerIdentity(user, owner), ENV: env, SOURCE: user.source };
  for (const field of Object.keys(identity) as (keyof CallerIdentity)[]) {
    const value = identity[field];
    if (value) header[CONTAINER_IDENTITY_HEADERS[field]] = value;
  }
  header['x-original-forwarded-for'] = user.clientIp;
  return header;
}

function serviceName(options: CallContainerOptions): unknown {
  if (options.service !== undefined) return options.service;
  const header = options.header || {};
  const key = Object.keys(header).find((name) => name.toLowerCase() === CONTAINER_SERVICE_HEADER.toLowerCase());
  return key === undefined ? undefined : header[key];
}

/** Sends the request over loopback HTTP; the response is read up to the 1 MB limit. */
function send(port: number, request: { method: string; path: string; header: Record<string, string>; body?: Buffer }, timeout: number): Promise<{ statusCode: number; header: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: LOOPBACK, port, method: request.method, path: request.path, headers: request.header, agent: false }, (response) => {
      readBody(response, MAX_CONTAINER_RESPONSE_BYTES).then((reading) => {
        if (reading.ok) {
          resolve({ statusCode: response.statusCode || 0, header: response.headers, body: reading.bytes });
        } else if (reading.problem === 'too-large') {
          reject(failure(CALL_CONTAINER_ERROR_CODE.RESPONSE_TOO_LARGE, `the response body is more than ${MAX_CONTAINER_RESPONSE_BYTES} bytes`));
          outgoing.destroy();
        } else {
          reject(failure(WX_ERROR_CODE.UNKNOWN_ERROR, reading.error ? thrownString(reading.error) : 'the response broke off'));
        }
      });
    });
    outgoing.setTimeout(timeout, () => {
      reject(failure(WX_ERROR_CODE.UNKNOWN_ERROR, 'timeout'));
      outgoing.destroy();
    });
    outgoing.on('error', (error) => reject(failure(WX_ERROR_CODE.UNKNOWN_ERROR, thrownString(error))));
    outgoing.end(request.body);
  });
}

function responseData(body: Buffer, options: CallContainerOptions): unknown {
  if (options.responseType === 'arraybuffer') return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  const text = body.toString('utf8');
  if (options.dataType !== undefined && options.dataType !== 'json') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `wx.cloud.callContainer` (or an instance's) for `user`: routes to the service of the
 * environment's owner registered under the `X-WX-SERVICE` header (or `service`) over real
 * HTTP on 127.0.0.1, with the gateway's X-WX-* headers for the user, a 100 KB request limit
 * (-606001) and a 1 MB response limit (-606002).
 */
export function createCallContainer(platform: Platform, user: WxUser, state: WxCloudState) {
  const calls = containerCallsOf(platform);
  return (options: CallContainerOptions): Promise<CallContainerResult> | undefined => {
    const outcome = (async () => {
      if (!state.initialised) throw platformError(WX_ERROR_CODE.UNKNOWN_ERROR, `${CALL_CONTAINER}:fail ${CLOUD_NOT_INITIALIZED_MESSAGE}`);
      if (!state.enabled) throw failure(WX_ERROR_CODE.NOT_FOUND, ENVIRONMENT_NOT_FOUND_MESSAGE);
      const given = (isObject(options) ? options : {}) as CallContainerOptions;
      if (typeof given.path !== 'string' || given.path === '') throw failure(WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.path should be a non-empty string instead of ${typeof given.path};`);
      const method = given.method === undefined ? 'GET' : String(given.method).toUpperCase();
      if (METHODS.indexOf(method) < 0) throw failure(WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.method should be one of ${METHODS.join(', ')} instead of ${String(given.method)};`);
      const timeout = given.timeout === undefined ? CALL_CONTAINER_DEFAULT_TIMEOUT_MS : given.timeout;
      if (typeof timeout !== 'number' || !(timeout > 0)) throw failure(WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.timeout should be a positive number of milliseconds instead of ${String(timeout)};`);
      const service = serviceName(given);
      const endpoint = typeof service === 'string' ? endpoints(platform, state.owner).get(service) : undefined;
      if (!endpoint) {
        // What WeChat answers for an unknown service is undocumented: the kit fails the call.
        throw failure(WX_ERROR_CODE.UNKNOWN_ERROR, `no service named ${JSON.stringify(service)} in the environment of ${state.owner}: name it in header['${CONTAINER_SERVICE_HEADER}'] and register it with createMockWx({ appid: '${state.owner}', containers })`);
      }
      let serialised: { body?: Buffer; query?: string };
      try {
        serialised = serialise(given.data, method);
      } catch (thrown) {
        throw failure(WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.data cannot be sent: ${thrownString(thrown)}`);
      }
      const { body, query } = serialised;
      const path = query ? `${given.path}${given.path.indexOf('?') >= 0 ? '&' : '?'}${query}` : given.path;
      const env = (!state.bound && given.config && typeof given.config.env === 'string' && given.config.env) || state.env;
      const isJson = body !== undefined && !bytesOf(given.data) && typeof given.data !== 'string';
      const header = gatewayHeaders(given.header, user, state.owner, env, isJson);
      const record: MockContainerCall = { service: service as string, method, path, header, body: body ? body.toString('utf8') : '' };
      calls.push(record);
      try {
        if (body && body.length > MAX_CONTAINER_REQUEST_BYTES) {
          throw failure(CALL_CONTAINER_ERROR_CODE.REQUEST_TOO_LARGE, `the request body is ${body.length} bytes, more than ${MAX_CONTAINER_REQUEST_BYTES}`);
        }
        const port = await portOf(endpoint);
        const response = await send(port, { method, path, header, body }, timeout);
        record.statusCode = response.statusCode;
        return { data: responseData(response.body, given), statusCode: response.statusCode, header: response.header, callID: nextRequestId(platform), errMsg: `${CALL_CONTAINER}:ok` };
      } catch (thrown) {
        record.error = thrown as PlatformError;
        throw thrown;
      }
    })();
    return deliver(options, outcome);
  };
}
