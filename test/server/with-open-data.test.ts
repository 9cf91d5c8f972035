import { createFailureEnvelope, isFailureEnvelope, withOpenData, type CloudContext, type PhoneNumber, type WeRunData } from '../../src/server';
import { CLOUD_ID_EXPIRED_MESSAGE, PHONE_NUMBER_OPENAPI, WX_ERROR_CODE, type CloudIdApi } from '../../src/core/rules';
import { APPID, clientContext, fakeCloud, ISSUED_AT, now, OPENID, openDataInfo, replaced, weRunData } from './fixtures';
import { createMockCloud, createMockWx, DEFAULT_APPID } from '../../src/testing';

const phoneData = { phoneNumber: '13800000000', purePhoneNumber: '13800000000', countryCode: '86', watermark: { appid: APPID, timestamp: ISSUED_AT } };
const bothListed = clientContext({ OPEN_DATA_INFO: openDataInfo('weRunData', 'phone') });
const keys = { weRunData: 'getWeRunData', phone: 'getPhoneNumber' } as const;

describe('withOpenData', () => {
  it('calls the handler with each key\'s open data, the event, the function context and the WeChat context', async () => {
    const handler = jest.fn((data: { weRunData: WeRunData; phone: PhoneNumber }, event: { day: string }, _context: unknown, wxContext: CloudContext) => ({
      steps: data.weRunData.stepInfoList[0].step,
      phone: data.phone.purePhoneNumber,
      day: event.day,
      user: wxContext.OPENID,
    }));
    const main = withOpenData({ cloud: fakeCloud(bothListed), keys, now }, handler);
    const event = { weRunData: replaced('id-1'), phone: replaced('id-2', phoneData), day: 'today' };
    const functionContext = { request_id: 'r-1' };

    await expect(main(event, functionContext)).resolves.toEqual({ steps: 5000, phone: '13800000000', day: 'today', user: OPENID });
    expect(handler).toHaveBeenCalledTimes(1);
    const [data, receivedEvent, receivedContext] = handler.mock.calls[0];
    expect(data).toEqual({ weRunData: weRunData(), phone: phoneData });
    expect(receivedEvent).toBe(event);
    expect(receivedContext).toBe(functionContext);
  });

  it('awaits an async handler', async () => {
    const main = withOpenData({ cloud: fakeCloud(clientContext()), keys: { weRunData: 'getWeRunData' }, now }, async (data) => data.weRunData.stepInfoList.length);
    await expect(main({ weRunData: replaced('id-1') }, {})).resolves.toBe(1);
  });

  it('answers an expired cloudID with exactly this envelope, without calling the handler', async () => {
    const handler = jest.fn();
    const main = withOpenData({ cloud: fakeCloud(clientContext()), keys: { weRunData: 'getWeRunData' }, now }, handler);
    const result = await main({ weRunData: { cloudID: 'id-1', errCode: WX_ERROR_CODE.CLOUD_ID_EXPIRED, errMsg: CLOUD_ID_EXPIRED_MESSAGE } }, {});
    expect(result).toStrictEqual({
      cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason: 'expired', errCode: -601006, errMsg: 'cloudID expired.', cloudID: 'id-1' }] },
    });
    expect(isFailureEnvelope(result)).toBe(true);
    expect(handler).not.toHaveBeenCalled();
  });

  it('names every failed key, in the order of keys, and leaves out fields that do not apply', async () => {
    const handler = jest.fn();
    const main = withOpenData({ cloud: fakeCloud(clientContext()), keys, now }, handler);
    // weRunData is real but its watermark belongs to another app; phone is a forged plain object.
    const event = { weRunData: replaced('id-1', weRunData({ watermark: { appid: 'wxOTHER', timestamp: ISSUED_AT } })), phone: replaced('made-up', phoneData) };
    const result = await main(event, {});
    expect(result).toStrictEqual(
      createFailureEnvelope([
        { key: 'weRunData', reason: 'watermark-appid', errMsg: expect.any(String), cloudID: 'id-1' },
        { key: 'phone', reason: 'forged', errMsg: expect.any(String), cloudID: 'made-up' },
      ]),
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers a missing key with no cloudID and no errCode', async () => {
    const main = withOpenData({ cloud: fakeCloud(clientContext()), keys: { weRunData: 'getWeRunData' }, now }, jest.fn());
    expect(await main({}, {})).toStrictEqual({ cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason: 'missing', errMsg: expect.stringContaining('top level') }] } });
  });

  it('does not call the handler when one key of several fails', async () => {
    const handler = jest.fn();
    const context = clientContext({ OPEN_DATA_INFO: openDataInfo('weRunData', 'share') });
    const main = withOpenData({ cloud: fakeCloud(context), keys: { weRunData: 'getWeRunData', share: 'getShareInfo' }, now }, handler);
    const result = await main({ weRunData: replaced('id-1'), share: 'id-nested' }, {});
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures.map((failure) => [failure.key, failure.reason])).toEqual([['share', 'missing']]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes its read options on: maxAgeSeconds', async () => {
    const main = withOpenData({ cloud: fakeCloud(clientContext()), keys: { weRunData: 'getWeRunData' }, now, maxAgeSeconds: 5 }, jest.fn());
    const result = await main({ weRunData: replaced('id-1') }, {});
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures[0].reason).toBe('watermark-stale');
  });

  it('passes its read options on: the local-debug opt-out', async () => {
    const local = clientContext({ ENV: 'local', OPEN_DATA_INFO: undefined });
    const strict = withOpenData({ cloud: fakeCloud(local), keys: { weRunData: 'getWeRunData' }, now }, () => 'ran');
    const lenient = withOpenData({ cloud: fakeCloud(local), keys: { weRunData: 'getWeRunData' }, now, trustUnlistedOpenData_INSECURE_LOCAL_DEBUG_ONLY: true }, () => 'ran');
    expect(isFailureEnvelope(await strict({ weRunData: replaced('id-1') }, {}))).toBe(true);
    await expect(lenient({ weRunData: replaced('id-1') }, {})).resolves.toBe('ran');
  });

  it('reads the context on every call, inside exports.main', async () => {
    const main = withOpenData({ cloud: fakeCloud({}), keys: { weRunData: 'getWeRunData' } }, jest.fn());
    await expect(main({ weRunData: replaced('id-1') }, {})).rejects.toMatchObject({ code: 'NOT_IN_CLOUD_FUNCTION' });
  });

  it('lets the handler\'s own errors through', async () => {
    const main = withOpenData({ cloud: fakeCloud(clientContext()), keys: { weRunData: 'getWeRunData' }, now }, () => {
      throw new Error('database down');
    });
    await expect(main({ weRunData: replaced('id-1') }, {})).rejects.toThrow('database down');
  });
});

