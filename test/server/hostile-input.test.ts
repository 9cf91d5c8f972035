// Bad input on the cloud-function side: a clear typed error naming the fix, never a raw
// TypeError, a check that switches itself off, or a field that changes meaning.
import * as realCloud from 'wx-server-sdk';
import { exchangeOpenData, getContext, isCloudIdError, readOpenData, withOpenData, type CloudContext } from '../../src/server';
import { withEnv } from './env';
import { APPID, clientContext, fakeCloud, ISSUED_AT, now, OPENID, openDataInfo, replaced, weRunData } from './fixtures';

const variables = {
  WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_OPEN_DATA_INFO',
  WX_OPENID: OPENID,
  WX_APPID: APPID,
  WX_OPEN_DATA_INFO: openDataInfo('weRunData'),
  TCB_ENV: 'prod-1a2b',
  TCB_SOURCE: 'wx_client',
};
const event = { weRunData: replaced('id-1') };

function thrown(task: () => unknown): unknown {
  try {
    task();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('S1: readOpenData validates its context', () => {
  it('refuses the raw cloud.getWXContext() of the real wx-server-sdk, saying to pass getContext(cloud)', () => {
    const error = withEnv(variables, () => thrown(() => readOpenData(event, 'weRunData', { context: realCloud.getWXContext() as never, now })));
    expect(error).toMatchObject({ code: 'INVALID_OPTION' });
    expect(isCloudIdError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_OPTION', option: 'context', message: expect.stringContaining('getContext(cloud)') });
  });

  it('accepts getContext(cloud) over the same real wx-server-sdk', () => {
    const result = withEnv(variables, () => readOpenData(event, 'weRunData', { context: getContext(realCloud), now }));
    expect(result).toEqual({ ok: true, cloudID: 'id-1', data: weRunData() });
  });

  it.each<[string, (context: CloudContext) => unknown]>([
    ['openDataKeys as a string (no substring match)', (context) => ({ ...context, openDataKeys: 'w,weRunData,x' })],
    ['openDataKeys holding a non-string', (context) => ({ ...context, openDataKeys: [{ toString: () => 'weRunData' }] })],
    ['no source list', (context) => ({ ...context, source: undefined })],
    ['localDebug as a string', (context) => ({ ...context, localDebug: 'false' })],
    ['null', () => null],
    ['a string', () => 'context'],
  ])('refuses a malformed context: %s', (_, malform) => {
    const context = malform(getContext(fakeCloud(clientContext())));
    expect(thrown(() => readOpenData(event, 'weRunData', { context: context as CloudContext, now }))).toMatchObject({ code: 'INVALID_OPTION', option: 'context' });
  });

  it('exchangeOpenData refuses the raw context too, before calling getOpenData', async () => {
    const getOpenData = jest.fn();
    await expect(exchangeOpenData(fakeCloud(clientContext(), getOpenData), ['a'], { context: clientContext() as never })).rejects.toMatchObject({ option: 'context' });
    expect(getOpenData).not.toHaveBeenCalled();
  });
});

describe('S2: a clock that gives no time fails closed', () => {
  const stale = { weRunData: replaced('id-1', weRunData({ watermark: { appid: APPID, timestamp: 0 } })) };
  const context = getContext(fakeCloud(clientContext()));

  it.each([Number.NaN, undefined, '1700000000000', Infinity, null])('now() returning %p throws INVALID_OPTION instead of passing a 1970 watermark', (value) => {
    const error = thrown(() => readOpenData(stale, 'weRunData', { context, now: () => value as number }));
    expect(error).toMatchObject({ code: 'INVALID_OPTION' });
    expect(error).toMatchObject({ option: 'now()', message: expect.stringContaining('milliseconds since the epoch') });
  });

  it('withOpenData rejects rather than calling the handler', async () => {
    const handler = jest.fn();
    const main = withOpenData({ cloud: fakeCloud(clientContext()), keys: { weRunData: 'getWeRunData' }, now: () => Number.NaN }, handler);
    await expect(main(stale, {})).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('a working clock still accepts fresh data', () => {
    expect(readOpenData({ weRunData: replaced('id-1', weRunData({ watermark: { appid: APPID, timestamp: ISSUED_AT } })) }, 'weRunData', { context, now })).toMatchObject({ ok: true });
  });
});

describe('S3: a key named __proto__ stays a field', () => {
  it('hands the handler __proto__ as an own field, its prototype untouched', async () => {
    const keys = JSON.parse('{"__proto__": "getWeRunData"}') as Record<string, 'getWeRunData'>;
    const cloud = fakeCloud(clientContext({ OPEN_DATA_INFO: openDataInfo('__proto__') }));
    const main = withOpenData({ cloud, keys, now }, (data) => data);
    // JSON.parse makes "__proto__" an own field, as the platform's JSON event would.
    const received = (await main(JSON.parse(`{"__proto__": ${JSON.stringify(replaced('id-1'))}}`), {})) as Record<string, unknown>;
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(received, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(received, '__proto__')?.value).toEqual(weRunData());
  });
});
