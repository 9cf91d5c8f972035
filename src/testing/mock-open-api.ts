import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRecord } from '../core/is-object';
import { readBody } from '../core/read-body';
import { thrownString } from '../core/thrown';
import { OPEN_API_ERROR_CODE, OPEN_API_NOT_IN_WHITELIST_STATUS, OPEN_API_PATH, OPEN_API_QUERY, OPEN_API_SETUP_ERROR } from '../core/rules';
import type { MockWx } from './mock-wx';
import { DEFAULT_APPID } from './options';
import { platformOf, redeemPhoneCode, resolveCloudId, type Platform } from './platform';
import { invalidKitOption } from './errors';

/** A path the open-API service serves. */
export type MockOpenApiPath = (typeof OPEN_API_PATH)[keyof typeof OPEN_API_PATH];

const PATHS = Object.values(OPEN_API_PATH) as MockOpenApiPath[];

/**
 * A setup mistake the service can answer every call with, as WeChat's Cloud Hosting FAQ
 * describes it: `'service-off'` (41001: the open-API service is off or not yet published),
 * `'access-token-expired'` (42001: the code sent its own access_token), `'api-unauthorized'`
 * (48001: the account lacks the API, or resource reuse without from_appid),
 * `'not-in-whitelist'` (85107), `'not-in-whitelist-502'` (HTTP 502 and no errcode, as some
 * paths not in the whitelist answer), `'link-failure'` (85112), `'initialising'` (85113: a
 * first version not initialised yet).
 */
export type MockOpenApiSetupError =
  | 'service-off'
  | 'access-token-expired'
  | 'api-unauthorized'
  | 'not-in-whitelist'
  | 'not-in-whitelist-502'
  | 'link-failure'
  | 'initialising';

const SETUP_ERRORS: Readonly<Record<Exclude<MockOpenApiSetupError, 'not-in-whitelist-502'>, { errcode: number; errmsg: string }>> = {
  'service-off': OPEN_API_SETUP_ERROR.SERVICE_OFF,
  'access-token-expired': OPEN_API_SETUP_ERROR.ACCESS_TOKEN_EXPIRED,
  'api-unauthorized': OPEN_API_SETUP_ERROR.API_UNAUTHORIZED,
  'not-in-whitelist': OPEN_API_SETUP_ERROR.NOT_IN_WHITELIST,
  'link-failure': OPEN_API_SETUP_ERROR.LINK_FAILURE,
  initialising: OPEN_API_SETUP_ERROR.NOT_READY,
};

/** The kit's bound on a request body: far above any real call (a choice; WeChat documents none). */
const MAX_REQUEST_BYTES = 1048576;

export interface MockOpenApiOptions {
  /** The mock `wx` whose platform to share: the cloudIDs and phone codes it issued, its users, its clock. */
  wx: MockWx;
  /** The AppID of the mini program the service belongs to; default `DEFAULT_APPID` (the mock wx's default). */
  appid?: string;
  /** The paths in the open-API service's whitelist (微信令牌); default both. Others answer errcode 85107. */
  allowed?: readonly MockOpenApiPath[];
  /** Answer every call with this setup mistake (see `MockOpenApiSetupError`); default none. */
  setupError?: MockOpenApiSetupError;
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
  /** How many TCP connections clients have opened to the service: with keep-alive, far fewer than requests. */
  readonly connections: number;
  /** Changes the allowed APIs from now on (as in the console). */
  allow(paths: readonly MockOpenApiPath[]): void;
  /** Answers every call with this setup mistake from now on; `undefined` sets the service right. */
  setSetupError(mistake: MockOpenApiSetupError | undefined): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves `/wxa/getopendata` and `/wxa/business/getuserphonenumber` with the platform's
 * semantics, on an ephemeral port of 127.0.0.1: cloudIDs and phone codes resolve through
 * the mock wx's platform (its users, its clock: five minutes, bound to the user and the
 * mini program); each cloudID fails on its own, inside `data_list[].json`, which is a
 * JSON string; a path not in the whitelist answers errcode 85107, and `setupError` answers
 * every call with a setup mistake. Each errmsg ends with ` rid: <request id>`, as WeChat's do.
 */
