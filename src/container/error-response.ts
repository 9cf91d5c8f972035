import { isIdentityError, isOpenApiError } from './errors';

/** What the page is told about a failure: the package's status, a code and a plain sentence. */
export interface ErrorResponse {
  status: number;
  body: { error: { code: string; message: string } };
}

/**
 * The answer for a failure, fit for the page: the open-API service's failures as 502 (504
 * for a timeout) with their code; a request that did not come through WeChat's gateway as
 * 401 with its code and message (the headers it lacks); anything else as 500 `INTERNAL_ERROR`. The message never carries the failure's
 * details (addresses, socket errors, the service's own answer): log the error for those.
 * `withOpenData` answers its own failures with it; use it in your error handler too.
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (isOpenApiError(error)) {
    const message =
      error.code === 'OPEN_API_TIMEOUT'
        ? 'WeChat did not answer in time, so the open data could not be checked: try again.'
        : 'The open data could not be checked with WeChat: try again later.';
    return { status: error.status, body: { error: { code: error.code, message } } };
  }
  if (isIdentityError(error)) {
    // Its message names the headers and the fix, nothing of the service.
    return { status: 401, body: { error: { code: error.code, message: error.message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'The service failed: try again later.' } } };
}
