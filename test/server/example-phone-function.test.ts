// The example's phone cloud function, run as deployed: its own index.js and config.json,
// with wx-server-sdk standing in for the platform's phone-code exchange.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFailureEnvelope, type CloudLike } from '../../src/server';
import { APPID, clientContext, ISSUED_AT, now, OPENID, openDataInfo, replaced } from './fixtures';
import { createPhonePlatform, type PhonePlatform } from './phone-platform';

const FUNCTION_DIR = join(__dirname, '../../example/cloudfunctions/phone');
const mockSdk: Partial<CloudLike> & { init?: () => void } = {};
jest.mock('wx-server-sdk', () => mockSdk);
jest.mock('miniprogram-cloudid/server', () => jest.requireActual('../../src/server'), { virtual: true });

/** What the function's config.json allows it to call through cloud.openapi. */
function permittedOpenApis(): string[] {
  const config = JSON.parse(readFileSync(join(FUNCTION_DIR, 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } };
  return config.permissions?.openapi ?? [];
}

function deploy(platform: PhonePlatform): (event: unknown, context: unknown) => Promise<unknown> {
  Object.assign(mockSdk, platform.cloud, { init: () => undefined });
  let main: ((event: unknown, context: unknown) => Promise<unknown>) | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    main = (require(join(FUNCTION_DIR, 'index.js')) as { main: typeof main }).main;
  });
  return main!;
}

describe('example cloud function "phone"', () => {
  beforeAll(() => jest.useFakeTimers({ now: now(), doNotFake: ['setTimeout', 'clearTimeout', 'nextTick', 'queueMicrotask'] }));
  afterAll(() => jest.useRealTimers());

  it('config.json grants the phone-code exchange', () => {
    expect(permittedOpenApis()).toContain('phonenumber.getPhoneNumber');
  });

  it('answers a phone code with the number, by the permission config.json grants', async () => {
    const platform = createPhonePlatform({ context: clientContext(), permitted: permittedOpenApis().includes('phonenumber.getPhoneNumber') });
    platform.issue('code-1', { phoneNumber: '13912345678' });
    await expect(deploy(platform)({ phone: 'code-1' }, {})).resolves.toEqual({ openid: OPENID, phoneNumber: '13912345678', countryCode: '86' });
  });

  it('answers the legacy cloudID flow too', async () => {
    const platform = createPhonePlatform({ context: clientContext({ OPEN_DATA_INFO: openDataInfo('phone') }) });
    const phone = { phoneNumber: '13800000000', purePhoneNumber: '13800000000', countryCode: '86', watermark: { appid: APPID, timestamp: ISSUED_AT } };
    await expect(deploy(platform)({ phone: replaced('id-1', phone) }, {})).resolves.toEqual({ openid: OPENID, phoneNumber: '13800000000', countryCode: '86' });
  });

  it('answers a used code with code-invalid, which the page reports as "tap again"', async () => {
    const platform = createPhonePlatform({ context: clientContext() });
    platform.issue('code-1');
    const main = deploy(platform);
    await main({ phone: 'code-1' }, {});
    const again = await main({ phone: 'code-1' }, {});
    expect(isFailureEnvelope(again) && again.cloudIdFailure.failures[0]).toMatchObject({ key: 'phone', reason: 'code-invalid' });
  });
});
