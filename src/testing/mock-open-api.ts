import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPEN_API_ERROR_CODE, OPEN_API_PATH, OPEN_API_QUERY, OPENAPI_NO_PERMISSION } from '../core/rules';
import type { MockWx } from './mock-wx';
import { DEFAULT_APPID } from './options';
import { platformOf, redeemPhoneCode, resolveCloudId, type Platform } from './platform';
import { invalidKitOption } from './errors';

/** A path the open-API service serves. */
export type MockOpenApiPath = (typeof OPEN_API_PATH)[keyof typeof OPEN_API_PATH];

const PATHS = Object.values(OPEN_API_PATH) as MockOpenApiPath[];

export interface MockOpenApiOptions {
  /** The mock `wx` whose platform to share: the cloudIDs and phone codes it issued, its users, its clock. */
  wx: MockWx;
  /** The AppID of the mini program the service belongs to; default `DEFAULT_APPID` (the mock wx's default). */
  appid?: string;
  /** The APIs allowed in the console's open-API service settings; default both. Others answer errcode -604101. */
  allowed?: readonly MockOpenApiPath[];
  /** Answer each request this many (real) milliseconds late; default 0. For timeout tests. */
  delayMs?: number;
}

/** One request the service received, with its answer. */
export interface MockOpenApiRequest {
  method: string;
  path: string;
  /** The query string's parameters (`openid`, `from_appid`). */
  query: Record<string, string>;
  /** The JSON body, or the text when it is not JSON. */
  body: unknown;
  /** The HTTP status and JSON answered. */
  status: number;
  answer: Record<string, unknown>;
}

/** The open-API service of Cloud Hosting, over real HTTP on 127.0.0.1. */
export interface MockOpenApiService {
  /** `http://127.0.0.1:<port>`: pass it as `createOpenApi({ baseUrl })`. */
  readonly url: string;
  /** Every request, oldest first. */
  readonly requests: MockOpenApiRequest[];
  /** Changes the allowed APIs from now on (as in the console). */
  allow(paths: readonly MockOpenApiPath[]): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves `/wxa/getopendata` and `/wxa/business/getuserphonenumber` with the platform's
 * semantics, on an ephemeral port of 127.0.0.1: cloudIDs and phone codes resolve through
 * the mock wx's platform (its users, its clock: five minutes, bound to the user and the
 * mini program); each cloudID fails on its own, inside `data_list[].json`, which is a
 * JSON string; an API not allowed answers errcode -604101.
 */
export async function createMockOpenApi(options: MockOpenApiOptions): Promise<MockOpenApiService> {
  if (typeof options !== 'object' || options === null) throw invalidKitOption('options', 'createMockOpenApi(options): options must be an object like { wx: createMockWx() }.');
  const platform = platformOf(options.wx);
  if (!platform) throw invalidKitOption('options.wx', "createMockOpenApi: options.wx must be a mock wx from createMockWx (or installMockWx): the service shares its platform's cloudIDs, users and clock.");
  const { appid = DEFAULT_APPID, delayMs = 0 } = options;
  if (typeof appid !== 'string' || appid === '') throw invalidKitOption('options.appid', `createMockOpenApi: options.appid must be the mini program's AppID, got ${JSON.stringify(appid)}.`);
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) throw invalidKitOption('options.delayMs', `createMockOpenApi: options.delayMs must be a number of milliseconds, 0 or more, got ${String(delayMs)}.`);
  let allowed = checkPaths(options.allowed ?? PATHS, 'options.allowed');
  const requests: MockOpenApiRequest[] = [];

  const server: Server = createServer((req, res) => {
    readBody(req).then((text) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // kept as text, answered below
      }
      let status: number;
      let answer: Record<string, unknown>;
      try {
        [status, answer] = respond(platform, { method: req.method ?? '', path: url.pathname, query, body }, appid, allowed);
      } catch (thrown) {
        // A fault of the kit, not a platform answer: say so rather than leave the client waiting.
        [status, answer] = [500, { errcode: -1, errmsg: `mock open-API service failed: ${thrown instanceof Error ? thrown.message : String(thrown)}` }];
      }
      requests.push({ method: req.method ?? '', path: url.pathname, query, body, status, answer });
      const send = () => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer));
      };
      if (delayMs > 0) setTimeout(send, delayMs).unref();
      else send();
    }, () => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    allow(paths) {
      allowed = checkPaths(paths, 'allow(paths)');
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}

function checkPaths(paths: unknown, field: string): MockOpenApiPath[] {
  if (!Array.isArray(paths) || !paths.every((path) => PATHS.includes(path))) {
    throw invalidKitOption(field, `createMockOpenApi: ${field} must list paths among ${PATHS.join(', ')}, got ${JSON.stringify(paths)}.`);
  }
  return [...paths];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

const error = (status: number, errcode: number, errmsg: string): [number, Record<string, unknown>] => [status, { errcode, errmsg }];

/** The service's answer: its HTTP status and JSON. */
function respond(platform: Platform, request: ReceivedRequest, appid: string, allowed: readonly MockOpenApiPath[]): [number, Record<string, unknown>] {
  const path = PATHS.find((candidate) => candidate === request.path);
  if (!path) return error(404, OPEN_API_ERROR_CODE.INVALID_ARGS, `mock open-API service: no API at ${request.path}`);
  if (request.method !== 'POST') return error(405, OPEN_API_ERROR_CODE.INVALID_ARGS, `${path} takes POST, got ${request.method}`);
  if (!allowed.includes(path)) return error(200, OPENAPI_NO_PERMISSION.errCode, OPENAPI_NO_PERMISSION.description);
  if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
    return error(200, OPEN_API_ERROR_CODE.INVALID_JSON, 'data format error');
  }
  const body = request.body as Record<string, unknown>;
  const openid = request.query[OPEN_API_QUERY.OPENID];
  // Under resource reuse the ids and codes belong to the calling mini program, named by from_appid.
  const callerAppid = request.query[OPEN_API_QUERY.FROM_APPID] ?? appid;

  if (path === OPEN_API_PATH.GET_OPEN_DATA) {
    const list = body.cloudid_list;
    if (!Array.isArray(list) || list.length === 0) return error(200, OPEN_API_ERROR_CODE.INVALID_ARGS, 'invalid args: cloudid_list must be a non-empty array');
    const data_list = list.map((cloudID: unknown) => ({ cloud_id: cloudID, json: JSON.stringify(resolveCloudId(platform, cloudID, { openid, appid: callerAppid })) }));
    return [200, { errcode: 0, errmsg: 'ok', data_list }];
  }

  const redemption = redeemPhoneCode(platform, { code: body.code, appid: callerAppid, ...(openid === undefined ? {} : { openid }) });
  if ('errcode' in redemption) return error(200, redemption.errcode, redemption.errmsg);
  return [200, { errcode: 0, errmsg: 'ok', phone_info: redemption.phoneInfo }];
}
