// Errors by code: `isCloudIdError` (or `instanceof CloudIdError`) and `switch (error.code)`
// narrow to that code's fields, and each entry's union is exhaustive with a `never` default.
import { CloudIdError, isCloudIdError, type ClientErrorCode, type CloudIdErrorCode } from 'miniprogram-cloudid';
import { isCloudIdError as isServerError, type ServerErrorCode } from 'miniprogram-cloudid/server';
import { isCloudIdError as isCheckError } from 'miniprogram-cloudid/check';
import { expectTrue, type Equal } from '../helpers';

export function describeClientError(error: unknown): string {
  if (!isCloudIdError(error)) return String(error);
  switch (error.code) {
    case 'BASE_LIBRARY_TOO_OLD':
      return `${error.feature} ${error.required} ${error.actual ?? '?'}`;
    case 'BASE_LIBRARY_UNKNOWN':
      return error.message;
    case 'CLOUD_UNAVAILABLE':
      return error.reason === 'absent' ? 'enable cloud development' : 'call wx.cloud.init()';
    case 'OPEN_DATA_API_FAILED':
      return `${error.api}: ${error.errMsg} (${error.errno ?? 0})`;
    case 'CLOUD_ID_MISSING':
    case 'TICKET_NOT_REFRESHABLE':
      return error.api;
    case 'INVALID_CALL_DATA':
    case 'CLOUD_ID_NESTED':
    case 'TOO_MANY_CLOUD_IDS':
    case 'TICKET_EXPIRED':
    case 'NOT_SENDABLE':
    case 'CIRCULAR_REFERENCE':
    case 'PHONE_CODE_EXPIRED':
    case 'PHONE_CODE_USED':
    case 'PLATFORM_VALUE_IN_CONTAINER':
      return error.issues.map((issue) => `${issue.path}: ${issue.code}`).join(', ') + ` and ${error.unlisted} more`;
    case 'INVALID_OPTION':
      return error.option;
    case 'CALL_FAILED':
      return `${error.functionName}: ${error.errMsg} ${error.errCode ?? ''}`;
    case 'OPEN_DATA_REJECTED':
      return error.tapAgain ? 'tap again' : error.failures.map((failure) => failure.reason).join() + error.keys.join();
    case 'HTTP_ERROR':
      return `${error.functionName}: HTTP ${error.status} ${JSON.stringify(error.body)}`;
    case 'CALL_TIMEOUT':
      return `${error.functionName} ${error.timeout}`;
    case 'REQUEST_TOO_LARGE':
      return `${error.bytes} > ${error.limit}`;
    case 'PHONE_CODE_UNAVAILABLE':
      return `${error.reason} ${error.eventType} ${error.errMsg ?? ''} ${error.errno ?? ''}`;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

export function byInstanceof(error: unknown): number | undefined {
  if (error instanceof CloudIdError && error.code === 'REQUEST_TOO_LARGE') return error.bytes;
  if (error instanceof CloudIdError) {
    const name: 'CloudIdError' = error.name;
    const stack: string | undefined = error.stack;
    return name.length + (stack ?? '').length;
  }
  return undefined;
}

export function describeServerError(error: unknown): string {
  if (!isServerError(error)) return String(error);
  switch (error.code) {
    case 'INVALID_OPTION':
      return error.option;
    case 'NOT_IN_CLOUD_FUNCTION':
      return error.message;
    case 'OPEN_DATA_EXCHANGE_FAILED':
      return `${error.api} ${error.reason} ${error.errCode ?? ''}`;
    case 'EXCHANGE_TIMEOUT':
      return `${error.api} ${error.timeoutMs}`;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

export function checkerError(error: unknown): string {
  return isCheckError(error) ? `${error.filename}:${error.line}:${error.column} ${error.reason}` : '';
}

// One error for one code, by its type argument; the default is any code.
export function field(error: CloudIdError<'CALL_TIMEOUT'>): number {
  return error.timeout;
}
expectTrue<Equal<CloudIdError['code'], CloudIdErrorCode>>();
expectTrue<Equal<Extract<ClientErrorCode, ServerErrorCode>, 'INVALID_OPTION'>>();
