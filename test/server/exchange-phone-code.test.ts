import * as realCloud from 'wx-server-sdk';
import { DEFAULT_EXCHANGE_TIMEOUT_MS, exchangePhoneCode, getContext, isCloudIdError, type CloudLike, type ExchangePhoneCodeOptions } from '../../src/server';
import { PHONE_CODE_ERROR_CODE, PHONE_CODE_TTL_MS, PHONE_NUMBER_OPENAPI } from '../../src/core/rules';
import { createMockCloud, createMockWx, DEFAULT_APPID, type CloudFunction } from '../../src/testing';
import { withEnv } from './env';
import { APPID, clientContext, ISSUED_AT, now, OPENID } from './fixtures';

const phoneNumber = { phoneNumber: '13800000000', purePhoneNumber: '13800000000', countryCode: '86', watermark: { timestamp: ISSUED_AT, appid: APPID } };
const GET_PHONE_NUMBER = `openapi.${PHONE_NUMBER_OPENAPI}`;

/**
 * The testing kit's platform with one cloud function that exchanges the code it is sent,
 * as a deployed function does: inside a call, through the kit's wx-server-sdk, with
 * `permissions.openapi` from its config.json (granted unless `permitted: false`).
 */
function kitPlatform({ permitted = true } = {}) {
  const cloud = createMockCloud();
  let options: ExchangePhoneCodeOptions = {};
  const requests: unknown[] = [];
  const recordingCloud: CloudLike = {
    getWXContext: cloud.getWXContext,
    openapi: {
      phonenumber: {
        getPhoneNumber: (request: { code: string; openid?: string }) => {
          requests.push({ ...request });
          return cloud.openapi.phonenumber.getPhoneNumber(request);
        },
      },
    },
  };
  const exchange: CloudFunction = (event) => exchangePhoneCode(recordingCloud, (event as { code: string }).code, { now: () => mock.clock.now(), ...options });
  const mock = createMockWx({
    openid: 'oAlice',
    clock: Date.now(),
    functions: { exchange },
    functionConfigs: permitted ? { exchange: { permissions: { openapi: [PHONE_NUMBER_OPENAPI] } } } : {},
    openData: { getPhoneNumber: { phoneNumber: '13900000000', purePhoneNumber: '13900000000' } },
  });
  return {
    mock,
    requests,
    async exchange(code: string, given: ExchangePhoneCodeOptions = {}) {
      options = given;
      return (await mock.cloud!.callFunction({ name: 'exchange', data: { code } }))!.result;
    },
  };
}

/** A cloud whose getPhoneNumber answers as wx-server-sdk does for what the kit does not model (rate limit, quota, system error, odd answers). */
function answeringCloud(answer: (request: { code: string; openid?: string }) => unknown, context = clientContext()): CloudLike {
  return { getWXContext: () => ({ ...context }), openapi: { phonenumber: { getPhoneNumber: answer } } };
}
/** The error wx-server-sdk 4.0.2 rejects with for a WeChat errcode (generic.ts: CloudSDKError with errCode and errMsg). */
const sdkError = (errCode: number, errmsg: string) => Object.assign(new Error(`${GET_PHONE_NUMBER}:fail ${errmsg}`), { errCode, errMsg: `${GET_PHONE_NUMBER}:fail ${errmsg}` });
const failingWith = (errCode: number, errmsg = `errcode ${errCode}, rid: 1234`) => answeringCloud(() => Promise.reject(sdkError(errCode, errmsg)));

describe('exchangePhoneCode on the kit\'s platform', () => {
  it('exchanges the button\'s code for the checked phone number, bound to the caller\'s openid', async () => {
    const { mock, requests, exchange } = kitPlatform();
    const { detail } = mock.tapGetPhoneNumber();
    await expect(exchange(detail.code!)).resolves.toEqual({
      ok: true,
      data: { phoneNumber: '13900000000', purePhoneNumber: '13900000000', countryCode: '86', watermark: { appid: DEFAULT_APPID, timestamp: Math.floor(mock.clock.now() / 1000) } },
    });
    expect(requests).toEqual([{ code: detail.code, openid: 'oAlice' }]);
  });

  it('code-invalid (40029) for a used code, telling to ask the user to tap again', async () => {
    const { mock, exchange } = kitPlatform();
    const code = mock.issuePhoneCode();
    await exchange(code);
    await expect(exchange(code)).resolves.toStrictEqual({ ok: false, reason: 'code-invalid', errCode: PHONE_CODE_ERROR_CODE.INVALID_CODE, errMsg: expect.stringMatching(/tap the button again.*invalid code/) });
  });

  it('code-invalid for an unknown code and for one older than five minutes', async () => {
    const { mock, exchange } = kitPlatform();
    await expect(exchange('never-issued')).resolves.toMatchObject({ ok: false, reason: 'code-invalid' });
    const late = mock.issuePhoneCode();
    mock.clock.advance(PHONE_CODE_TTL_MS);
    await expect(exchange(late, { maxAgeSeconds: Infinity })).resolves.toMatchObject({ ok: false, reason: 'code-invalid' });
  });

  it('refuses a code another user obtained, and takes it with openid: null', async () => {
    const { mock, requests, exchange } = kitPlatform();
    const theirs = mock.issuePhoneCode({ openid: 'oBob' });
    await expect(exchange(theirs)).resolves.toMatchObject({ ok: false, reason: 'code-invalid' });
    await expect(exchange(theirs, { openid: null })).resolves.toMatchObject({ ok: true });
    expect(requests).toEqual([{ code: theirs, openid: 'oAlice' }, { code: theirs }]);
  });

  it('no-permission (-604101) without the config.json entry: the message shows the entry to add', async () => {
    const { mock, exchange } = kitPlatform({ permitted: false });
    const result = await exchange(mock.issuePhoneCode());
    expect(result).toMatchObject({ ok: false, reason: 'no-permission', errCode: -604101 });
    expect((result as { errMsg: string }).errMsg).toContain('"permissions": { "openapi": ["phonenumber.getPhoneNumber"] }');
  });

  it('watermark-stale when the number is older than maxAgeSeconds', async () => {
    const { mock, exchange } = kitPlatform();
    const code = mock.issuePhoneCode();
    mock.clock.advance(10_000);
    await expect(exchange(code, { maxAgeSeconds: 5 })).resolves.toMatchObject({ ok: false, reason: 'watermark-stale' });
  });
});

