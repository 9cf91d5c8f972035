import {
  createFailureEnvelope,
  isFailureEnvelope,
  NotInCloudFunctionError,
  withOpenData,
  type CloudContext,
  type PhoneNumber,
  type WeRunData,
} from '../../src/server';
import { CLOUD_ID_EXPIRED_MESSAGE, WX_ERROR_CODE } from '../../src/core/rules';
import { APPID, clientContext, fakeCloud, ISSUED_AT, now, OPENID, openDataInfo, replaced, weRunData } from './fixtures';

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
    const main = withOpenData({ cloud: fakeCloud(bothListed), keys, now }, handler);
    const result = await main({ weRunData: replaced('id-1'), phone: 'id-nested' }, {});
    expect(isFailureEnvelope(result) && result.cloudIdFailure.failures.map((failure) => [failure.key, failure.reason])).toEqual([['phone', 'missing']]);
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
    await expect(main({ weRunData: replaced('id-1') }, {})).rejects.toBeInstanceOf(NotInCloudFunctionError);
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
    ['no keys', { cloud }, /options\.keys must map each event field to its source/],
    ['empty keys', { cloud, keys: {} }, /options\.keys is empty/],
    ['an unknown source', { cloud, keys: { weRunData: 'getWeRun' } }, /options\.keys\.weRunData must name the source of its CloudID \(one of getWeRunData, .*\), got "getWeRun"/],
    ['more keys than one call replaces', { cloud, keys: { a: 'getWeRunData', b: 'getWeRunData', c: 'getWeRunData', d: 'getWeRunData', e: 'getWeRunData', f: 'getWeRunData' } }, /lists 6 fields, but one call replaces at most 5/],
    ['a bad maxAgeSeconds', { cloud, keys: { weRunData: 'getWeRunData' }, maxAgeSeconds: -1 }, /^maxAgeSeconds must be a number of seconds above 0 .*, got -1$/],
  ])('%s', (_, options, message) => {
    expect(() => withOpenData(options as never, handler)).toThrow(message);
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
