import { CloudIdError, type ContainerErrorCode } from '../core/errors';
import { CONTAINER_IDENTITY_HEADERS, OPEN_API_PATH } from '../core/rules';

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

/** One of the open-API service's paths. */
export type OpenApiPath = (typeof OPEN_API_PATH)[keyof typeof OPEN_API_PATH];

/** The base of every failure to get an answer from the open-API service; `path` says which API. */
export class OpenApiError extends CloudIdError {
  constructor(
    code: ContainerErrorCode,
    readonly path: OpenApiPath,
    message: string,
    readonly errcode?: number,
    readonly errmsg?: string,
  ) {
    super(code, `${path}: ${message}`);
  }
}

/** The API is not allowed for this service (-604101), or not for this account at all (48001). */
export class OpenApiNotAllowedError extends OpenApiError {
  constructor(path: OpenApiPath, errcode: number, errmsg: string) {
    super(
      'OPEN_API_NOT_ALLOWED',
      path,
      `not allowed (errcode ${errcode}: ${errmsg}). In the Cloud Hosting console, open 云调用 > 开放接口服务 (open-API service), switch it on and add ${path} to the allowed APIs (微信令牌权限配置); ` +
        'allow a few minutes for the change. 48001 means the mini program itself lacks this API.',
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

/** The connection failed (refused, reset, unknown host). */
export class OpenApiUnreachableError extends OpenApiError {
  constructor(
    path: OpenApiPath,
    readonly baseUrl: string,
    readonly cause: unknown,
  ) {
    super(
      'OPEN_API_UNREACHABLE',
      path,
      `cannot reach ${baseUrl} (${cause instanceof Error ? cause.message : String(cause)}). The open-API service exists only inside Cloud Hosting; ` +
        'elsewhere (local runs, tests) pass createOpenApi({ baseUrl }) the address of a stand-in such as createMockOpenApi().url.',
    );
  }
}

/** The answer is not what the API documents: not JSON, an HTTP error, or fields missing. */
export class OpenApiBadResponseError extends OpenApiError {
  constructor(
    path: OpenApiPath,
    detail: string,
    readonly statusCode?: number,
  ) {
    super('OPEN_API_BAD_RESPONSE', path, `unexpected answer: ${detail}`);
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
