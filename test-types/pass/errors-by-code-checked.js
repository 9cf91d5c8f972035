// @options: {"module": "nodenext", "moduleResolution": "nodenext"}
// Checked JavaScript (JSDoc), as a mini program page is written: `isCloudIdError` and
// `switch (error.code)` narrow to the code's fields, with an exhaustive `never` default.
const { isCloudIdError, CloudIdError } = require('miniprogram-cloudid');

/**
 * @param {unknown} error
 * @returns {string}
 */
function describeError(error) {
  if (!isCloudIdError(error)) return String(error);
  switch (error.code) {
    case 'OPEN_DATA_API_FAILED':
      return `${error.api}: ${error.errMsg}`;
    case 'BASE_LIBRARY_TOO_OLD':
      return `needs ${error.required}`;
    case 'PHONE_CODE_UNAVAILABLE':
      return error.reason;
    case 'OPEN_DATA_REJECTED':
      return error.tapAgain ? 'tap again' : error.keys.join(', ');
    case 'HTTP_ERROR':
      return `HTTP ${error.status}`;
    case 'CALL_FAILED':
    case 'CALL_TIMEOUT':
    case 'REQUEST_TOO_LARGE':
      return error.functionName;
    case 'BASE_LIBRARY_UNKNOWN':
    case 'CLOUD_UNAVAILABLE':
    case 'CLOUD_ID_MISSING':
    case 'TICKET_NOT_REFRESHABLE':
    case 'INVALID_OPTION':
      return error.message;
    case 'INVALID_CALL_DATA':
    case 'CLOUD_ID_NESTED':
    case 'TOO_MANY_CLOUD_IDS':
    case 'TICKET_EXPIRED':
    case 'NOT_SENDABLE':
    case 'CIRCULAR_REFERENCE':
    case 'PHONE_CODE_EXPIRED':
    case 'PHONE_CODE_USED':
    case 'PLATFORM_VALUE_IN_CONTAINER':
      return error.issues.map((issue) => issue.path).join(', ');
    default: {
      /** @type {never} */
      const unhandled = error;
      return unhandled;
    }
  }
}

/** @param {unknown} error */
function timeoutOf(error) {
  return error instanceof CloudIdError && error.code === 'CALL_TIMEOUT' ? error.timeout : 0;
}

module.exports = { describeError, timeoutOf };
