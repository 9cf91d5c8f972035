import { exchangeOpenData, getContext, isCloudIdError, type CloudLike, type CloudIdError } from '../../src/server';
import { CLOUD_ID_EXPIRED_MESSAGE, MAX_IDS_PER_GET_OPEN_DATA, WX_ERROR_CODE } from '../../src/core/rules';
import { APPID, clientContext, fakeCloud, ISSUED_AT, now, replaced, weRunData } from './fixtures';

/** A getOpenData that answers every id with open data, recording each request's list. */
function recordingGetOpenData(answer: (id: string) => object = (cloudID) => ({ cloudID, data: weRunData() })) {
  const requests: string[][] = [];
  const appids: (string | undefined)[] = [];
  const getOpenData = async ({ list, appid }: { list: string[]; appid?: string }) => {
    requests.push([...list]);
    appids.push(appid);
    return { list: list.map(answer), errMsg: 'getOpenData:ok', errCode: 0 };
  };
  return { requests, appids, getOpenData };
}

const ids = (count: number) => Array.from({ length: count }, (_, index) => `id-${index}`);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('exchangeOpenData', () => {
  it('exchanges ids for trusted open data, one result per id in order', async () => {
    const { requests, getOpenData } = recordingGetOpenData();
    const results = await exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a', 'b', 'c'], { now });
    expect(requests).toEqual([['a', 'b', 'c']]);
    expect(results).toEqual(['a', 'b', 'c'].map((cloudID) => ({ ok: true, cloudID, data: weRunData() })));
  });

  it(`splits more than ${MAX_IDS_PER_GET_OPEN_DATA} ids into requests of at most ${MAX_IDS_PER_GET_OPEN_DATA}`, async () => {
    const { requests, getOpenData } = recordingGetOpenData();
    const results = await exchangeOpenData(fakeCloud(clientContext(), getOpenData), ids(12), { now });
    expect(requests.map((list) => list.length)).toEqual([5, 5, 2]);
    expect(requests.flat()).toEqual(ids(12));
    expect(results.map((result) => result.cloudID)).toEqual(ids(12));
    expect(results.every((result) => result.ok)).toBe(true);
  });

  it('sends nothing for an empty list', async () => {
    const { requests, getOpenData } = recordingGetOpenData();
    await expect(exchangeOpenData(fakeCloud(clientContext(), getOpenData), [])).resolves.toEqual([]);
    expect(requests).toEqual([]);
  });

  it('classifies per-id failures by errCode, like readOpenData', async () => {
    const codes: Record<string, number> = { a: WX_ERROR_CODE.CLOUD_ID_EXPIRED, b: WX_ERROR_CODE.INVALID_CLOUD_ID, c: WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH, d: -1 };
    const { getOpenData } = recordingGetOpenData((cloudID) => (codes[cloudID] ? { cloudID, errCode: codes[cloudID], errMsg: `failed ${cloudID}` } : { cloudID, data: weRunData() }));
    const results = await exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a', 'b', 'c', 'd', 'e'], { now });
    expect(results).toStrictEqual([
      { ok: false, reason: 'expired', cloudID: 'a', errCode: WX_ERROR_CODE.CLOUD_ID_EXPIRED, errMsg: 'failed a' },
      { ok: false, reason: 'invalid', cloudID: 'b', errCode: WX_ERROR_CODE.INVALID_CLOUD_ID, errMsg: 'failed b' },
      { ok: false, reason: 'user-mismatch', cloudID: 'c', errCode: WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH, errMsg: 'failed c' },
      { ok: false, reason: 'error', cloudID: 'd', errCode: -1, errMsg: 'failed d' },
      { ok: true, cloudID: 'e', data: weRunData() },
    ]);
  });

  it('matches entries by cloudID when WeChat answers in another order', async () => {
    const getOpenData = async ({ list }: { list: string[] }) => ({
      list: [...list].reverse().map((cloudID) => (cloudID === 'a' ? { cloudID, errCode: WX_ERROR_CODE.CLOUD_ID_EXPIRED, errMsg: CLOUD_ID_EXPIRED_MESSAGE } : { cloudID, data: weRunData() })),
    });
    const results = await exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a', 'b'], { now });
    expect(results.map((result) => [result.cloudID, result.ok])).toEqual([['a', false], ['b', true]]);
  });

  it('reports an id the answer has no entry for', async () => {
    const getOpenData = async () => ({ list: [{ cloudID: 'a', data: weRunData() }] });
    const results = await exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a', 'b'], { now });
    expect(results[1]).toMatchObject({ ok: false, reason: 'error', cloudID: 'b', errMsg: expect.stringContaining('no entry') });
  });

  it('checks the watermark of exchanged data', async () => {
    const { getOpenData } = recordingGetOpenData((cloudID) => ({ cloudID, data: weRunData({ watermark: { appid: 'wxOTHER', timestamp: ISSUED_AT } }) }));
    const [result] = await exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'], { now });
    expect(result).toMatchObject({ ok: false, reason: 'watermark-appid' });
  });

  it('needs no OPEN_DATA_INFO: the data comes from WeChat, not from the event', async () => {
    const { getOpenData } = recordingGetOpenData();
    const [result] = await exchangeOpenData(fakeCloud(clientContext({ OPEN_DATA_INFO: undefined }), getOpenData), ['a'], { now });
    expect(result.ok).toBe(true);
  });

  it('accepts a getOpenData that returns its result directly, as its typing claims', async () => {
    const cloud: CloudLike = { ...fakeCloud(clientContext()), getOpenData: ({ list }) => ({ list: list.map((cloudID) => ({ cloudID, data: weRunData() })) }) };
    await expect(exchangeOpenData(cloud, ['a'], { now })).resolves.toMatchObject([{ ok: true, cloudID: 'a' }]);
  });

  it('uses the context it is given', async () => {
    const { getOpenData } = recordingGetOpenData();
    const context = getContext(fakeCloud(clientContext()));
    const cloud: CloudLike = { getWXContext: () => ({}), getOpenData };
    await expect(exchangeOpenData(cloud, ['a'], { context, now })).resolves.toMatchObject([{ ok: true }]);
  });

  it('reads the context from cloud otherwise, so outside exports.main it rejects', async () => {
    const { getOpenData } = recordingGetOpenData();
    await expect(exchangeOpenData({ getWXContext: () => ({}), getOpenData }, ['a'])).rejects.toMatchObject({ code: 'NOT_IN_CLOUD_FUNCTION' });
  });

  it('does not change the ids', async () => {
    const list = Object.freeze(ids(7));
    const { getOpenData } = recordingGetOpenData();
    await exchangeOpenData(fakeCloud(clientContext(), getOpenData), list, { now });
    expect(list).toEqual(ids(7));
  });
});

