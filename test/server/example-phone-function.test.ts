// The example's phone cloud function, run as deployed on the testing kit's mock platform:
// its own index.js, with the permissions of its own config.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFailureEnvelope } from '../../src/server';
import { createMockWx, type CloudFunction, type FunctionConfig } from '../../src/testing';

const FUNCTION_DIR = join(__dirname, '../../example/cloudfunctions/phone');
jest.mock('wx-server-sdk', () => jest.requireActual('../../src/testing').createMockCloud());
jest.mock('miniprogram-cloudid/server', () => jest.requireActual('../../src/server'), { virtual: true });

const config = JSON.parse(readFileSync(join(FUNCTION_DIR, 'config.json'), 'utf8')) as FunctionConfig;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main: phone } = require(join(FUNCTION_DIR, 'index.js')) as { main: CloudFunction };

/** A user of the mini program with the example's phone function deployed, on WeChat's clock from now. */
const deployed = (functionConfigs: Record<string, FunctionConfig> = { phone: config }) =>
  createMockWx({ openid: 'oAlice', clock: Date.now(), functions: { phone }, functionConfigs, openData: { getPhoneNumber: { purePhoneNumber: '13912345678', phoneNumber: '13912345678' } } });

describe('example cloud function "phone"', () => {
  it('answers the button\'s code with the number, by the permission its config.json grants', async () => {
    const mock = deployed();
    const { detail } = mock.tapGetPhoneNumber();
    const { result } = (await mock.cloud!.callFunction({ name: 'phone', data: { phone: detail.code } }))!;
    expect(result).toEqual({ openid: 'oAlice', phoneNumber: '13912345678', countryCode: '86' });
  });

  it('answers the legacy cloudID flow too', async () => {
    const mock = deployed();
    const { detail } = mock.tapGetPhoneNumber();
    const { result } = (await mock.cloud!.callFunction({ name: 'phone', data: { phone: mock.cloud!.CloudID(detail.cloudID!) } }))!;
    expect(result).toMatchObject({ openid: 'oAlice', phoneNumber: '13912345678' });
  });

  it('answers a used code with code-invalid, which the page reports as "tap again"', async () => {
    const mock = deployed();
    const { detail } = mock.tapGetPhoneNumber();
    await mock.cloud!.callFunction({ name: 'phone', data: { phone: detail.code } });
    const { result } = (await mock.cloud!.callFunction({ name: 'phone', data: { phone: detail.code } }))!;
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures[0]).toMatchObject({ key: 'phone', reason: 'code-invalid', errCode: 40029 });
  });

  it('refuses a code another user obtained: it is exchanged bound to the caller', async () => {
    const mock = deployed();
    const stolen = mock.issuePhoneCode({ openid: 'oMallory' });
    const { result } = (await mock.cloud!.callFunction({ name: 'phone', data: { phone: stolen } }))!;
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures[0]).toMatchObject({ reason: 'code-invalid' });
  });

  it('without the config.json entry, answers no-permission showing the entry to add', async () => {
    const mock = deployed({});
    const { detail } = mock.tapGetPhoneNumber();
    const { result } = (await mock.cloud!.callFunction({ name: 'phone', data: { phone: detail.code } }))!;
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures[0]).toMatchObject({
      reason: 'no-permission',
      errCode: -604101,
      errMsg: expect.stringContaining('"permissions": { "openapi": ["phonenumber.getPhoneNumber"] }'),
    });
  });
});
