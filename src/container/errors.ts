import {
  cloudIdError,
  isCloudIdError,
  type CloudIdError,
  type CloudIdErrorFields,
  type OpenApiErrorCode,
  type OpenApiFailureFields,
  type OpenApiFailureStatus,
  type OpenApiPath,
} from '../core/errors';
import {
  CONTAINER_IDENTITY_HEADERS,
  OPEN_API_ERROR_CODE,
  OPEN_API_NOT_IN_WHITELIST_STATUS,
  OPEN_API_PATH,
  OPEN_API_SETUP_ERROR,
  PHONE_NUMBER_ERROR,
} from '../core/rules';
import { thrownString, thrownText } from '../core/thrown';

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

/**
 * An X-WX-* identity header arrived `count` times. WeChat's gateway sets each once, so
 * another copy was added on the way (by a caller on the public internet, a proxy), and
 * which one is the gateway's cannot be told: the request is refused rather than read.
 */
export function identityHeaderRepeated(header: string, count: number): CloudIdError<'IDENTITY_HEADER_REPEATED'> {
  return cloudIdError(
    'IDENTITY_HEADER_REPEATED',
    `The request has the ${header} header ${count} times; WeChat's gateway sets it once, so the request did not come through the gateway alone. ` +
      'Remove whatever adds X-WX-* headers in front of the service (a proxy, the caller), and do not let the public internet reach routes that trust them.',
    { header, count },
  );
}

/** True for a request refused for its identity headers: missing, or repeated. */
export function isIdentityError(error: unknown): error is CloudIdError<'NOT_FROM_WECHAT_GATEWAY' | 'IDENTITY_HEADER_REPEATED'> {
  return isCloudIdError(error) && (error.code === 'NOT_FROM_WECHAT_GATEWAY' || error.code === 'IDENTITY_HEADER_REPEATED');
}

/** True for a failure to get an answer from the open-API service. */
export function isOpenApiError(error: unknown): error is CloudIdError<OpenApiErrorCode> {
  return isCloudIdError(error) && (error.code.indexOf('OPEN_API_') === 0 || error.code === 'PHONE_CODE_INVALID');
}

/** The fields every open-API failure shares: the path and the package's own status, never the service's. */
function failure<Status extends OpenApiFailureStatus>(path: OpenApiPath, status: Status, upstreamStatus?: number): OpenApiFailureFields<Status> {
  const fields: OpenApiFailureFields<Status> = { path, status, statusCode: status, expose: false };
  if (upstreamStatus !== undefined) fields.upstreamStatus = upstreamStatus;
  return fields;
}

/** No complete answer within `timeoutMs`; the request was abandoned. */
export function openApiTimeout(path: OpenApiPath, timeoutMs: number): CloudIdError<'OPEN_API_TIMEOUT'> {
  return cloudIdError(
    'OPEN_API_TIMEOUT',
    `${path}: no answer within ${timeoutMs} ms: the open-API service is slow or unreachable; raise createOpenApi({ timeoutMs }) if this is expected.`,
    { ...failure(path, 504), timeoutMs },
  );
}

/** The connection could not be made (refused, unknown host): the service was never reached. */
export function openApiUnreachable(path: OpenApiPath, baseUrl: string, cause: unknown): CloudIdError<'OPEN_API_UNREACHABLE'> {
  return cloudIdError(
    'OPEN_API_UNREACHABLE',
    `${path}: cannot reach ${baseUrl} (${thrownText(cause, thrownString(cause))}). The open-API service exists only inside Cloud Hosting; ` +
      'elsewhere (local runs, tests) pass createOpenApi({ baseUrl }) the address of a stand-in such as createMockOpenApi().url.',
    { ...failure(path, 502), baseUrl, cause },
  );
}

/**
 * The service was reached, but its answer is unusable: `detail` says how. `upstreamStatus`
 * is its HTTP status when it sent one; `upstreamText` the start of the answer, for the log
 * (never in the message, which may reach a page through a framework's error page).
 */
export function openApiBadResponse(path: OpenApiPath, detail: string, upstreamStatus?: number, upstreamText?: string): CloudIdError<'OPEN_API_BAD_RESPONSE'> {
  const fields: CloudIdErrorFields['OPEN_API_BAD_RESPONSE'] = failure(path, 502, upstreamStatus);
  if (upstreamText !== undefined) fields.upstreamText = upstreamText.slice(0, 200);
  return cloudIdError('OPEN_API_BAD_RESPONSE', `${path}: unexpected answer: ${detail}`, fields);
}

/**
 * A complete answer without a usable errcode (`problem` says what it lacks). An HTTP 502 is
 * what some paths not in the whitelist answer (Cloud Hosting FAQ); anything else is a bad answer.
 */