export async function createMockOpenApi(options: MockOpenApiOptions): Promise<MockOpenApiService> {
  if (!isRecord(options)) throw invalidKitOption('options', 'createMockOpenApi(options): options must be an object like { wx: createMockWx() }.');
  const platform = platformOf(options.wx);
  if (!platform) throw invalidKitOption('options.wx', "createMockOpenApi: options.wx must be a mock wx from createMockWx (or installMockWx): the service shares its platform's cloudIDs, users and clock.");
  const { appid = DEFAULT_APPID, delayMs = 0 } = options;
  if (typeof appid !== 'string' || appid === '') throw invalidKitOption('options.appid', `createMockOpenApi: options.appid must be the mini program's AppID, got ${JSON.stringify(appid)}.`);
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) throw invalidKitOption('options.delayMs', `createMockOpenApi: options.delayMs must be a number of milliseconds, 0 or more, got ${String(delayMs)}.`);
  let allowed = checkPaths(options.allowed ?? PATHS, 'options.allowed');
  let setupError = checkSetupError(options.setupError, 'options.setupError');
  const requests: MockOpenApiRequest[] = [];
  let served = 0;

  const server: Server = createServer((req, res) => {
    readBody(req, MAX_REQUEST_BYTES).then((reading) => {
      if (!reading.ok) {
        // Too large, or broken off: no answer a client could read, and nothing to record.
        res.destroy();
        return;
      }
      const text = reading.bytes.toString('utf8');
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
        [status, answer] = respond(platform, { method: req.method ?? '', path: url.pathname, query, body }, appid, allowed, setupError);
      } catch (thrown) {
        // A fault of the kit, not a platform answer: say so rather than leave the client waiting.
        [status, answer] = [500, { errcode: -1, errmsg: `mock open-API service failed: ${thrownString(thrown)}` }];
      }
      // WeChat's failures end with the request id; its 'ok' does not.
      if (typeof answer.errmsg === 'string' && answer.errcode !== 0) answer.errmsg = `${answer.errmsg} rid: ${(++served).toString(16).padStart(8, '0')}`;
      requests.push({ method: req.method ?? '', path: url.pathname, query, body, status, answer });
      const send = () => {
        res.statusCode = status;
        if (status === OPEN_API_NOT_IN_WHITELIST_STATUS && answer.errcode === undefined) {
          // What a gateway in front of the service answers: a page, not JSON.
          res.setHeader('content-type', 'text/html');
          res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer));
      };
      if (delayMs > 0) setTimeout(send, delayMs).unref();
      else send();
    }, () => res.destroy());
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    allow(paths) {
      allowed = checkPaths(paths, 'allow(paths)');
    },
    setSetupError(mistake) {
      setupError = checkSetupError(mistake, 'setSetupError(mistake)');
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

function checkSetupError(mistake: unknown, field: string): MockOpenApiSetupError | undefined {
  if (mistake === undefined || mistake === 'not-in-whitelist-502' || Object.prototype.hasOwnProperty.call(SETUP_ERRORS, mistake as string)) return mistake as MockOpenApiSetupError | undefined;
  throw invalidKitOption(field, `createMockOpenApi: ${field} must be one of ${[...Object.keys(SETUP_ERRORS), 'not-in-whitelist-502'].join(', ')}, or undefined; got ${JSON.stringify(mistake)}.`);
}

interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

const error = (status: number, errcode: number, errmsg: string): [number, Record<string, unknown>] => [status, { errcode, errmsg }];

/** The service's answer: its HTTP status and JSON (an HTTP 502 is sent as the page a gateway shows). */
function respond(
  platform: Platform,
  request: ReceivedRequest,
  appid: string,
  allowed: readonly MockOpenApiPath[],
  setupError: MockOpenApiSetupError | undefined,
): [number, Record<string, unknown>] {
  if (setupError === 'not-in-whitelist-502') return [OPEN_API_NOT_IN_WHITELIST_STATUS, {}];
  if (setupError !== undefined) return error(200, SETUP_ERRORS[setupError].errcode, SETUP_ERRORS[setupError].errmsg);
  const path = PATHS.find((candidate) => candidate === request.path);
  if (!path) return error(404, OPEN_API_ERROR_CODE.INVALID_ARGS, `mock open-API service: no API at ${request.path}`);
  if (request.method !== 'POST') return error(405, OPEN_API_ERROR_CODE.INVALID_ARGS, `${path} takes POST, got ${request.method}`);
  if (!allowed.includes(path)) return error(200, OPEN_API_SETUP_ERROR.NOT_IN_WHITELIST.errcode, OPEN_API_SETUP_ERROR.NOT_IN_WHITELIST.errmsg);
  if (!isRecord(request.body)) return error(200, OPEN_API_ERROR_CODE.INVALID_JSON, 'data format error');
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
