// The sentences the example's pages show for each failure (example/miniprogram/utils/describe-error.js),
// loaded with the built package as the pages load it. The errors are made from the sources:
// isCloudIdError recognises them across copies of the package, as it must in a real project.
import { join } from 'node:path';
import { cloudIdError } from '../../src/core/errors';
import type { OpenDataFailure } from '../../src/core/envelope';
import type { PhoneCodeUnavailableReason } from '../../src/core/errors';
import { EXAMPLE_DIR } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { describeError } = require(join(EXAMPLE_DIR, 'miniprogram/utils/describe-error.js')) as { describeError(error: unknown, denied: string): string };

const DENIED = 'You chose not to share your phone number.';
const rejected = (reasons: OpenDataFailure['reason'][], tapAgain: boolean) =>
  cloudIdError('OPEN_DATA_REJECTED', 'phone rejected', {
    functionName: 'phone',
    failures: reasons.map((reason) => ({ key: 'phone', reason, errMsg: `${reason} from WeChat` })),
    keys: ['phone'],
    tapAgain,
  });
const phoneCodeUnavailable = (reason: PhoneCodeUnavailableReason, errMsg?: string, errno?: number) =>
  cloudIdError('PHONE_CODE_UNAVAILABLE', `getphonenumber: ${reason}`, { reason, eventType: 'getphonenumber', errMsg, errno });

describe('describeError', () => {
  it('asks for a new tap when WeChat refused the phone code', () => {
    expect(describeError(rejected(['code-invalid'], true), DENIED)).toBe('The server did not accept the data: the phone code was already used or has expired. Please tap the button again.');
    expect(describeError(rejected(['appid-mismatch'], true), DENIED)).toBe('The server did not accept the data: the phone code was issued to another mini program. Please tap the button again.');
  });

  it('asks to come back later when tapping again cannot help now, even after a phone code was sent', () => {
    expect(describeError(rejected(['rate-limited'], true), DENIED)).toBe('The server did not accept the data: too many requests. Please try again later.');
    expect(describeError(rejected(['quota-exceeded'], true), DENIED)).toBe('The server did not accept the data: phone number verification is used up for now. Please try again later.');
    expect(describeError(rejected(['no-permission'], true), DENIED)).toBe('The server did not accept the data: the phone function may not read phone numbers (see its config.json). Please try again later.');
    expect(describeError(rejected(['code-invalid', 'rate-limited'], true), DENIED)).toMatch(/Please try again later\.$/);
  });

  it('asks to try again when no phone code was sent', () => {
    expect(describeError(rejected(['expired'], false), DENIED)).toBe('The server did not accept the data: it expired on the way. Please try again.');
  });

  it('names a reason it has no wording for as it is, rather than dropping it', () => {
    expect(describeError(rejected(['some-new-reason' as OpenDataFailure['reason']], false), DENIED)).toBe('The server did not accept the data: some-new-reason. Please try again.');
  });

  it('tells apart why the button gave no phone code', () => {
    expect(describeError(phoneCodeUnavailable('declined', 'getPhoneNumber:fail user deny'), DENIED)).toBe(DENIED);
    expect(describeError(phoneCodeUnavailable('no-quota', 'getPhoneNumber:fail no quota', 1400001), DENIED)).toBe('Phone number verification is not available right now. Please try again later.');
    expect(describeError(phoneCodeUnavailable('no-code'), DENIED)).toBe('This WeChat cannot share a phone number this way. Please update WeChat.');
    expect(describeError(phoneCodeUnavailable('failed', 'getPhoneNumber:fail'), DENIED)).toBe('WeChat could not get your phone number. Please tap the button again.');
  });

  it('words a service that failed with its HTTP status', () => {
    const failed = cloudIdError('HTTP_ERROR', 'api/steps: HTTP 500', { functionName: 'cloudid-example/api/steps', status: 500, body: 'down' });
    expect(describeError(failed, DENIED)).toBe('The server failed (HTTP 500). Please try again later.');
  });

  it('words a call that timed out or was too large to send', () => {
    expect(describeError(cloudIdError('CALL_TIMEOUT', 'no answer', { functionName: 'cloudid-example/api/steps', timeout: 15000 }), DENIED)).toBe('The server did not answer in time. Please check your network and try again.');
    expect(describeError(cloudIdError('REQUEST_TOO_LARGE', 'too large', { functionName: 'cloudid-example/api/steps', bytes: 200_000, limit: 102_400 }), DENIED)).toBe('There is too much to send at once. Please send less and try again.');
  });

  it('keeps the wording of the failures the pages had before', () => {
    expect(describeError(cloudIdError('BASE_LIBRARY_TOO_OLD', 'too old', { feature: 'getWeRunData', required: '2.7.0', actual: '2.6.0' }), DENIED)).toBe('This needs WeChat base library 2.7.0 or later (this is 2.6.0). Please update WeChat.');
    expect(describeError(cloudIdError('CALL_FAILED', 'werun: cloud.callFunction:fail -501000', { functionName: 'werun', errMsg: 'cloud.callFunction:fail -501000' }), DENIED)).toBe('The server could not be reached (cloud.callFunction:fail -501000). Please try again later.');
  });

  it('shows anything else by its message', () => {
    expect(describeError(new Error('the service answered HTTP 500'), DENIED)).toBe('Something went wrong: the service answered HTTP 500');
    expect(describeError(cloudIdError('INVALID_OPTION', 'timeout must be a positive number', { option: 'timeout' }), DENIED)).toBe('timeout must be a positive number');
  });
});
