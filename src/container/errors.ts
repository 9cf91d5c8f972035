import { CloudIdError, type ContainerErrorCode } from '../core/errors';
import { thrownString, thrownText } from '../core/thrown';
import {
  CONTAINER_IDENTITY_HEADERS,
  OPEN_API_ERROR_CODE,
  OPEN_API_NOT_IN_WHITELIST_STATUS,
  OPEN_API_PATH,
  OPEN_API_SETUP_ERROR,
  PHONE_NUMBER_ERROR,
} from '../core/rules';

/**
 * The request carries neither X-WX-OPENID nor X-WX-FROM-OPENID: it did not come through
 * WeChat's gateway (`wx.cloud.callContainer`), so it has no WeChat user to speak of.
 */
export class NotFromWeChatGatewayError extends CloudIdError {
  constructor() {
    super(
      'NOT_FROM_WECHAT_GATEWAY',
      `The request has no ${CONTAINER_IDENTITY_HEADERS.OPENID} or ${CONTAINER_IDENTITY_HEADERS.FROM_OPENID} header: it did not come through WeChat's gateway. ` +
        "Call the service with wx.cloud.callContainer (or this package's callContainer); in tests, route through the mock wx's callContainer or send the X-WX-* headers yourself.",
    );
  }
}

/**
 * An X-WX-* identity header arrived more than once. WeChat's gateway sets each once, so
 * another copy was added on the way (by a caller on the public internet, a proxy), and
 * which one is the gateway's cannot be told: the request is refused rather than read.
 */
export class IdentityHeaderRepeatedError extends CloudIdError {
  constructor(
    /** The header, lowercase: `x-wx-openid`. */
    readonly header: string,
    /** How many times it came. */
    readonly count: number,
  ) {
    super(
      'IDENTITY_HEADER_REPEATED',
      `The request has the ${header} header ${count} times; WeChat's gateway sets it once, so the request did not come through the gateway alone. ` +
        'Remove whatever adds X-WX-* headers in front of the service (a proxy, the caller), and do not let the public internet reach routes that trust them.',
    );
  }
}

/** One of the open-API service's paths. */
export type OpenApiPath = (typeof OPEN_API_PATH)[keyof typeof OPEN_API_PATH];

/** The package's own HTTP status for an open-API failure: the upstream answered badly or not at all (502), or not in time (504). */
export type OpenApiFailureStatus = 502 | 504;

/**
 * The base of every failure to get an answer from the open-API service; `path` says which
 * API. `status` and `statusCode` hold the package's own status (502, or 504 for a timeout),
 * never the service's: Express and Koa answer with them. `expose` is false: Koa then shows
 * the page no message. The service's own status, when it answered, is `upstreamStatus`.
 */
export class OpenApiError extends CloudIdError {
  readonly status: OpenApiFailureStatus;
  readonly statusCode: OpenApiFailureStatus;
  readonly expose = false;

  constructor(
    code: ContainerErrorCode,
    readonly path: OpenApiPath,
    message: string,
    readonly errcode?: number,
    readonly errmsg?: string,
    readonly upstreamStatus?: number,
  ) {
    super(code, `${path}: ${message}`);
    this.status = this.statusCode = code === 'OPEN_API_TIMEOUT' ? 504 : 502;
  }
}

/** Why the open-API service does not let the call through. */
export type OpenApiNotAllowedReason = 'not-in-whitelist' | 'api-unauthorized';

/**
 * The path is not in the open-API service's whitelist (85107, -604101, or an HTTP 502 with
 * no errcode), or the account lacks the API (48001, 85105).
 */