describe('withOpenData: bad options fail when the function is defined', () => {
  const cloud = fakeCloud(clientContext());
  const handler = () => undefined;

  it.each([
    ['no cloud', { keys: { weRunData: 'getWeRunData' } }, /options\.cloud must be wx-server-sdk's cloud object/],
    ['no keys', { cloud }, /^options\.keys must be an object mapping each top-level field to its source, like .*, got undefined$/],
    ['empty keys', { cloud, keys: {} }, /^options\.keys must be an object mapping each top-level field to its source, .* \(it is empty\)/],
    ['an unknown source', { cloud, keys: { weRunData: 'getWeRun' } }, /^options\.keys\.weRunData must be the source of its CloudID, one of getWeRunData, .*, got 'getWeRun'$/],
    ['more keys than one call replaces', { cloud, keys: { a: 'getWeRunData', b: 'getWeRunData', c: 'getWeRunData', d: 'getWeRunData', e: 'getWeRunData', f: 'getWeRunData' } }, /^options\.keys must be at most 5 fields, as one call carries at most 5 CloudIDs: split the work across calls, got 6$/],
    ['a bad maxAgeSeconds', { cloud, keys: { weRunData: 'getWeRunData' }, maxAgeSeconds: -1 }, /^maxAgeSeconds must be a number of seconds above 0 .*, got -1$/],
  ])('%s', (_, options, message) => {
    expect(() => withOpenData(options as never, handler)).toThrow(message);
    expect(() => withOpenData(options as never, handler)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('no handler', () => {
    expect(() => withOpenData({ cloud, keys: { weRunData: 'getWeRunData' } }, undefined as never)).toThrow(/handler must be a function/);
  });
});

/** Compile-time only (checked by `tsc`): the handler's data is typed by each key's source. */
export function typeChecks() {
  withOpenData({ cloud: fakeCloud({}), keys: { weRunData: 'getWeRunData', share: 'getShareInfo', user: 'getUserProfile' } }, (data) => {
    const steps: number = data.weRunData.stepInfoList[0].step;
    const group: string = data.share.openGId;
    const nick: string = data.user.nickName;
    // @ts-expect-error: not a listed key
    void data.phone;
    // @ts-expect-error: WeRunData has no openGId
    void data.weRunData.openGId;
    return { steps, group, nick };
  });
  // @ts-expect-error: not a source that hands out a cloudID
  withOpenData({ cloud: fakeCloud({}), keys: { weRunData: 'getWeRun' } }, () => undefined);
}

describe('withOpenData: a getPhoneNumber key takes a phone code too', () => {
  const phoneKeys = { phone: 'getPhoneNumber' } as const;
  const granted = { permissions: { openapi: [PHONE_NUMBER_OPENAPI] } };

  /** The kit's platform with `handler` deployed as the function "phone" (wrapped by withOpenData with `keys`), its config.json granting the exchange unless `permitted: false`. */
  function deploy(handler: (data: Record<string, unknown>) => unknown, { keys = phoneKeys as Record<string, CloudIdApi>, permitted = true } = {}) {
    const cloud = createMockCloud();
    const phone = withOpenData({ cloud, keys, now: () => mock.clock.now() }, handler);
    const mock = createMockWx({ openid: OPENID, clock: Date.now(), functions: { phone }, functionConfigs: permitted ? { phone: granted } : {} });
    const call = async (data: object) => (await mock.cloud!.callFunction({ name: 'phone', data }))!.result;
    return { mock, call };
  }

  it('exchanges a code string and hands the handler the same checked PhoneNumber as a replaced CloudID', async () => {
    const { mock, call } = deploy((data) => data.phone);
    const byCode = mock.tapGetPhoneNumber().detail;
    const byCloudId = mock.tapGetPhoneNumber().detail;
    const expected = { phoneNumber: expect.any(String), purePhoneNumber: expect.any(String), countryCode: expect.any(String), watermark: { appid: DEFAULT_APPID, timestamp: expect.any(Number) } };
    const fromCode = await call({ phone: byCode.code });
    expect(fromCode).toEqual(expected);
    await expect(call({ phone: mock.cloud!.CloudID(byCloudId.cloudID!) })).resolves.toEqual(fromCode);
    expect(mock.issuedPhoneCodes.find((issued) => issued.code === byCode.code)!.redeemedAt).toBeDefined();
  });

  it('answers a failing code with its reason and errCode, without calling the handler', async () => {
    const handler = jest.fn();
    const { call } = deploy(handler);
    const result = await call({ phone: 'used-or-unknown' });
    expect(result).toStrictEqual(createFailureEnvelope([{ key: 'phone', reason: 'code-invalid', errCode: 40029, errMsg: expect.stringContaining('tap the button again') }]));
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers a missing permission with the config.json entry', async () => {
    const { mock, call } = deploy(jest.fn(), { permitted: false });
    const result = await call({ phone: mock.issuePhoneCode() });
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures[0]).toMatchObject({ reason: 'no-permission', errMsg: expect.stringContaining('"openapi": ["phonenumber.getPhoneNumber"]') });
  });

  it('does not spend the code when another field is not trusted (a code works once and is billed)', async () => {
    const { mock, call } = deploy(jest.fn(), { keys: { weRunData: 'getWeRunData', phone: 'getPhoneNumber' } });
    const code = mock.issuePhoneCode();
    const result = await call({ weRunData: { cloudID: 'made-up', data: weRunData() }, phone: code });
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures.map((failure) => [failure.key, failure.reason])).toEqual([['weRunData', 'forged']]);
    expect(mock.issuedPhoneCodes.find((issued) => issued.code === code)!.redeemedAt).toBeUndefined();
  });

  it('only a getPhoneNumber key takes a code: elsewhere a string is a nested CloudID (missing)', async () => {
    const result = await withOpenData({ cloud: fakeCloud(clientContext()), keys: { weRunData: 'getWeRunData' }, now }, jest.fn())({ weRunData: 'code-1' }, {});
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures[0].reason).toBe('missing');
  });

  it('a cloudID-shaped string under a getPhoneNumber key is a nested CloudID (missing), not a code to exchange', async () => {
    // fakeCloud has no openapi: an exchange would reject.
    const result = await withOpenData({ cloud: fakeCloud(clientContext({ OPEN_DATA_INFO: openDataInfo('phone') })), keys: phoneKeys, now }, jest.fn())({ phone: '61_AbC-d_9' }, {});
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures[0]).toMatchObject({ key: 'phone', reason: 'missing', errMsg: expect.stringContaining('nested') });
  });

  it('rejects with EXCHANGE_TIMEOUT when the exchange never answers within timeoutMs', async () => {
    const cloud = { getWXContext: () => clientContext(), openapi: { phonenumber: { getPhoneNumber: () => new Promise(() => undefined) } } };
    const main = withOpenData({ cloud, keys: phoneKeys, now, timeoutMs: 20 }, jest.fn());
    await expect(main({ phone: 'c' }, {})).rejects.toMatchObject({ code: 'EXCHANGE_TIMEOUT' });
  });

  it('refuses a bad timeoutMs when the function is defined', () => {
    expect(() => withOpenData({ cloud: fakeCloud(clientContext()), keys: phoneKeys, timeoutMs: 0 }, jest.fn())).toThrow(/^timeoutMs must be/);
  });
});