describe('exchangePhoneCode: the other answers WeChat documents', () => {
  it('appid-mismatch (40013) for a code issued to another mini program', async () => {
    await expect(exchangePhoneCode(failingWith(40013, 'invalid appid'), 'c', { now })).resolves.toMatchObject({ ok: false, reason: 'appid-mismatch', errCode: 40013 });
  });

  it.each([
    ['rate-limited', PHONE_CODE_ERROR_CODE.RATE_LIMITED, /try again later/],
    ['quota-exceeded', PHONE_CODE_ERROR_CODE.QUOTA_EXCEEDED, /quota is used up/],
    ['error', PHONE_CODE_ERROR_CODE.SYSTEM_ERROR, /errcode -1/],
    ['error', 99999, /errcode 99999/],
  ])('%s for errCode %d', async (reason, errCode, message) => {
    await expect(exchangePhoneCode(failingWith(errCode), 'c', { now })).resolves.toStrictEqual({ ok: false, reason, errCode, errMsg: expect.stringMatching(message) });
  });

  it('checks the watermark against the context: another AppID', async () => {
    const cloud = answeringCloud(async () => ({ phoneInfo: { ...phoneNumber, watermark: { timestamp: ISSUED_AT, appid: 'wxOTHER' } }, errCode: 0, errMsg: `${GET_PHONE_NUMBER}:ok` }));
    await expect(exchangePhoneCode(cloud, 'c', { now })).resolves.toMatchObject({ ok: false, reason: 'watermark-appid' });
  });

  it("in a cross-account call exchanges as the calling mini program (openapi({ appid: FROM_APPID })), for its user, and accepts its AppID in the watermark", async () => {
    const requests: unknown[] = [];
    const answer = { phoneInfo: { ...phoneNumber, watermark: { timestamp: ISSUED_AT, appid: 'wxCALLER' } }, errCode: 0 };
    const as = (appid: string | undefined) => ({
      phonenumber: {
        getPhoneNumber: async (request: unknown) => {
          requests.push({ appid, request });
          return answer;
        },
      },
    });
    const context = clientContext({ APPID: 'wxOWNER', FROM_APPID: 'wxCALLER', FROM_OPENID: 'o-from', OPENID: undefined });
    const cloud: CloudLike = { getWXContext: () => ({ ...context }), openapi: Object.assign((options: { appid: string }) => as(options.appid), as(undefined)) };
    await expect(exchangePhoneCode(cloud, 'c', { now })).resolves.toMatchObject({ ok: true, data: { watermark: { appid: 'wxCALLER' } } });
    await expect(exchangePhoneCode(cloud, 'c', { now, openid: null })).resolves.toMatchObject({ ok: true });
    expect(requests).toEqual([
      { appid: 'wxCALLER', request: { code: 'c', openid: 'o-from' } },
      { appid: 'wxCALLER', request: { code: 'c' } },
    ]);
  });

  it('in a cross-account call refuses a cloud whose openapi cannot be called with { appid }, before any request', async () => {
    const getPhoneNumber = jest.fn();
    const cloud = answeringCloud(getPhoneNumber, clientContext({ APPID: 'wxOWNER', FROM_APPID: 'wxCALLER', FROM_OPENID: 'o-from' }));
    const error = await exchangePhoneCode(cloud, 'c', { now }).catch((caught: unknown) => caught);
    expect(isCloudIdError(error) && error.code).toBe('OPEN_DATA_EXCHANGE_FAILED');
    expect(error).toMatchObject({ reason: 'unavailable', api: GET_PHONE_NUMBER, message: expect.stringContaining('cloud.openapi({ appid })') });
    expect(getPhoneNumber).not.toHaveBeenCalled();
  });

  it('requires the watermark WeChat documents for phone numbers', async () => {
    const cloud = answeringCloud(async () => ({ phoneInfo: { ...phoneNumber, watermark: undefined }, errCode: 0 }));
    await expect(exchangePhoneCode(cloud, 'c', { now })).resolves.toMatchObject({ ok: false, reason: 'watermark-appid' });
  });

  it('an answer without a well-formed phoneInfo is an error result saying what was wrong; a non-object answer rejects', async () => {
    await expect(exchangePhoneCode(answeringCloud(async () => ({ errCode: 0 })), 'c', { now })).resolves.toMatchObject({ ok: false, reason: 'error', errMsg: expect.stringContaining('without phoneInfo') });
    await expect(exchangePhoneCode(answeringCloud(async () => ({ phoneInfo: { ...phoneNumber, purePhoneNumber: 138 } })), 'c', { now })).resolves.toMatchObject({
      reason: 'error',
      errMsg: expect.stringContaining('purePhoneNumber as number'),
    });
    await expect(exchangePhoneCode(answeringCloud(async () => 'ok'), 'c', { now })).rejects.toMatchObject({ code: 'OPEN_DATA_EXCHANGE_FAILED', reason: 'malformed-response' });
  });

  it('uses the context it is given', async () => {
    const cloud: CloudLike = { getWXContext: () => ({}), openapi: answeringCloud(async () => ({ phoneInfo: phoneNumber, errCode: 0 })).openapi };
    await expect(exchangePhoneCode(cloud, 'c', { context: getContext(answeringCloud(() => undefined)), now })).resolves.toMatchObject({ ok: true });
  });
});

