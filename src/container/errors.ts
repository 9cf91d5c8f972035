import { cloudIdError, isCloudIdError, type CloudIdError, type OpenApiErrcodeFields, type OpenApiErrorCode, type OpenApiPath } from '../core/errors';
import { CONTAINER_IDENTITY_HEADERS } from '../core/rules';

/**
 * The request carries neither X-WX-OPENID nor X-WX-FROM-OPENID: it did not come through
 * WeChat's gateway (`wx.cloud.callContainer`), so it has no WeChat user to speak of.
 */
export function notFromWeChatGateway(): CloudIdError<'NOT_FROM_WECHAT_GATEWAY'> {
  return cloudIdError(
    'NOT_FROM_WECHAT_GATEWAY',
    `The request has no ${CONTAINER_IDENTITY_HEADERS.OPENID} or ${CONTAINER_IDENTITY_HEADERS.FROM_OPENID} header: it did not come through WeChat's gateway. ` +
      "Call the service with wx.cloud.callContainer (or this package's callContainer); in tests, route through the mock wx's callContainer or send the X-WX-* headers yourself.",
    {},
  );
}

/** True for a failure to get an answer from the open-API service. */
export function isOpenApiError(error: unknown): error is CloudIdError<OpenApiErrorCode> {
  return isCloudIdError(error) && (error.code.indexOf('OPEN_API_') === 0 || error.code === 'PHONE_CODE_INVALID');
}

/** No complete answer within `timeoutMs`; the request was abandoned. */
export function openApiTimeout(path: OpenApiPath, timeoutMs: number): CloudIdError<'OPEN_API_TIMEOUT'> {
  return cloudIdError(
    'OPEN_API_TIMEOUT',
    `${path}: no answer within ${timeoutMs} ms: the open-API service is slow or unreachable; raise createOpenApi({ timeoutMs }) if this is expected.`,
    { path, timeoutMs },
  );
}

/** The connection failed (refused, reset, unknown host). */
export function openApiUnreachable(path: OpenApiPath, baseUrl: string, cause: unknown): CloudIdError<'OPEN_API_UNREACHABLE'> {
  return cloudIdError(
    'OPEN_API_UNREACHABLE',
    `${path}: cannot reach ${baseUrl} (${cause instanceof Error ? cause.message : String(cause)}). The open-API service exists only inside Cloud Hosting; ` +
      'elsewhere (local runs, tests) pass createOpenApi({ baseUrl }) the address of a stand-in such as createMockOpenApi().url.',
    { path, baseUrl, cause },
  );
}

/** The answer is not what the API documents: not JSON, an HTTP error, or fields missing. */
export function openApiBadResponse(path: OpenApiPath, detail: string, statusCode?: number): CloudIdError<'OPEN_API_BAD_RESPONSE'> {
  return cloudIdError('OPEN_API_BAD_RESPONSE', `${path}: unexpected answer: ${detail}`, { path, statusCode });
}

/** The codes of an answer with a non-zero errcode, which carry `errcode` and `errmsg`. */
export type OpenApiErrcodeCode = Exclude<OpenApiErrorCode, 'OPEN_API_TIMEOUT' | 'OPEN_API_UNREACHABLE' | 'OPEN_API_BAD_RESPONSE'>;

/** What each non-zero errcode means for the caller, after `path: `. */
const ERRCODE_ADVICE: Record<OpenApiErrcodeCode, (fields: OpenApiErrcodeFields) => string> = {
  OPEN_API_NOT_ALLOWED: ({ path, errcode, errmsg }) =>
    `not allowed (errcode ${errcode}: ${errmsg}). In the Cloud Hosting console, open 云调用 > 开放接口服务 (open-API service), switch it on and add ${path} to the allowed APIs (微信令牌权限配置); ` +
    'allow a few minutes for the change. 48001 means the mini program itself lacks this API.',
  OPEN_API_RATE_LIMITED: ({ errcode, errmsg }) => `too many calls (errcode ${errcode}: ${errmsg}): wait and try again.`,
  OPEN_API_FAILED: ({ errcode, errmsg }) => `errcode ${errcode}: ${errmsg}`,
  PHONE_CODE_INVALID: ({ errcode, errmsg }) =>
    `the phone code is invalid, used or expired (errcode ${errcode}: ${errmsg}): a code works once, within five minutes; ask the user to tap the button again.`,
};

/** The service answered `errcode` (non-zero) for `path`; `code` is what that errcode means. */
export function openApiErrcodeError(code: OpenApiErrcodeCode, path: OpenApiPath, errcode: number, errmsg: string): CloudIdError<OpenApiErrcodeCode> {
  const fields = { path, errcode, errmsg };
  return cloudIdError(code, `${path}: ${ERRCODE_ADVICE[code](fields)}`, fields);
}

/** True for an answer of the open-API service with a non-zero errcode (the error carries it). */
export function isOpenApiErrcodeError(error: unknown): error is CloudIdError<OpenApiErrcodeCode> {
  return isOpenApiError(error) && Object.prototype.hasOwnProperty.call(ERRCODE_ADVICE, error.code);
}
