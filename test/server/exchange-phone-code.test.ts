import * as realCloud from 'wx-server-sdk';
import {
  DEFAULT_EXCHANGE_TIMEOUT_MS,
  ExchangeTimeoutError,
  exchangePhoneCode,
  getContext,
  InvalidOptionError,
  isCloudIdError,
  OpenDataExchangeError,
  type CloudLike,
} from '../../src/server';
import { PHONE_CODE_ERROR_CODE } from '../../src/core/rules';
import { APPID, clientContext, ISSUED_AT, now, OPENID } from './fixtures';
import { createPhonePlatform } from './phone-platform';
import { withEnv } from './env';

const phoneNumber = { phoneNumber: '13800000000', purePhoneNumber: '13800000000', countryCode: '86', watermark: { timestamp: ISSUED_AT, appid: APPID } };

describe('exchangePhoneCode', () => {
  it('exchanges a code for the checked phone number, binding it to the caller', async () => {
    const platform = createPhonePlatform({ context: clientContext() });
    platform.issue('code-1');
    await expect(exchangePhoneCode(platform.cloud, 'code-1', { now })).resolves.toStrictEqual({ ok: true, data: phoneNumber });
    expect(platform.requests).toEqual([{ code: 'code-1', openid: OPENID }]);
  });

  it('refuses a code another user obtained (the caller\'s OPENID is sent)', async () => {
    const platform = createPhonePlatform({ context: clientContext() });
    platform.issue('code-1', { openid: 'o-someone-else' });
    await expect(exchangePhoneCode(platform.cloud, 'code-1', { now })).resolves.toMatchObject({ ok: false, reason: 'code-invalid' });
  });

  it('sends the openid given, or none with openid: null', async () => {
    const platform = createPhonePlatform({ context: clientContext() });
    platform.issue('a', { openid: 'o-2' });
    platform.issue('b');
    await exchangePhoneCode(platform.cloud, 'a', { now, openid: 'o-2' });
    await exchangePhoneCode(platform.cloud, 'b', { now, openid: null });
    expect(platform.requests).toEqual([{ code: 'a', openid: 'o-2' }, { code: 'b' }]);
  });

  it('sends no openid in a cross-account call, where the binding is undocumented', async () => {
    const platform = createPhonePlatform({ context: clientContext({ FROM_APPID: 'wxCALLER', FROM_OPENID: 'o-from' }) });
    platform.issue('code-1');
    await exchangePhoneCode(platform.cloud, 'code-1', { now });
    expect(platform.requests).toEqual([{ code: 'code-1' }]);
  });

  it('code-invalid (40029) for a used, unknown or expired code, telling to ask the user to tap again', async () => {
    let clock = now();
    const platform = createPhonePlatform({ context: clientContext(), clock: () => clock });
    platform.issue('once');
    platform.issue('late');
    await exchangePhoneCode(platform.cloud, 'once', { now });
    const used = await exchangePhoneCode(platform.cloud, 'once', { now });
    expect(used).toStrictEqual({ ok: false, reason: 'code-invalid', errCode: PHONE_CODE_ERROR_CODE.INVALID_CODE, errMsg: expect.stringMatching(/tap the button again.*invalid code/) });
    await expect(exchangePhoneCode(platform.cloud, 'never-issued', { now })).resolves.toMatchObject({ reason: 'code-invalid' });
    clock = (ISSUED_AT + 301) * 1000;
    await expect(exchangePhoneCode(platform.cloud, 'late', { now: () => clock, maxAgeSeconds: Infinity })).resolves.toMatchObject({ reason: 'code-invalid' });
  });

  it('appid-mismatch (40013) for a code issued to another mini program', async () => {
    const platform = createPhonePlatform({ context: clientContext() });
    platform.issue('code-1', { appid: 'wxOTHER' });
    await expect(exchangePhoneCode(platform.cloud, 'code-1', { now })).resolves.toMatchObject({ ok: false, reason: 'appid-mismatch', errCode: 40013 });
  });

  it.each([
    ['rate-limited', PHONE_CODE_ERROR_CODE.RATE_LIMITED, /try again later/],
    ['quota-exceeded', PHONE_CODE_ERROR_CODE.QUOTA_EXCEEDED, /quota is used up/],
    ['error', PHONE_CODE_ERROR_CODE.SYSTEM_ERROR, /errcode -1/],
    ['error', 99999, /errcode 99999/],
  ])('%s for errCode %d', async (reason, errCode, message) => {
    const platform = createPhonePlatform({ context: clientContext() });
    platform.issue('code-1');
    platform.failWith(errCode);
    const result = await exchangePhoneCode(platform.cloud, 'code-1', { now });
    expect(result).toStrictEqual({ ok: false, reason, errCode, errMsg: expect.stringMatching(message) });
  });

  it('no-permission (-604101): the message shows the config.json entry to add', async () => {
    const platform = createPhonePlatform({ context: clientContext(), permitted: false });
    platform.issue('code-1');
    const result = await exchangePhoneCode(platform.cloud, 'code-1', { now });
    expect(result).toMatchObject({ ok: false, reason: 'no-permission', errCode: -604101 });
    expect(!result.ok && result.errMsg).toContain('"permissions": { "openapi": ["phonenumber.getPhoneNumber"] }');
  });

  it('checks the watermark against the context: another AppID, or a stale one', async () => {
    const platform = createPhonePlatform({ context: clientContext({ APPID: 'wxOWNER' }) });
    const answer = { phoneInfo: { ...phoneNumber, watermark: { timestamp: ISSUED_AT, appid: 'wxOTHER' } }, errCode: 0, errMsg: 'ok' };
    const cloud: CloudLike = { getWXContext: platform.cloud.getWXContext, openapi: { phonenumber: { getPhoneNumber: async () => answer } } };
    await expect(exchangePhoneCode(cloud, 'c', { now })).resolves.toMatchObject({ ok: false, reason: 'watermark-appid' });
    const fresh = createPhonePlatform({ context: clientContext() });
    fresh.issue('c');
    await expect(exchangePhoneCode(fresh.cloud, 'c', { now, maxAgeSeconds: 5 })).resolves.toMatchObject({ ok: false, reason: 'watermark-stale' });
  });

  it('requires the watermark WeChat documents for phone numbers', async () => {
    const unmarked = { ...phoneNumber, watermark: undefined };
    const cloud: CloudLike = { getWXContext: () => clientContext(), openapi: { phonenumber: { getPhoneNumber: async () => ({ phoneInfo: unmarked, errCode: 0 }) } } };
    await expect(exchangePhoneCode(cloud, 'c', { now })).resolves.toMatchObject({ ok: false, reason: 'watermark-appid' });
  });

  it('an answer without a well-formed phoneInfo is an error result saying what was wrong', async () => {
    const answering = (answer: unknown): CloudLike => ({ getWXContext: () => clientContext(), openapi: { phonenumber: { getPhoneNumber: async () => answer } } });
    await expect(exchangePhoneCode(answering({ errCode: 0 }), 'c', { now })).resolves.toMatchObject({ ok: false, reason: 'error', errMsg: expect.stringContaining('without phoneInfo') });
    await expect(exchangePhoneCode(answering({ phoneInfo: { ...phoneNumber, purePhoneNumber: 138 } }), 'c', { now })).resolves.toMatchObject({
      reason: 'error',
      errMsg: expect.stringContaining('purePhoneNumber as number'),
    });
    await expect(exchangePhoneCode(answering('ok'), 'c', { now })).rejects.toMatchObject({ code: 'OPEN_DATA_EXCHANGE_FAILED', reason: 'malformed-response' });
  });

  it('uses the context it is given', async () => {
    const platform = createPhonePlatform({ context: clientContext() });
    platform.issue('c');
    const context = getContext(platform.cloud);
    const cloud: CloudLike = { getWXContext: () => ({}), openapi: platform.cloud.openapi };
    await expect(exchangePhoneCode(cloud, 'c', { context, now })).resolves.toMatchObject({ ok: true });
  });
});

