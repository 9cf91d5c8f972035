import { PHONE_CODE_TTL_MS, PHONE_CODE_NO_QUOTA_ERRNO, PHONE_NUMBER_OPENAPI } from '../../src/core/rules';
import { createMockCloud, createMockWx, type CloudFunction, type MockWx } from '../../src/testing';
import { issuePhoneCode, platformOf, redeemPhoneCode, type Platform } from '../../src/testing/platform';

/** The module a cloud function gets from `require('wx-server-sdk')` under jest.mock. */
const cloud = createMockCloud();

/** A cloud function exchanging a phone code, as WeChat's sample writes it. */
const redeem = (event: { code: string; openid?: string }) => cloud.openapi.phonenumber.getPhoneNumber({ code: event.code, openid: event.openid });
const getPhone: CloudFunction = redeem;
const permitted = { getPhone: { permissions: { openapi: [PHONE_NUMBER_OPENAPI] } } };

/** The platform failure a call rejects with, whatever its shape. */
const rejection = (promise: Promise<unknown> | undefined) => promise!.then(
  () => {
    throw new Error('expected the call to fail');
  },
  (error: { errCode: number; errMsg: string }) => error,
);

const phoneOf = (mock: MockWx) => platformOf(mock) as Platform;

describe('phone codes in the platform state', () => {
  const mock = createMockWx({ appid: 'wxapp', openid: 'oAlice', openData: { getPhoneNumber: { phoneNumber: '+86 139 0000 0000', purePhoneNumber: '13900000000' } } });
  const platform = phoneOf(mock);

  it('redeems a code once, for its mini program, with the phone number and a watermark of when it was issued', () => {
    const issued = issuePhoneCode(platform, { api: 'getPhoneNumber', phoneNumber: { phoneNumber: '+86 139 0000 0000', purePhoneNumber: '13900000000', countryCode: '86' }, openid: 'oAlice', appid: 'wxapp' });
    expect(issued.code).toMatch(/^[0-9a-f]{64}$/);
    const issuedAt = mock.clock.now();
    mock.clock.advance(1000);
    expect(redeemPhoneCode(platform, { code: issued.code, appid: 'wxapp' })).toEqual({
      phoneInfo: { phoneNumber: '+86 139 0000 0000', purePhoneNumber: '13900000000', countryCode: '86', watermark: { appid: 'wxapp', timestamp: Math.floor(issuedAt / 1000) } },
    });
    expect(redeemPhoneCode(platform, { code: issued.code, appid: 'wxapp' })).toEqual({ errcode: 40029, errmsg: 'invalid code' });
    expect(mock.issuedPhoneCodes.find((record) => record.code === issued.code)!.redeemedAt).toBe(issuedAt + 1000);
  });

  it('refuses unknown codes (40029), another mini program (40013) and another user when openid is given (40029), without using the code up', () => {
    const code = mock.issuePhoneCode();
    expect(redeemPhoneCode(platform, { code: 'not-a-code', appid: 'wxapp' })).toEqual({ errcode: 40029, errmsg: 'invalid code' });
    expect(redeemPhoneCode(platform, { code: 42, appid: 'wxapp' })).toEqual({ errcode: 40029, errmsg: 'invalid code' });
    expect(redeemPhoneCode(platform, { code, appid: 'wxother' })).toEqual({ errcode: 40013, errmsg: 'invalid appid' });
    expect(redeemPhoneCode(platform, { code, appid: 'wxapp', openid: 'oBob' })).toEqual({ errcode: 40029, errmsg: 'invalid code' });
    expect(redeemPhoneCode(platform, { code, appid: 'wxapp', openid: 'oAlice' })).toHaveProperty('phoneInfo.purePhoneNumber', '13900000000');
  });

  it('expires a code five minutes after it was issued, by the platform clock', () => {
    const fresh = mock.issuePhoneCode();
    const stale = mock.issuePhoneCode();
    mock.clock.advance(PHONE_CODE_TTL_MS - 1);
    expect(redeemPhoneCode(platform, { code: fresh, appid: 'wxapp' })).toHaveProperty('phoneInfo');
    mock.clock.advance(1);
    expect(redeemPhoneCode(platform, { code: stale, appid: 'wxapp' })).toEqual({ errcode: 40029, errmsg: 'invalid code' });
  });

  it('issues codes for another user and phone number on request', () => {
    const code = mock.issuePhoneCode({ openid: 'oBob', phoneNumber: { purePhoneNumber: '13700000000' } });
    expect(redeemPhoneCode(platform, { code, appid: 'wxapp', openid: 'oAlice' })).toEqual({ errcode: 40029, errmsg: 'invalid code' });
    expect(redeemPhoneCode(platform, { code, appid: 'wxapp', openid: 'oBob' })).toHaveProperty('phoneInfo.purePhoneNumber', '13700000000');
    expect(() => mock.issuePhoneCode({ openid: '' })).toThrow(/openid must be a non-empty string/);
    expect(() => mock.issuePhoneCode({ api: 'getUserInfo' as never })).toThrow(/api must be 'getPhoneNumber' or 'getRealtimePhoneNumber'/);
  });
});

