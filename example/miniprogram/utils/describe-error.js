// Turns what a step threw into a sentence for the user. Every error of miniprogram-cloudid
// has a stable `code`; anything else is shown by its message.
const { isCloudIdError } = require('miniprogram-cloudid');

const REASONS = {
  expired: 'it expired on the way',
  invalid: 'WeChat did not recognise it',
  'user-mismatch': 'it belongs to another WeChat user',
  missing: 'it did not arrive',
  forged: 'it did not come from WeChat',
  'watermark-appid': 'it was issued to another mini program',
  'watermark-stale': 'it is too old',
  error: 'WeChat could not read it',
  'code-invalid': 'the phone code was already used or has expired',
  'appid-mismatch': 'the phone code was issued to another mini program',
  'rate-limited': 'too many requests',
  'quota-exceeded': 'phone number verification is used up for now',
  'no-permission': 'the phone function may not read phone numbers (see its config.json)',
};

// Failures a new tap cannot fix at once: the user should come back later.
const LATER = ['rate-limited', 'quota-exceeded', 'no-permission'];

/** What the user can do after the server refused the data. */
function advice(error) {
  if (error.failures.some((failure) => LATER.indexOf(failure.reason) !== -1)) return 'Please try again later.';
  // A phone code works once: after a rejection only a new tap helps.
  return error.tapAgain ? 'Please tap the button again.' : 'Please try again.';
}

/**
 * @param {unknown} error what the step threw
 * @param {string} denied what to say when the user declined the permission
 * @returns {string}
 */
function describeError(error, denied) {
  if (!isCloudIdError(error)) return 'Something went wrong: ' + String((error && error.message) || error);
  switch (error.code) {
    case 'BASE_LIBRARY_TOO_OLD':
      return 'This needs WeChat base library ' + error.required + ' or later (this is ' + error.actual + '). Please update WeChat.';
    case 'BASE_LIBRARY_UNKNOWN':
      return 'Cannot tell which WeChat base library this is. Please update WeChat.';
    case 'CLOUD_UNAVAILABLE':
    case 'CLOUD_ID_MISSING':
      return 'Cloud development is not set up for this mini program: ' + error.message;
    case 'OPEN_DATA_API_FAILED':
      return /deny|denied/.test(error.errMsg) ? denied : 'WeChat could not provide the data: ' + error.errMsg;
    case 'PHONE_CODE_UNAVAILABLE':
      if (error.reason === 'declined') return denied;
      if (error.reason === 'no-quota') return 'Phone number verification is not available right now. Please try again later.';
      if (error.reason === 'no-code') return 'This WeChat cannot share a phone number this way. Please update WeChat.';
      if (error.reason === 'failed') return 'WeChat could not get your phone number. Please tap the button again.';
      return error.message;
    case 'TICKET_EXPIRED':
    case 'TICKET_NOT_REFRESHABLE':
    case 'PHONE_CODE_EXPIRED':
      return 'That took too long: please tap the button again.';
    case 'PHONE_CODE_USED':
      return 'This phone code was already used: please tap the button again.';
    case 'OPEN_DATA_REJECTED':
      return 'The server did not accept the data: ' + error.failures.map((failure) => REASONS[failure.reason] || failure.reason).join(', ') + '. ' + advice(error);
    case 'CALL_FAILED':
      return 'The server could not be reached (' + error.errMsg + '). Please try again later.';
    case 'HTTP_ERROR':
      return 'The server failed (HTTP ' + error.status + '). Please try again later.';
    case 'CALL_TIMEOUT':
      return 'The server did not answer in time. Please check your network and try again.';
    case 'REQUEST_TOO_LARGE':
      return 'There is too much to send at once. Please send less and try again.';
    default:
      return error.message;
  }
}

module.exports = { describeError };
