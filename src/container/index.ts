/**
 * `miniprogram-cloudid/container`: for a Node service in WeChat Cloud Hosting, called with
 * `wx.cloud.callContainer`. The platform replaces no cloudID there: the service exchanges
 * them itself through the open-API service. Typed X-WX-* identity, an open-API client with
 * a timeout, and `withOpenData` for Express, `http` and Koa. Node >= 16, no dependencies.
 */
import { isCloudIdError as isAnyCloudIdError, type CloudIdError, type ContainerErrorCode } from '../core/errors';

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
export {
  CloudIdError,
  type CloudIdErrorCode,
  type CloudIdErrorFields,
  type ContainerErrorCode,
  type OpenApiErrcodeFields,
  type OpenApiErrorCode,
  type OpenApiFailureFields,
  type OpenApiFailureStatus,
  type OpenApiNotAllowedReason,
  type OpenApiNotReadyReason,
  type OpenApiPath,
} from '../core/errors';

/** True for an error of this package (from any realm or copy of it); `switch (error.code)` then narrows to the codes this entry throws. */
export const isCloudIdError = isAnyCloudIdError as (value: unknown) => value is CloudIdError<ContainerErrorCode>;
export { CONTAINER_IDENTITY_HEADERS, OPEN_API_BASE_URL, OPEN_API_PATH, type CloudIdApi, type KnownSource } from '../core/rules';