describe('phone buttons', () => {
  it('gives getPhoneNumber taps a code the platform knows, bound to the user, from 2.21.2', () => {
    const mock = createMockWx({ openid: 'oAlice' });
    const { detail } = mock.tapGetPhoneNumber();
    expect(mock.issuedPhoneCodes).toEqual([expect.objectContaining({ code: detail.code, api: 'getPhoneNumber', openid: 'oAlice' })]);
    expect(createMockWx({ baseLibrary: '2.21.1' }).tapGetPhoneNumber().detail).toEqual({ errMsg: 'getPhoneNumber:ok', encryptedData: expect.any(String), iv: expect.any(String), cloudID: expect.any(String) });
    expect(createMockWx({ baseLibrary: '2.7.9' }).tapGetPhoneNumber().detail).not.toHaveProperty('cloudID');
  });

  it('gives getRealtimePhoneNumber taps a code only, from 2.24.4', () => {
    const mock = createMockWx();
    const event = mock.tapGetRealtimePhoneNumber();
    expect(event).toMatchObject({ type: 'getrealtimephonenumber', detail: { errMsg: 'getRealtimePhoneNumber:ok', code: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(Object.keys(event.detail).sort()).toEqual(['code', 'errMsg']);
    expect(mock.tapGetRealtimePhoneNumber({ deny: true }).detail).toEqual({ errMsg: 'getRealtimePhoneNumber:fail user deny' });
    expect(createMockWx({ baseLibrary: '2.24.4' }).tapGetRealtimePhoneNumber().detail.code).toBeDefined();
    expect(() => createMockWx({ baseLibrary: '2.24.3' }).tapGetRealtimePhoneNumber()).toThrow(/2\.24\.4/);
  });

  it('gives errno 1400001 and no code once the quota is used up, per button', () => {
    const mock = createMockWx({ phoneQuota: { getPhoneNumber: 1, getRealtimePhoneNumber: 0 } });
    expect(mock.tapGetPhoneNumber().detail.code).toBeDefined();
    expect(mock.tapGetPhoneNumber().detail).toEqual({ errMsg: 'getPhoneNumber:fail no quota', errno: PHONE_CODE_NO_QUOTA_ERRNO });
    expect(mock.tapGetRealtimePhoneNumber().detail).toEqual({ errMsg: 'getRealtimePhoneNumber:fail no quota', errno: PHONE_CODE_NO_QUOTA_ERRNO });
    // a second user of the same mini program shares its quota
    expect(createMockWx({ platform: mock, openid: 'oBob' }).tapGetPhoneNumber().detail.errno).toBe(PHONE_CODE_NO_QUOTA_ERRNO);
  });

  it('rejects a malformed quota, naming the field', () => {
    expect(() => createMockWx({ phoneQuota: { getPhoneNumber: -1 } })).toThrow(/options\.phoneQuota\.getPhoneNumber must be a whole number/);
    expect(() => createMockWx({ phoneQuota: { getUserInfo: 1 } as never })).toThrow(/options\.phoneQuota\.getUserInfo: the phone buttons are/);
    expect(() => createMockWx({ platform: createMockWx(), phoneQuota: {} })).toThrow(/phoneQuota cannot be set when joining/);
  });
});

describe('cloud.openapi.phonenumber.getPhoneNumber', () => {
  it('answers like wx-server-sdk 4.0.2: phoneInfo with the watermark, errMsg and errCode 0', async () => {
    const mock = createMockWx({ appid: 'wxapp', openid: 'oAlice', functions: { getPhone }, functionConfigs: permitted });
    const { detail } = mock.tapGetPhoneNumber();
    const { result } = (await mock.cloud!.callFunction({ name: 'getPhone', data: { code: detail.code, openid: 'oAlice' } }))!;
    expect(result).toEqual({
      phoneInfo: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', watermark: { appid: 'wxapp', timestamp: Math.floor(mock.clock.now() / 1000) } },
      errMsg: 'openapi.phonenumber.getPhoneNumber:ok',
      errCode: 0,
    });
  });

  it("fails like wx-server-sdk on WeChat's errcodes: errCode is the errcode, errMsg names the API", async () => {
    const mock = createMockWx({ functions: { getPhone }, functionConfigs: permitted });
    const error = await rejection(mock.cloud!.callFunction({ name: 'getPhone', data: { code: 'used-or-made-up' } }));
    expect(error.errCode).toBe(-504002);
    expect(error.errMsg).toContain('errCode: 40029  | errMsg: openapi.phonenumber.getPhoneNumber:fail invalid code');

    const caught: CloudFunction = (event) => redeem(event).then(undefined, (thrown: { errCode: number; errMsg: string; message: string }) => ({ errCode: thrown.errCode, errMsg: thrown.errMsg, message: thrown.message }));
    // another mini program on the same platform (WeChat) holding this one's code
    const other = createMockWx({ platform: mock, appid: 'wxother', functions: { caught }, functionConfigs: { caught: permitted.getPhone } });
    const { result } = (await other.cloud!.callFunction({ name: 'caught', data: { code: mock.issuePhoneCode() } }))!;
    expect(result).toEqual({ errCode: 40013, errMsg: 'openapi.phonenumber.getPhoneNumber:fail invalid appid', message: 'errCode: 40013  | errMsg: openapi.phonenumber.getPhoneNumber:fail invalid appid' });
  });

  it('is refused with -604101 when the config.json lacks the permission', async () => {
    const caught: CloudFunction = (event) => redeem(event).catch((thrown: { errCode: number; errMsg: string; message: string }) => ({ errCode: thrown.errCode, errMsg: thrown.errMsg, message: thrown.message }));
    const expected = { errCode: -604101, errMsg: 'system error: error code: -604101', message: 'errCode: -604101 function has no permission to call this API | errMsg: system error: error code: -604101' };
    for (const functionConfigs of [undefined, { caught: {} }, { caught: { permissions: { openapi: ['wxacode.get'] } } }]) {
      const mock = createMockWx({ functions: { caught }, functionConfigs });
      const code = mock.tapGetPhoneNumber().detail.code;
      expect((await mock.cloud!.callFunction({ name: 'caught', data: { code } }))!.result).toEqual(expected);
      // the code was not used: a permitted function can still redeem it
      expect(redeemPhoneCode(phoneOf(mock), { code, appid: mock.issuedPhoneCodes[0].appid })).toHaveProperty('phoneInfo');
    }
  });

  it('checks each function by its own config.json, also for nested calls', async () => {
    const relay: CloudFunction = (event) => cloud.callFunction({ name: 'getPhone', data: event }).then((answer) => answer.result);
    const mock = createMockWx({ functions: { getPhone, relay }, functionConfigs: permitted });
    const { result } = (await mock.cloud!.callFunction({ name: 'relay', data: { code: mock.issuePhoneCode() } }))!;
    expect(result).toHaveProperty('phoneInfo.purePhoneNumber', '13800138000');
    const unpermitted = createMockWx({ functions: { direct: getPhone }, functionConfigs: permitted });
    expect((await rejection(unpermitted.cloud!.callFunction({ name: 'direct', data: { code: unpermitted.issuePhoneCode() } }))).errMsg).toContain('-604101');
  });

  it('says a cloud call needs a running cloud function', async () => {
    await expect(createMockWx().serverSdk.openapi.phonenumber.getPhoneNumber({ code: 'x' })).rejects.toThrow(/outside any mock cloud function call/);
  });

  it('rejects malformed function configs, naming the function', () => {
    expect(() => createMockWx({ functionConfigs: { getPhone: { permissions: { openapi: 'phonenumber.getPhoneNumber' } } as never } })).toThrow(/options\.functionConfigs\.getPhone must be the function's config\.json/);
    expect(() => createMockWx({ functionConfigs: { getPhone: null as never } })).toThrow(/options\.functionConfigs\.getPhone/);
  });
});
