/**
 * `miniprogram-cloudid/container`: for a Node service in WeChat Cloud Hosting, called with
 * `wx.cloud.callContainer`. The platform replaces no cloudID there: the service exchanges
 * them itself through the open-API service. Typed X-WX-* identity, an open-API client with
 * a timeout, and `withOpenData` for Express, `http` and Koa. Node >= 16, no dependencies.
 */
export { getContainerContext, type ContainerContext, type ContainerIdentity, type HeadersSource } from './context';
export {
  createOpenApi,
  DEFAULT_OPEN_API_TIMEOUT_MS,
  type ExchangedCloudId,
  type OpenApi,
  type OpenApiCaller,
  type OpenApiOptions,
  type PhoneInfo,
} from './open-api';
export { FAILURE_ENVELOPE_STATUS, type CleanOpenData, type OpenDataKeys, type WithOpenDataOptions } from './read-open-data';
export { withOpenData, type ContainerHandler, type RequestHandler } from './with-open-data';
export { withOpenDataKoa, type KoaContextLike, type KoaOpenDataHandler } from './koa';
export {
  IdentityHeaderRepeatedError,
  NotFromWeChatGatewayError,
  OpenApiAccessTokenExpiredError,
  OpenApiBadResponseError,
  OpenApiError,
  OpenApiFailedError,
  OpenApiLinkFailureError,
  OpenApiNotAllowedError,
  OpenApiNotReadyError,
  OpenApiRateLimitedError,
  OpenApiTimeoutError,
  OpenApiUnreachableError,
  PhoneCodeInvalidError,
  type OpenApiFailureStatus,
  type OpenApiNotAllowedReason,
  type OpenApiNotReadyReason,
  type OpenApiPath,
} from './errors';
export { errorResponse, type ErrorResponse } from './error-response';
export { parseSource, type CallerIdentity, type CallSource } from '../core/source';
export { DEFAULT_WATERMARK_MAX_AGE_SECONDS, type WatermarkOptions } from '../core/open-data-checks';
export type {
  ChatToolInfo,
  GroupEnterInfo,
  OpenDataByApi,
  OpenDataOf,
  PhoneNumber,
  ShareInfo,
  StepInfo,
  UserInfo,
  Watermark,
  WeRunData,
} from '../core/payloads';
export {
  createFailureEnvelope,
  isFailureEnvelope,
  ENVELOPE_VERSION,
  type OpenDataFailure,
  type OpenDataFailureEnvelope,
  type OpenDataFailureReason,
} from '../core/envelope';
export { CloudIdError, InvalidOptionError, isCloudIdError, type CloudIdErrorCode, type ContainerErrorCode } from '../core/errors';
export { CONTAINER_IDENTITY_HEADERS, OPEN_API_BASE_URL, OPEN_API_PATH, type CloudIdApi, type KnownSource } from '../core/rules';
