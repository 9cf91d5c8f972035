/**
 * `miniprogram-cloudid/server`: for cloud functions written with wx-server-sdk. Typed
 * context, trusted reading of the open data WeChat puts in the event, the getOpenData
 * exchange, and `withOpenData`, which answers untrusted data with the envelope the
 * client's `callFunction` understands.
 */
import { isCloudIdError as isAnyCloudIdError, type CloudIdError, type ServerErrorCode } from '../core/errors';

export type { CloudLike, CloudOpenApi, GetOpenDataItem, GetOpenDataResult } from './cloud';
export { getContext, parseSource, type CallSource, type CloudContext, type WxContextFields } from './context';
export type { CallerIdentity } from '../core/source';
export { readOpenData, type ReadOpenDataOptions } from './open-data';
export {
  DEFAULT_WATERMARK_MAX_AGE_SECONDS,
  type OpenDataResult,
  type PhoneCodeResult,
  type TrustedOpenData,
  type UntrustedOpenData,
  type WatermarkOptions,
} from '../core/open-data-checks';
export { exchangeOpenData, type ExchangeOpenDataOptions } from './exchange';
export { exchangePhoneCode, type ExchangePhoneCodeOptions } from './phone';
export { DEFAULT_EXCHANGE_TIMEOUT_MS } from './timeout';
export {
  withOpenData,
  type CleanOpenData,
  type CloudFunctionMain,
  type OpenDataHandler,
  type OpenDataKeys,
  type WithOpenDataOptions,
} from './with-open-data';
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
export { CloudIdError, type CloudIdErrorCode, type CloudIdErrorFields, type OpenDataExchangeFailure, type ServerErrorCode } from '../core/errors';

/** True for an error of this package (from any realm or copy of it); `switch (error.code)` then narrows to the codes this entry throws. */
export const isCloudIdError = isAnyCloudIdError as (value: unknown) => value is CloudIdError<ServerErrorCode>;
export { LOCAL_DEBUG_ENV, SOURCE_VALUES, type CloudIdApi, type KnownSource } from '../core/rules';
