import { cloudIdError, isCloudIdError, type CloudIdError, type OpenDataExchangeFailure } from '../core/errors';

/**
 * An exchange API (`cloud.getOpenData`, `cloud.openapi.phonenumber.getPhoneNumber`) is
 * missing, threw, or answered with something that is not its result. `api` names it.
 */
export function exchangeFailed(reason: OpenDataExchangeFailure, api: string, detail: string, errCode?: number, cause?: unknown): CloudIdError<'OPEN_DATA_EXCHANGE_FAILED'> {
  return cloudIdError('OPEN_DATA_EXCHANGE_FAILED', `cloud.${api} ${reason === 'unavailable' ? 'is not available' : 'failed'}: ${detail}`, { reason, api, errCode, cause });
}

/** True for the error `settleWithin` rejects with when an exchange took too long. */
export function isExchangeTimeout(error: unknown): error is CloudIdError<'EXCHANGE_TIMEOUT'> {
  return isCloudIdError(error) && error.code === 'EXCHANGE_TIMEOUT';
}
