// Each entry's union lists only the codes that entry throws, and a code's fields are its own.
import { isCloudIdError } from 'miniprogram-cloudid';
import { isCloudIdError as isServerError } from 'miniprogram-cloudid/server';

export function clientCodes(error: unknown): string {
  if (!isCloudIdError(error)) return '';
  switch (error.code) {
    // @expect-error Type '"OPEN_API_TIMEOUT"' is not comparable to type
    case 'OPEN_API_TIMEOUT':
      return 'the container throws this, not the client';
    // @expect-error Type '"SOURCE_SYNTAX_ERROR"' is not comparable to type
    case 'SOURCE_SYNTAX_ERROR':
      return 'the checker throws this, not the client';
    // @expect-error Type '"MOCK_SETUP_INVALID"' is not comparable to type
    case 'MOCK_SETUP_INVALID':
      return 'the testing kit throws this, not the client';
    case 'CALL_FAILED':
      // @expect-error Property 'issues' does not exist on type
      return String(error.issues);
    default:
      return '';
  }
}

export function missingCase(error: unknown): string {
  if (!isServerError(error)) return '';
  switch (error.code) {
    case 'INVALID_OPTION':
    case 'NOT_IN_CLOUD_FUNCTION':
    case 'OPEN_DATA_EXCHANGE_FAILED':
      return error.message;
    default: {
      // @expect-error is not assignable to type 'never'
      const unhandled: never = error;
      return unhandled;
    }
  }
}
