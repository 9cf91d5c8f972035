import { isCloudIdError } from '../../src/core/errors';
import { CLOUD_ID_USER_MISMATCH_MESSAGE, WX_ERROR_CODE } from '../../src/core/rules';
import { withOpenData } from '../../src/server';
import { CloudIdError, createMockCloud, createMockWx, type CloudFunction } from '../../src/testing';

const echo: CloudFunction = (event) => event;
const failureOf = (promise: Promise<unknown> | undefined) =>
  promise!.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: { errCode: number; errMsg: string }) => error,
  );

describe('call data is read once, with the semantics of JSON', () => {
  it('reads a getter once, so the value recorded is the value sent', async () => {
    const mock = createMockWx({ functions: { echo } });
    let reads = 0;
    const data = {
      get flip() {
        reads += 1;
        return reads === 1 ? 'plain' : { sneaky: true };
      },
    };
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data }))!;
    expect(reads).toBe(1);
    expect((result as { flip: unknown }).flip).toBe('plain');
    expect(mock.calls[0].data).toEqual({ flip: 'plain' });
  });

  it('replaces a CloudID a toJSON returns, as JSON would see it, and sends a nested one as its bare id', async () => {
    const mock = createMockWx({ functions: { echo } });
    const id = mock.issueCloudId('getWeRunData');
    const CloudID = mock.cloud!.CloudID;
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data: { top: { toJSON: () => CloudID(id) }, deep: { inner: { toJSON: () => CloudID(id) } } } }))!;
    expect((result as { top: { data: object } }).top).toMatchObject({ cloudID: id, data: expect.any(Object) });
    expect((result as { deep: unknown }).deep).toEqual({ inner: id });
    expect(JSON.parse(mock.calls[0].wxContext!.OPEN_DATA_INFO as string).keys).toEqual(['top']);
  });

  it('counts a Proxy around a CloudID as a CloudID, as the platform tells them by class', async () => {
    const mock = createMockWx({ functions: { echo } });
    const id = mock.issueCloudId('getWeRunData');
    const proxied = new Proxy(mock.cloud!.CloudID(id), {});
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data: { weRunData: proxied } }))!;
    expect((result as { weRunData: { cloudID: string } }).weRunData).toMatchObject({ cloudID: id, data: expect.any(Object) });
  });

  it.each([
    ['a boxed string', () => new String('ab')],
    ['a Date', () => new Date(0)],
    ['a toJSON answering a primitive', () => ({ toJSON: () => 'x' })],
    ['a toJSON answering an array', () => ({ toJSON: () => [1] })],
    ['null', () => null],
  ])('fails data that is not an object once serialised (%s) with -401003, running nothing', async (_name, make) => {
    const mock = createMockWx({ functions: { echo } });
    const error = await failureOf(mock.cloud!.callFunction({ name: 'echo', data: make() as object }));
    expect(error.errCode).toBe(-401003);
    expect(error.errMsg).toContain('parameter.data should be object');
    expect(mock.calls).toHaveLength(0);
  });

  it('fails a boxed bigint like JSON does, instead of sending {}', async () => {
    const mock = createMockWx({ functions: { echo } });
    expect(() => JSON.stringify({ n: Object(BigInt(10)) })).toThrow(TypeError);
    const error = await failureOf(mock.cloud!.callFunction({ name: 'echo', data: { n: Object(BigInt(10)) } }));
    expect(error).toMatchObject({ errCode: -401003, errMsg: expect.stringContaining('bigint at data.n') });
  });

  it('unwraps boxed values as JSON does, and reads an array once', async () => {
    const mock = createMockWx({ functions: { echo } });
    const data = { s: new String('ab'), n: new Number(NaN), b: new Boolean(false), r: /x/, e: new Error('x') };
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data }))!;
    expect(result).toMatchObject(JSON.parse(JSON.stringify(data)));
  });

  it('sends Buffers, ArrayBuffers and typed arrays as { type: "Buffer", data: [bytes] }', async () => {
    const mock = createMockWx({ functions: { echo } });
    const bytes = new Uint8Array([1, 2, 250]);
    const data = { buffer: Buffer.from([1, 2]), arrayBuffer: bytes.buffer, typed: new Uint16Array([258]), view: new Uint8Array(bytes.buffer, 1, 2) };
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data }))!;
    expect(result).toMatchObject({
      buffer: { type: 'Buffer', data: [1, 2] },
      arrayBuffer: { type: 'Buffer', data: [1, 2, 250] },
      typed: { type: 'Buffer', data: Array.from(new Uint8Array(new Uint16Array([258]).buffer)) },
      view: { type: 'Buffer', data: [2, 250] },
    });
  });
});