describe('withOpenData: the watermark by source', () => {
  const group = { group: replaced('id-g', { opengid: 'G-1', chat_type: 3 }) };
  const cloud = fakeCloud(clientContext({ OPEN_DATA_INFO: openDataInfo('group', 'weRunData') }));

  it('hands genuine group and chat-tool data without a watermark to the handler', async () => {
    for (const source of ['getGroupEnterInfo', 'getChatToolInfo', 'getShareInfo'] as const) {
      const main = withOpenData({ cloud, keys: { group: source }, now }, (data) => data.group);
      await expect(main(group, {})).resolves.toEqual({ opengid: 'G-1', chat_type: 3 });
    }
  });

  it('still requires one from WeRun, and from every source with requireWatermark', async () => {
    const main = withOpenData({ cloud, keys: { weRunData: 'getWeRunData' }, now }, jest.fn());
    const unmarked = { weRunData: replaced('id-1', { stepInfoList: [] }) };
    expect(isFailureEnvelope(await main(unmarked, {}))).toBe(true);
    const strict = withOpenData({ cloud, keys: { group: 'getGroupEnterInfo' }, now, requireWatermark: true }, jest.fn());
    expect(isFailureEnvelope(await strict(group, {}))).toBe(true);
  });

  it('refuses a requireWatermark that is not a boolean', () => {
    expect(() => withOpenData({ cloud, keys: { group: 'getGroupEnterInfo' }, requireWatermark: 'yes' as never }, jest.fn())).toThrow(/^requireWatermark must be true or false/);
  });
});