export class OpenApiNotAllowedError extends OpenApiError {
  constructor(
    path: OpenApiPath,
    readonly reason: OpenApiNotAllowedReason,
    errcode: number | undefined,
    errmsg: string | undefined,
    upstreamStatus?: number,
  ) {
    super(
      'OPEN_API_NOT_ALLOWED',
      path,
      `${errcode === undefined ? `HTTP ${upstreamStatus} without an errcode` : `errcode ${errcode}: ${errmsg}`}: ` +
        (reason === 'not-in-whitelist'
          ? `add ${path} to the open-API service's whitelist: Cloud Hosting console, 服务管理 > 云调用 > 微信令牌 (switch 开放接口服务 on first), then allow a few minutes.` +
            (errcode === undefined ? ' If it is there already, the service itself failed: try again, and check its status in the console.' : '')
          : `the mini program lacks ${path}: apply for it on mp.weixin.qq.com; under resource reuse, call with the caller's from_appid (withOpenData does).`),
      errcode,
      errmsg,
      upstreamStatus,
    );
  }
}

/** Why the open-API service is not ready for calls. */
export type OpenApiNotReadyReason = 'service-off' | 'initialising';

/** The open-API service is off or not published yet (41001), or not initialised yet (85113). */
export class OpenApiNotReadyError extends OpenApiError {
  constructor(
    path: OpenApiPath,
    readonly reason: OpenApiNotReadyReason,
    errcode: number,
    errmsg: string,
  ) {
    super(
      'OPEN_API_NOT_READY',
      path,
      `errcode ${errcode}: ${errmsg}: ` +
        (reason === 'service-off'
          ? 'switch on the open-API service (开放接口服务) in the Cloud Hosting console and publish a new version of the service (the switch takes effect only then); do not call it while the service is starting.'
          : 'cloud call is not initialised yet, as happens to a first version: wait a few minutes and try again; if it persists, file a ticket.'),
      errcode,
      errmsg,
    );
  }
}

/** The call carried its own access_token, and it expired (42001): inside Cloud Hosting the open-API service supplies it. */
export class OpenApiAccessTokenExpiredError extends OpenApiError {
  constructor(path: OpenApiPath, errcode: number, errmsg: string) {
    super(
      'OPEN_API_ACCESS_TOKEN_EXPIRED',
      path,
      `errcode ${errcode}: ${errmsg}: the call sent an access_token of its own; remove it (and any jscode2session of your own), the open-API service adds one.`,
      errcode,
      errmsg,
    );
  }
}

/** A link failure on WeChat's side (85112): nothing in the service to change. */
export class OpenApiLinkFailureError extends OpenApiError {
  constructor(path: OpenApiPath, errcode: number, errmsg: string) {
    super(
      'OPEN_API_LINK_FAILURE',
      path,
      `errcode ${errcode}: ${errmsg}: a link failure on WeChat's side; file a ticket with the environment id, the AppID, the time and the request id (rid).`,
      errcode,
      errmsg,
    );
  }
}

/** No complete answer within `timeoutMs`; the request was abandoned. */
export class OpenApiTimeoutError extends OpenApiError {
  constructor(
    path: OpenApiPath,
    readonly timeoutMs: number,
  ) {
    super('OPEN_API_TIMEOUT', path, `no answer within ${timeoutMs} ms: the open-API service is slow or unreachable; raise createOpenApi({ timeoutMs }) if this is expected.`);
  }
}

/** The connection could not be made (refused, unknown host): the service was never reached. */
export class OpenApiUnreachableError extends OpenApiError {
  constructor(
    path: OpenApiPath,
    readonly baseUrl: string,
    readonly cause: unknown,
  ) {
    super(
      'OPEN_API_UNREACHABLE',
      path,
      `cannot reach ${baseUrl} (${thrownText(cause, thrownString(cause))}). The open-API service exists only inside Cloud Hosting; ` +
        'elsewhere (local runs, tests) pass createOpenApi({ baseUrl }) the address of a stand-in such as createMockOpenApi().url.',
    );
  }
}

/** The service was reached but its answer is not what the API documents: broken off, not JSON, an HTTP error, or fields missing. */
export class OpenApiBadResponseError extends OpenApiError {
  constructor(
    path: OpenApiPath,
    detail: string,
    upstreamStatus?: number,
    /** The start of the answer (200 characters at most), for the log. */
    readonly upstreamText?: string,
  ) {
    super('OPEN_API_BAD_RESPONSE', path, `unexpected answer: ${detail}`, undefined, undefined, upstreamStatus);
  }
}