describe('wx.cloud.CDN', () => {
  it('exists from 2.12.0, and a CDN value is sent as the URL of its upload, at any depth', async () => {
    expect(createMockWx({ baseLibrary: '2.11.9' }).cloud!.CDN).toBeUndefined();
    const mock = createMockWx({ functions: { echo } });
    const CDN = mock.cloud!.CDN!;
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data: { text: CDN('hello'), nested: { file: new CDN({ type: 'filePath', filePath: 'wxfile://tmp/a.png' }) } } }))!;
    const { text, nested } = result as { text: string; nested: { file: string } };
    expect(text).toMatch(/^https:\/\/test-env\.cdn\.mock\.invalid\/[0-9a-f]{64}$/);
    expect(nested.file).toMatch(/^https:\/\/test-env\.cdn\.mock\.invalid\/[0-9a-f]{64}$/);
    expect(nested.file).not.toBe(text);
    expect(mock.calls[0].data).toEqual({ text, nested });
    expect(() => CDN(42 as never)).toThrow(/target must be a string, an ArrayBuffer or \{ type: 'filePath', filePath \}/);
  });
});

describe('setup errors are typed', () => {
  it.each([['abc'], ['2.x'], ['1..2'], [' 2.7.0']])('rejects baseLibrary %j with INVALID_OPTION naming the option', (version) => {
    let thrown: unknown;
    try {
      createMockWx({ baseLibrary: version });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CloudIdError);
    expect(isCloudIdError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'INVALID_OPTION', option: 'options.baseLibrary', message: expect.stringContaining('options.baseLibrary') });
  });

  it('still accepts the empty version a failing getSystemInfoSync can report', () => {
    expect(createMockWx({ baseLibrary: '' }).getSystemInfoSync().SDKVersion).toBe('');
  });
});

describe('texts and limits', () => {
  it("answers another user's cloudID with -601007 and the text WeChat gives", async () => {
    const mock = createMockWx({ functions: { echo } });
    const theirs = mock.issueCloudId('getWeRunData', { openid: 'oBob' });
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data: { w: mock.cloud!.CloudID(theirs) } }))!;
    expect((result as { w: unknown }).w).toEqual({ cloudID: theirs, errCode: WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH, errMsg: CLOUD_ID_USER_MISMATCH_MESSAGE });
    expect(CLOUD_ID_USER_MISMATCH_MESSAGE).toBe('cloudID not belong to user.');
  });
});

describe('the default clock and code that reads Date.now()', () => {
  const cloud = createMockCloud();

  it('lets a withOpenData function, tested as the docs show, read fresh open data', async () => {
    // As the guide writes it: no `now` option, so the freshness check reads Date.now().
    const saveSteps = withOpenData({ cloud, keys: { weRunData: 'getWeRunData' } }, async (data) => {
      const days = data.weRunData.stepInfoList;
      return { steps: days[days.length - 1].step };
    });
    const mock = createMockWx({ functions: { saveSteps }, openData: { getWeRunData: { stepInfoList: [{ timestamp: 1767196800, step: 8123 }] } } });
    const { cloudID } = (await mock.getWeRunData!())!;
    const { result } = (await mock.cloud!.callFunction({ name: 'saveSteps', data: { weRunData: mock.cloud!.CloudID(cloudID!) } }))!;
    expect(result).toEqual({ steps: 8123 });
  });
});