describe('exchangePhoneCode: timeout', () => {
  it(`rejects with EXCHANGE_TIMEOUT when WeChat never answers (default ${DEFAULT_EXCHANGE_TIMEOUT_MS} ms)`, async () => {
    const error = await exchangePhoneCode(answeringCloud(() => new Promise(() => undefined)), 'c', { now, timeoutMs: 20 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EXCHANGE_TIMEOUT' });
    expect(error).toMatchObject({ code: 'EXCHANGE_TIMEOUT', api: GET_PHONE_NUMBER, timeoutMs: 20, message: expect.stringContaining('within 20 ms') });
    expect(DEFAULT_EXCHANGE_TIMEOUT_MS).toBeLessThan(3000);
  });

  it.each([0, -1, Number.NaN, '100', Infinity, 2 ** 31])('refuses timeoutMs %p, naming it', async (timeoutMs) => {
    const getPhoneNumber = jest.fn();
    await expect(exchangePhoneCode(answeringCloud(getPhoneNumber), 'c', { timeoutMs: timeoutMs as number })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'timeoutMs' });
    expect(getPhoneNumber).not.toHaveBeenCalled();
  });
});

describe('exchangePhoneCode: bad input', () => {
  it.each([undefined, '', 42, { code: 'c' }])('refuses the code %p with INVALID_OPTION naming it', async (code) => {
    const getPhoneNumber = jest.fn();
    const error = await exchangePhoneCode(answeringCloud(getPhoneNumber), code as string).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INVALID_OPTION' });
    expect(error).toMatchObject({ option: 'code', message: expect.stringContaining('e.detail.code') });
    expect(getPhoneNumber).not.toHaveBeenCalled();
  });

  it('refuses a cloud without openapi (OPEN_DATA_EXCHANGE_FAILED, unavailable)', async () => {
    const error = await exchangePhoneCode({ getWXContext: () => clientContext() }, 'c').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'OPEN_DATA_EXCHANGE_FAILED' });
    expect(error).toMatchObject({ reason: 'unavailable', api: GET_PHONE_NUMBER });
    expect(isCloudIdError(error)).toBe(true);
  });

  it('refuses the raw getWXContext() as context', async () => {
    await expect(exchangePhoneCode(answeringCloud(jest.fn()), 'c', { context: clientContext() as never })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'context' });
  });
});

describe('exchangePhoneCode with the real wx-server-sdk', () => {
  const variables = { WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: OPENID, WX_APPID: APPID, TCB_ENV: 'prod-1a2b', TCB_SOURCE: 'wx_client' };

  it('reads the caller from the real getWXContext and binds the code to it', async () => {
    const requests: unknown[] = [];
    const cloud: CloudLike = {
      getWXContext: () => realCloud.getWXContext(),
      openapi: answeringCloud(async (request: unknown) => {
        requests.push(request);
        return { phoneInfo: phoneNumber, errCode: 0 };
      }).openapi,
    };
    await withEnv(variables, async () => {
      await expect(exchangePhoneCode(cloud, 'c', { now })).resolves.toMatchObject({ ok: true });
    });
    expect(requests).toEqual([{ code: 'c', openid: OPENID }]);
  });

  it('reports the real SDK\'s answer before cloud.init() (a synchronous throw) as an error result with its message', async () => {
    const result = await withEnv(variables, () => exchangePhoneCode(realCloud as CloudLike, 'c', { now }));
    expect(result).toMatchObject({ ok: false, reason: 'error', errCode: -1, errMsg: expect.stringContaining('please call init first') });
  });
});