describe('exchangeOpenData: typed errors', () => {
  it('rejects with OPEN_DATA_EXCHANGE_FAILED (unavailable) when cloud has no getOpenData', async () => {
    const error = await rejection(exchangeOpenData(fakeCloud(clientContext()), ['a']));
    expect(error).toMatchObject({ code: 'OPEN_DATA_EXCHANGE_FAILED' });
    expect(error).toMatchObject({ code: 'OPEN_DATA_EXCHANGE_FAILED', reason: 'unavailable' });
    expect(isCloudIdError(error)).toBe(true);
  });

  it.each([
    ['rejects', async () => Promise.reject({ errCode: WX_ERROR_CODE.SYSTEM_ERROR, errMsg: 'getOpenData:fail system error' })],
    ['throws', () => {
      throw Object.assign(new Error('getOpenData:fail system error'), { errCode: WX_ERROR_CODE.SYSTEM_ERROR });
    }],
  ])('rejects with OPEN_DATA_EXCHANGE_FAILED (failed) when getOpenData %s, keeping errCode and cause', async (_, getOpenData) => {
    const error = await rejection(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a']));
    expect(error).toMatchObject({ code: 'OPEN_DATA_EXCHANGE_FAILED' });
    expect(error).toMatchObject({ reason: 'failed', errCode: WX_ERROR_CODE.SYSTEM_ERROR, message: expect.stringContaining('getOpenData:fail system error') });
    expect((error as CloudIdError<'OPEN_DATA_EXCHANGE_FAILED'>).cause).toBeDefined();
  });

  it('rejects (failed) when getOpenData answers an error without a list', async () => {
    const getOpenData = async () => ({ errCode: WX_ERROR_CODE.SYSTEM_ERROR, errMsg: 'getOpenData:fail' });
    await expect(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'])).rejects.toMatchObject({ reason: 'failed', errCode: WX_ERROR_CODE.SYSTEM_ERROR });
  });

  it('rejects (malformed-response) when getOpenData answers something else', async () => {
    const getOpenData = async () => undefined;
    await expect(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'])).rejects.toMatchObject({ reason: 'malformed-response' });
  });

  it('rejects ids that are not a list of non-empty strings, naming the entry', async () => {
    const { requests, getOpenData } = recordingGetOpenData();
    const cloud = fakeCloud(clientContext(), getOpenData);
    await expect(exchangeOpenData(cloud, ['a', ''])).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'ids[1]', message: "ids[1] must be a non-empty cloudID string, got ''" });
    await expect(exchangeOpenData(cloud, ['a', 7 as never])).rejects.toThrow(/^ids\[1\] must be a non-empty cloudID string, got 7$/);
    await expect(exchangeOpenData(cloud, 'a' as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'ids', message: expect.stringMatching(/^ids must be an array of cloudID strings, got 'a'$/) });
    expect(requests).toEqual([]);
  });

  it('checks the context APPID for the watermark (a call without one trusts nothing)', async () => {
    const { getOpenData } = recordingGetOpenData();
    const [result] = await exchangeOpenData(fakeCloud({ ENV: 'prod-1a2b', SOURCE: 'wx_trigger' }, getOpenData), ['a'], { now });
    expect(result).toMatchObject({ ok: false, reason: 'watermark-appid' });
  });
});

describe('exchangeOpenData: resource sharing', () => {
  it("passes the caller's FROM_APPID as getOpenData's appid in a cross-account call", async () => {
    const { appids, getOpenData } = recordingGetOpenData((cloudID) => replaced(cloudID, weRunData({ watermark: { appid: 'wxCALLER', timestamp: ISSUED_AT } })));
    const results = await exchangeOpenData(fakeCloud(clientContext({ APPID: 'wxOWNER', FROM_APPID: 'wxCALLER' }), getOpenData), ids(7), { now });
    expect(appids).toEqual(['wxCALLER', 'wxCALLER']);
    expect(results.every((result) => result.ok)).toBe(true);
  });

  it('sends no appid otherwise', async () => {
    const { appids, getOpenData } = recordingGetOpenData();
    await exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'], { now });
    expect(appids).toEqual([undefined]);
  });
});

describe('exchangeOpenData: watermark by source', () => {
  const unmarked = (cloudID: string) => replaced(cloudID, { opengid: 'G-1' });

  it('accepts exchanged data without a watermark unless the source documents one or requireWatermark is set', async () => {
    const { getOpenData } = recordingGetOpenData(unmarked);
    const cloud = fakeCloud(clientContext(), getOpenData);
    await expect(exchangeOpenData(cloud, ['a'], { now })).resolves.toMatchObject([{ ok: true }]);
    await expect(exchangeOpenData(cloud, ['a'], { now, api: 'getGroupEnterInfo' })).resolves.toMatchObject([{ ok: true }]);
    await expect(exchangeOpenData(cloud, ['a'], { now, api: 'getWeRunData' })).resolves.toMatchObject([{ ok: false, reason: 'watermark-appid' }]);
    await expect(exchangeOpenData(cloud, ['a'], { now, requireWatermark: true })).resolves.toMatchObject([{ ok: false, reason: 'watermark-appid' }]);
  });

  it('checks a watermark that is present whatever the source', async () => {
    const { getOpenData } = recordingGetOpenData((cloudID) => replaced(cloudID, { opengid: 'G-1', watermark: { appid: APPID, timestamp: ISSUED_AT - 3600 } }));
    await expect(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'], { now, api: 'getShareInfo' })).resolves.toMatchObject([{ ok: false, reason: 'watermark-stale' }]);
  });
});

describe('exchangeOpenData: timeout', () => {
  it('rejects with EXCHANGE_TIMEOUT when getOpenData never settles', async () => {
    const getOpenData = () => new Promise(() => undefined);
    const error = await rejection(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'], { now, timeoutMs: 20 }));
    expect(error).toMatchObject({ code: 'EXCHANGE_TIMEOUT' });
    expect(error).toMatchObject({ code: 'EXCHANGE_TIMEOUT', api: 'getOpenData', timeoutMs: 20 });
  });

  it('is not confused by an answer that comes in time', async () => {
    const getOpenData = ({ list }: { list: string[] }) => new Promise((resolve) => setTimeout(() => resolve({ list: list.map((cloudID) => replaced(cloudID)) }), 5));
    await expect(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'], { now, timeoutMs: 1000 })).resolves.toMatchObject([{ ok: true }]);
  });

  it('refuses a bad timeoutMs before calling getOpenData', async () => {
    const getOpenData = jest.fn();
    await expect(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'], { timeoutMs: -5 })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'timeoutMs' });
    expect(getOpenData).not.toHaveBeenCalled();
  });
});