export function openApiHttpError(path: OpenApiPath, status: number, problem: string, text: string): CloudIdError<'OPEN_API_NOT_ALLOWED' | 'OPEN_API_BAD_RESPONSE'> {
  if (status === OPEN_API_NOT_IN_WHITELIST_STATUS) {
    return cloudIdError(
      'OPEN_API_NOT_ALLOWED',
      `${path}: HTTP ${status} without an errcode, as the open-API service answers some paths not in its whitelist: ${whitelistFix(path)} ` +
        'If it is there already, the service itself failed: try again, and check its status in the console.',
      { ...failure(path, 502, status), reason: 'not-in-whitelist' },
    );
  }
  return openApiBadResponse(path, `HTTP ${status}, ${problem}.`, status, text);
}

const whitelistFix = (path: OpenApiPath) =>
  `add ${path} to the open-API service's whitelist: Cloud Hosting console, 服务管理 > 云调用 > 微信令牌 (switch 开放接口服务 on first), then allow a few minutes.`;

/** The codes of an answer with a non-zero errcode, which carry `errcode` and `errmsg`. */
export type OpenApiErrcodeCode = Exclude<OpenApiErrorCode, 'OPEN_API_TIMEOUT' | 'OPEN_API_UNREACHABLE' | 'OPEN_API_BAD_RESPONSE'>;

const SETUP = OPEN_API_SETUP_ERROR;

/** What a non-zero errcode means: its code, its reason where the code has several, and the fix, after `path: errcode N: errmsg: `. */
function meaning(path: OpenApiPath, errcode: number): { code: OpenApiErrcodeCode; reason?: string; fix: string } {
  switch (errcode) {
    case SETUP.NOT_IN_WHITELIST.errcode:
    case OPEN_API_ERROR_CODE.NOT_ALLOWED:
      return { code: 'OPEN_API_NOT_ALLOWED', reason: 'not-in-whitelist', fix: whitelistFix(path) };
    case SETUP.API_UNAUTHORIZED.errcode:
    case SETUP.NOT_AUTHORIZED.errcode:
      return {
        code: 'OPEN_API_NOT_ALLOWED',
        reason: 'api-unauthorized',
        fix: `the mini program lacks ${path}: apply for it on mp.weixin.qq.com; under resource reuse, call with the caller's from_appid (withOpenData does).`,
      };
    case SETUP.SERVICE_OFF.errcode:
      return {
        code: 'OPEN_API_NOT_READY',
        reason: 'service-off',
        fix: 'switch on the open-API service (开放接口服务) in the Cloud Hosting console and publish a new version of the service (the switch takes effect only then); do not call it while the service is starting.',
      };
    case SETUP.NOT_READY.errcode:
      return { code: 'OPEN_API_NOT_READY', reason: 'initialising', fix: 'cloud call is not initialised yet, as happens to a first version: wait a few minutes and try again; if it persists, file a ticket.' };
    case SETUP.ACCESS_TOKEN_EXPIRED.errcode:
      return { code: 'OPEN_API_ACCESS_TOKEN_EXPIRED', fix: 'the call sent an access_token of its own; remove it (and any jscode2session of your own): the open-API service adds one.' };
    case SETUP.LINK_FAILURE.errcode:
      return { code: 'OPEN_API_LINK_FAILURE', fix: "a link failure on WeChat's side; file a ticket with the environment id, the AppID, the time and the request id (rid)." };
    case PHONE_NUMBER_ERROR.RATE_LIMIT.errcode:
      return { code: 'OPEN_API_RATE_LIMITED', fix: 'too many calls: wait and try again.' };
    case PHONE_NUMBER_ERROR.INVALID_CODE.errcode:
      if (path === OPEN_API_PATH.GET_PHONE_NUMBER) {
        return { code: 'PHONE_CODE_INVALID', fix: 'the phone code is invalid, used or expired: a code works once, within five minutes; ask the user to tap the button again.' };
      }
      return { code: 'OPEN_API_FAILED', fix: 'the service refused the call.' };
    default:
      return { code: 'OPEN_API_FAILED', fix: 'the service refused the call.' };
  }
}

/** The error a non-zero errcode stands for; `upstreamStatus` is the HTTP status it came with. */
export function openApiErrcodeError(path: OpenApiPath, errcode: unknown, errmsg: unknown, upstreamStatus?: number): CloudIdError<OpenApiErrcodeCode | 'OPEN_API_BAD_RESPONSE'> {
  if (typeof errcode !== 'number') return openApiBadResponse(path, `errcode is ${typeof errcode}, not a number.`, upstreamStatus);
  const message = typeof errmsg === 'string' ? errmsg : '';
  const { code, reason, fix } = meaning(path, errcode);
  const fields = { ...failure(path, 502, upstreamStatus), errcode, errmsg: message, ...(reason === undefined ? {} : { reason }) };
  return cloudIdError(code, `${path}: errcode ${errcode}: ${message}: ${fix}`, fields as CloudIdErrorFields[typeof code]);
}

/** True for an answer of the open-API service with a non-zero errcode (the error carries it). */
export function isOpenApiErrcodeError(error: unknown): error is CloudIdError<OpenApiErrcodeCode> & { errcode: number; errmsg: string } {
  return isOpenApiError(error) && typeof (error as { errcode?: unknown }).errcode === 'number';
}