describe('exchangePhoneCode: timeout', () => {
  it(`rejects with ExchangeTimeoutError when WeChat never answers (default ${DEFAULT_EXCHANGE_TIMEOUT_MS} ms)`, async () => {
    const cloud: CloudLike = { getWXContext: () => clientContext(), openapi: { phonenumber: { getPhoneNumber: () => new Promise(() => undefined) } } };
    const error = await exchangePhoneCode(cloud, 'c', { now, timeoutMs: 20 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExchangeTimeoutError);
    expect(error).toMatchObject({ code: 'EXCHANGE_TIMEOUT', api: 'openapi.phonenumber.getPhoneNumber', timeoutMs: 20, message: expect.stringContaining('within 20 ms') });
    expect(DEFAULT_EXCHANGE_TIMEOUT_MS).toBeLessThan(3000);
  });

  it.each([0, -1, Number.NaN, '100', Infinity, 2 ** 31])('refuses timeoutMs %p, naming it', async (timeoutMs) => {
    const platform = createPhonePlatform({ context: clientContext() });
    await expect(exchangePhoneCode(platform.cloud, 'c', { timeoutMs: timeoutMs as number })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'timeoutMs' });
  });
});

describe('exchangePhoneCode: bad input', () => {
  it.each([undefined, '', 42, { code: 'c' }])('refuses the code %p with InvalidOptionError naming it', async (code) => {
    const platform = createPhonePlatform({ context: clientContext() });
    const error = await exchangePhoneCode(platform.cloud, code as string).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'code', message: expect.stringContaining('e.detail.code') });
    expect(platform.requests).toEqual([]);
  });

  it('refuses a cloud without openapi (OpenDataExchangeError, unavailable)', async () => {
    const error = await exchangePhoneCode({ getWXContext: () => clientContext() }, 'c').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenDataExchangeError);
    expect(error).toMatchObject({ reason: 'unavailable', api: 'openapi.phonenumber.getPhoneNumber' });
    expect(isCloudIdError(error)).toBe(true);
  });

  it('refuses the raw getWXContext() as context', async () => {
    const platform = createPhonePlatform({ context: clientContext() });
    await expect(exchangePhoneCode(platform.cloud, 'c', { context: clientContext() as never })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'context' });
  });
});

describe('exchangePhoneCode with the real wx-server-sdk', () => {
  const variables = { WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: OPENID, WX_APPID: APPID, TCB_ENV: 'prod-1a2b', TCB_SOURCE: 'wx_client' };

  it('reads the caller from the real getWXContext and binds the code to it', async () => {
    const platform = createPhonePlatform({ context: { APPID } });
    platform.issue('c');
    const cloud: CloudLike = { getWXContext: () => realCloud.getWXContext(), openapi: platform.cloud.openapi };
    await withEnv(variables, async () => {
      await expect(exchangePhoneCode(cloud, 'c', { now })).resolves.toMatchObject({ ok: true });
    });
    expect(platform.requests).toEqual([{ code: 'c', openid: OPENID }]);
  });

  it('reports the real SDK\'s answer before cloud.init() (a synchronous throw) as an error result with its message', async () => {
    const result = await withEnv(variables, () => exchangePhoneCode(realCloud as CloudLike, 'c', { now }));
    expect(result).toMatchObject({ ok: false, reason: 'error', errCode: -1, errMsg: expect.stringContaining('please call init first') });
  });
});