/** Too many calls (45011): slow down and try again later. */
export class OpenApiRateLimitedError extends OpenApiError {
  constructor(path: OpenApiPath, errcode: number, errmsg: string) {
    super('OPEN_API_RATE_LIMITED', path, `too many calls (errcode ${errcode}: ${errmsg}): wait and try again.`, errcode, errmsg);
  }
}

/** Any other non-zero errcode (-1 system busy, 40003 invalid openid, ...). */
export class OpenApiFailedError extends OpenApiError {
  constructor(path: OpenApiPath, errcode: number, errmsg: string) {
    super('OPEN_API_FAILED', path, `errcode ${errcode}: ${errmsg}`, errcode, errmsg);
  }
}

/** The phone code is invalid, already used or expired (40029): the page must ask the user again. */
export class PhoneCodeInvalidError extends OpenApiError {
  constructor(path: OpenApiPath, errcode: number, errmsg: string) {
    super(
      'PHONE_CODE_INVALID',
      path,
      `the phone code is invalid, used or expired (errcode ${errcode}: ${errmsg}): a code works once, within five minutes; ask the user to tap the button again.`,
      errcode,
      errmsg,
    );
  }
}

/** The answer was reached but is unusable: `detail` says how; `upstreamStatus` is the service's HTTP status when it sent one. */
export function badResponse(path: OpenApiPath, detail: string, upstreamStatus?: number): OpenApiError {
  return new OpenApiBadResponseError(path, detail, upstreamStatus);
}

/**
 * A complete answer without a usable errcode: `problem` says what it lacks. An HTTP 502 is
 * what some paths not in the whitelist answer; anything else is a bad answer, its start kept
 * for the log (never in the message, which may reach a page).
 */
export function httpError(path: OpenApiPath, status: number, problem: string, text: string): OpenApiError {
  if (status === OPEN_API_NOT_IN_WHITELIST_STATUS) return new OpenApiNotAllowedError(path, 'not-in-whitelist', undefined, undefined, status);
  return new OpenApiBadResponseError(path, `HTTP ${status}, ${problem}.`, status, text.slice(0, 200));
}

const SETUP = OPEN_API_SETUP_ERROR;

/** The error a non-zero errcode stands for. */
export function errcodeError(path: OpenApiPath, errcode: unknown, errmsg: unknown, upstreamStatus: number): OpenApiError {
  if (typeof errcode !== 'number') return badResponse(path, `errcode is ${typeof errcode}, not a number.`, upstreamStatus);
  const message = typeof errmsg === 'string' ? errmsg : '';
  switch (errcode) {
    case SETUP.NOT_IN_WHITELIST.errcode:
    case OPEN_API_ERROR_CODE.NOT_ALLOWED:
      return new OpenApiNotAllowedError(path, 'not-in-whitelist', errcode, message);
    case SETUP.API_UNAUTHORIZED.errcode:
    case SETUP.NOT_AUTHORIZED.errcode:
      return new OpenApiNotAllowedError(path, 'api-unauthorized', errcode, message);
    case SETUP.SERVICE_OFF.errcode:
      return new OpenApiNotReadyError(path, 'service-off', errcode, message);
    case SETUP.NOT_READY.errcode:
      return new OpenApiNotReadyError(path, 'initialising', errcode, message);
    case SETUP.ACCESS_TOKEN_EXPIRED.errcode:
      return new OpenApiAccessTokenExpiredError(path, errcode, message);
    case SETUP.LINK_FAILURE.errcode:
      return new OpenApiLinkFailureError(path, errcode, message);
    case PHONE_NUMBER_ERROR.RATE_LIMIT.errcode:
      return new OpenApiRateLimitedError(path, errcode, message);
    case PHONE_NUMBER_ERROR.INVALID_CODE.errcode:
      if (path === OPEN_API_PATH.GET_PHONE_NUMBER) return new PhoneCodeInvalidError(path, errcode, message);
      return new OpenApiFailedError(path, errcode, message);
    default:
      return new OpenApiFailedError(path, errcode, message);
  }
}
