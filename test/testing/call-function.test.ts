import { CLOUD_ID_EXPIRED_MESSAGE, CLOUD_ID_TTL_MS, CLOUD_NOT_INITIALIZED_MESSAGE, WX_ERROR_CODE } from '../../src/core/rules';
import { createMockWx, type CloudFunction, type MockWx } from '../../src/testing';

const echo: CloudFunction = (event) => event;

async function weRunId(mock: MockWx): Promise<string> {
  return (await mock.getWeRunData!())!.cloudID!;
}

describe('wx.cloud.callFunction: replacing CloudIDs', () => {
  it('replaces a top-level CloudID with its open data and a watermark of the issue time', async () => {
    const mock = createMockWx({ appid: 'wxapp', functions: { echo } });
    const id = await weRunId(mock);
    const issuedAt = mock.clock.now();
    mock.clock.advance(60 * 1000);
    const { result, errMsg, requestID } = (await mock.cloud!.callFunction({ name: 'echo', data: { weRunData: new (mock.cloud!.CloudID)(id), n: 1 } }))!;
    expect(errMsg).toBe('cloud.callFunction:ok');
    expect(requestID).toMatch(/^[0-9a-f-]{36}$/);
    expect(result).toEqual({
      weRunData: { cloudID: id, data: { ...mock.issuedCloudIds[0].data, watermark: { appid: 'wxapp', timestamp: Math.floor(issuedAt / 1000) } } },
      n: 1,
      userInfo: { appId: 'wxapp', openId: mock.issuedCloudIds[0].openid },
    });
  });

  it('sends a nested CloudID as its bare id string, without a word', async () => {
    const mock = createMockWx({ functions: { echo } });
    const id = await weRunId(mock);
    const { CloudID } = mock.cloud!;
    await mock.cloud!.callFunction({ name: 'echo', data: { obj: { shareInfo: CloudID(id) }, list: [CloudID(id)] } });
    expect(mock.calls[0].event).toEqual({ obj: { shareInfo: id }, list: [id], userInfo: expect.any(Object) });
    expect(mock.calls[0].wxContext!.OPEN_DATA_INFO).toBe('');
  });

  it('replaces five top-level CloudIDs and refuses six, naming the count and the limit', async () => {
    const mock = createMockWx({ functions: { echo } });
    const { CloudID } = mock.cloud!;
    const data = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`id${index}`, CloudID(mock.issueCloudId('getWeRunData'))]));
    const five = (await mock.cloud!.callFunction({ name: 'echo', data: data(5) }))!.result as Record<string, { data?: object }>;
    expect(Object.keys(five).filter((key) => five[key].data)).toHaveLength(5);

    const failure = mock.cloud!.callFunction({ name: 'echo', data: data(6) });
    await expect(failure).rejects.toMatchObject({ errCode: -501007, errMsg: expect.stringMatching(/6 top-level CloudIDs .*at most 5/) });
    expect(mock.calls).toHaveLength(1); // refused before anything was sent
  });

  it('counts only top-level CloudIDs toward the five', async () => {
    const mock = createMockWx({ functions: { echo } });
    const { CloudID } = mock.cloud!;
    const data: Record<string, unknown> = { nested: [1, 2, 3].map(() => CloudID(mock.issueCloudId('getWeRunData'))) };
    for (let index = 0; index < 5; index++) data[`id${index}`] = CloudID(mock.issueCloudId('getWeRunData'));
    await expect(mock.cloud!.callFunction({ name: 'echo', data })).resolves.toMatchObject({ errMsg: 'cloud.callFunction:ok' });
  });

  it('expires a cloudID at five minutes exactly, by the platform clock', async () => {
    const mock = createMockWx({ functions: { echo } });
    const id = await weRunId(mock);
    const send = async () => ((await mock.cloud!.callFunction({ name: 'echo', data: { weRunData: mock.cloud!.CloudID(id) } }))!.result as { weRunData: object }).weRunData;
    mock.clock.advance(CLOUD_ID_TTL_MS - 1);
    expect(await send()).toHaveProperty('data');
    mock.clock.advance(1);
    expect(await send()).toEqual({ cloudID: id, errCode: WX_ERROR_CODE.CLOUD_ID_EXPIRED, errMsg: CLOUD_ID_EXPIRED_MESSAGE });
  });

  it("answers an unknown id with -601005 and another user's id with -601007", async () => {
    const mock = createMockWx({ functions: { echo } });
    const theirs = mock.issueCloudId('getWeRunData', { openid: 'oSomeoneElse' });
    const { CloudID } = mock.cloud!;
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data: { made: CloudID('27_made-up'), notString: CloudID(42 as never), theirs: CloudID(theirs) } }))!;
    expect(result).toMatchObject({
      made: { cloudID: '27_made-up', errCode: -601005, errMsg: 'invalid cloudID' },
      notString: { cloudID: 42, errCode: -601005, errMsg: 'invalid cloudID' },
      theirs: { cloudID: theirs, errCode: -601007, errMsg: 'cloudID not belong to user.' },
    });
  });

  it('checks the user before the age', async () => {
    const mock = createMockWx({ functions: { echo } });
    const theirs = mock.issueCloudId('getWeRunData', { openid: 'oSomeoneElse' });
    mock.clock.advance(CLOUD_ID_TTL_MS);
    const { result } = (await mock.cloud!.callFunction({ name: 'echo', data: { theirs: mock.cloud!.CloudID(theirs) } }))!;
    expect(result).toMatchObject({ theirs: { errCode: -601007 } });
  });

  it('lists in OPEN_DATA_INFO exactly the keys the platform replaced, with open data or with an error object', async () => {
    const mock = createMockWx({ functions: { echo } });
    const id = await weRunId(mock);
    const { CloudID } = mock.cloud!;
    await mock.cloud!.callFunction({
      name: 'echo',
      data: { forged: { cloudID: id, data: { stepInfoList: [] } }, weRunData: CloudID(id), nested: { x: CloudID(id) }, bogus: CloudID('27_nope') },
    });
    expect(JSON.parse(mock.calls[0].wxContext!.OPEN_DATA_INFO as string)).toEqual({ keys: ['weRunData', 'bogus'] });
  });

  it('leaves a userInfo field sent by the page alone instead of adding the platform one', async () => {
    const mock = createMockWx({ functions: { echo } });
    const id = mock.issueCloudId('getUserInfo');
    await mock.cloud!.callFunction({ name: 'echo', data: { userInfo: mock.cloud!.CloudID(id) } });
    expect(mock.calls[0].event!.userInfo).toMatchObject({ cloudID: id, data: expect.objectContaining({ nickName: expect.any(String) }) });
  });
});

describe('wx.cloud.callFunction: data', () => {
  it('sends data with JSON semantics and never touches the original', async () => {
    const mock = createMockWx({ functions: { echo } });
    const id = await weRunId(mock);
    const when = new Date(Date.UTC(2026, 0, 2));
    const data = { weRunData: mock.cloud!.CloudID(id), when, gone: undefined, fn: () => 1, list: [undefined, NaN, 2], text: new String('s') };
    const before = { ...data, list: [...data.list] };
    await mock.cloud!.callFunction({ name: 'echo', data });
    expect(data).toEqual(before);
    expect(data.weRunData).toBe(before.weRunData);
    expect(mock.calls[0].event).toMatchObject({ when: '2026-01-02T00:00:00.000Z', list: [null, null, 2], text: 's' });
    expect(mock.calls[0].event).not.toHaveProperty('gone');
    expect(mock.calls[0].event).not.toHaveProperty('fn');
  });

  it('gives the function a copy, so what it does to the event does not reach the page or the record', async () => {
    const mock = createMockWx({ functions: { mutate: (event) => { event.obj.n = 2; delete event.userInfo; return null; } } });
    const data = { obj: { n: 1 } };
    await mock.cloud!.callFunction({ name: 'mutate', data });
    expect(data.obj.n).toBe(1);
    expect(mock.calls[0].event).toMatchObject({ obj: { n: 1 }, userInfo: expect.any(Object) });
  });

  it('fails a circular structure with -402001 before sending', async () => {
    const mock = createMockWx({ functions: { echo } });
    const data: Record<string, unknown> = { a: { b: {} } };
    (data.a as { b: { back?: unknown } }).b.back = data.a;
    await expect(mock.cloud!.callFunction({ name: 'echo', data })).rejects.toMatchObject({ errCode: WX_ERROR_CODE.CIRCULAR_REFERENCE, errMsg: expect.stringContaining('circular reference at data.a.b.back') });
    expect(mock.calls).toHaveLength(0);
  });

  it('accepts shared, non-circular references', async () => {
    const mock = createMockWx({ functions: { echo } });
    const shared = { n: 1 };
    await mock.cloud!.callFunction({ name: 'echo', data: { a: shared, b: [shared, shared] } });
    expect(mock.calls[0].event).toMatchObject({ a: { n: 1 }, b: [{ n: 1 }, { n: 1 }] });
  });

  it('rejects data that is not an object, and a missing name', async () => {
    const mock = createMockWx({ functions: { echo } });
    await expect(mock.cloud!.callFunction({ name: 'echo', data: [1] as never })).rejects.toMatchObject({ errMsg: expect.stringContaining('parameter.data should be object instead of array') });
    await expect(mock.cloud!.callFunction({ data: {} } as never)).rejects.toMatchObject({ errMsg: expect.stringContaining('parameter.name should be a non-empty string instead of undefined') });
  });

  it('records what was sent (CloudIDs as { CloudID: id }), what the function got and what came back', async () => {
    const mock = createMockWx({ functions: { steps: (event) => ({ today: event.weRunData.data.stepInfoList.length }) } });
    const id = await weRunId(mock);
    await mock.cloud!.callFunction({ name: 'steps', data: { weRunData: mock.cloud!.CloudID(id), obj: { inner: mock.cloud!.CloudID(id) } } });
    expect(mock.calls).toEqual([
      {
        name: 'steps',
        source: 'wx_client',
        data: { weRunData: { CloudID: id }, obj: { inner: { CloudID: id } } },
        event: { weRunData: { cloudID: id, data: expect.any(Object) }, obj: { inner: id }, userInfo: expect.any(Object) },
        context: expect.objectContaining({ function_name: 'steps', request_id: expect.any(String) }),
        wxContext: expect.objectContaining({ OPENID: expect.any(String) }),
        requestID: expect.any(String),
        result: { today: 31 },
      },
    ]);
  });

  it('hands back a JSON copy of the result, and null for none', async () => {
    const returned = { when: new Date(0), nothing: undefined };
    const mock = createMockWx({ functions: { date: () => returned, none: () => undefined } });
    expect((await mock.cloud!.callFunction({ name: 'date' }))!.result).toEqual({ when: '1970-01-01T00:00:00.000Z' });
    expect((await mock.cloud!.callFunction({ name: 'none' }))!.result).toBeNull();
  });

  it('fails a result over 1 MB with -604001', async () => {
    const mock = createMockWx({ functions: { big: () => 'x'.repeat(1024 * 1024) } });
    await expect(mock.cloud!.callFunction({ name: 'big' })).rejects.toMatchObject({ errCode: WX_ERROR_CODE.RESULT_TOO_LARGE });
  });
});

describe('wx.cloud.callFunction: failures and forms', () => {
  it('fails an unknown function like the platform (-501000), recording the call', async () => {
    const mock = createMockWx();
    const failure = await mock.cloud!.callFunction({ name: 'nope' })!.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ errCode: -501000, errMsg: 'cloud.callFunction:fail Error: errCode: -501000  | errMsg: FunctionName parameter could not be found.' });
    expect((failure as Error).message).toBe((failure as { errMsg: string }).errMsg);
    expect(mock.calls[0]).toMatchObject({ name: 'nope', error: failure });
  });

  it('fails with -504002 and the error when the function throws, sync or async', async () => {
    const mock = createMockWx({
      functions: {
        sync: () => {
          throw new TypeError('bad input');
        },
        async: async () => Promise.reject(new Error('boom')),
      },
    });
    await expect(mock.cloud!.callFunction({ name: 'sync' })).rejects.toMatchObject({ errCode: -504002, errMsg: 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: TypeError: bad input' });
    await expect(mock.cloud!.callFunction({ name: 'async' })).rejects.toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('errMsg: Error: boom') });
  });

  it('calls success then complete, or fail then complete, and returns nothing', async () => {
    const mock = createMockWx({ functions: { echo } });
    const outcome = (name: string) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const returned = mock.cloud!.callFunction({
          name,
          success: (result) => seen.push(result.errMsg),
          fail: (error) => seen.push(String(error.errCode)),
          complete: () => resolve(seen),
        });
        expect(returned).toBeUndefined();
      });
    expect(await outcome('echo')).toEqual(['cloud.callFunction:ok']);
    expect(await outcome('missing')).toEqual(['-501000']);
  });

  it('needs no timers, so it works under jest fake timers', async () => {
    jest.useFakeTimers();
    try {
      const mock = createMockWx({ functions: { echo } });
      const id = await weRunId(mock);
      await expect(mock.cloud!.callFunction({ name: 'echo', data: { weRunData: mock.cloud!.CloudID(id) } })).resolves.toMatchObject({ result: { weRunData: { cloudID: id } } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails until wx.cloud.init() when cloud is not initialised', async () => {
    const mock = createMockWx({ cloud: 'not-initialized', functions: { echo } });
    await expect(mock.cloud!.callFunction({ name: 'echo' })).rejects.toMatchObject({ errMsg: `cloud.callFunction:fail ${CLOUD_NOT_INITIALIZED_MESSAGE}` });
    expect(mock.calls).toHaveLength(0);
    mock.cloud!.init();
    await expect(mock.cloud!.callFunction({ name: 'echo' })).resolves.toMatchObject({ errMsg: 'cloud.callFunction:ok' });
  });
});

describe('the function context', () => {
  const context: CloudFunction = () => {
    // read the way wx-server-sdk reads it, without it
    const keys = (process.env.WX_CONTEXT_KEYS || '').split(',');
    return { keys, values: keys.map((key) => process.env[key]), env: process.env.TCB_ENV, source: process.env.TCB_SOURCE };
  };

  it('puts OPENID, APPID, UNIONID, CLIENTIP and OPEN_DATA_INFO, ENV and SOURCE in process.env as wx-server-sdk reads them', async () => {
    const mock = createMockWx({ appid: 'wxapp', openid: 'oAlice', unionid: 'uAlice', clientIp: '198.51.100.1', env: 'prod-1', functions: { context } });
    const { result } = (await mock.cloud!.callFunction({ name: 'context', data: { weRunData: mock.cloud!.CloudID(await weRunId(mock)) } }))!;
    expect(result).toEqual({
      keys: ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_OPEN_DATA_INFO'],
      values: ['oAlice', 'wxapp', 'uAlice', '198.51.100.1', '{"keys":["weRunData"]}'],
      env: 'prod-1',
      source: 'wx_client',
    });
    expect(mock.calls[0].wxContext).toEqual({ OPENID: 'oAlice', APPID: 'wxapp', UNIONID: 'uAlice', CLIENTIP: '198.51.100.1', OPEN_DATA_INFO: '{"keys":["weRunData"]}', ENV: 'prod-1', SOURCE: 'wx_client' });
  });

  it('leaves UNIONID out when the user has none', async () => {
    const mock = createMockWx({ functions: { context } });
    const { result } = (await mock.cloud!.callFunction({ name: 'context' }))!;
    expect((result as { keys: string[] }).keys).not.toContain('WX_UNIONID');
  });

  it('takes ENV from wx.cloud.init({ env }) and from config.env', async () => {
    const mock = createMockWx({ functions: { context } });
    const envOf = async (options: object = {}) => ((await mock.cloud!.callFunction({ name: 'context', ...options }))!.result as { env: string }).env;
    expect(await envOf()).toBe('test-env');
    mock.cloud!.init({ env: 'chosen' });
    expect(await envOf()).toBe('chosen');
    expect(await envOf({ config: { env: 'per-call' } })).toBe('per-call');
  });

  it('gives the function an SCF-like context as its second argument', async () => {
    const mock = createMockWx({ functions: { second: (_event, scf) => scf } });
    const { result, requestID } = (await mock.cloud!.callFunction({ name: 'second' }))!;
    expect(result).toEqual({
      function_name: 'second',
      function_version: '$LATEST',
      namespace: 'test-env',
      request_id: requestID,
      memory_limit_in_mb: 256,
      time_limit_in_ms: 3000,
      environment: expect.any(String),
    });
    expect(JSON.parse((result as { environment: string }).environment)).toMatchObject({ WX_OPENID: expect.any(String), TCB_SOURCE: 'wx_client' });
  });

  it('restores the environment after the call, and after a throw', async () => {
    process.env.WX_OPENID = 'outside';
    delete process.env.WX_CONTEXT_KEYS;
    const mock = createMockWx({
      functions: {
        context,
        thrower: () => {
          throw new Error('no');
        },
      },
    });
    try {
      await mock.cloud!.callFunction({ name: 'context' });
      expect(process.env.WX_OPENID).toBe('outside');
      expect(process.env.WX_CONTEXT_KEYS).toBeUndefined();
      expect(process.env.TCB_SOURCE).toBeUndefined();
      await expect(mock.cloud!.callFunction({ name: 'thrower' })).rejects.toMatchObject({ errCode: -504002 });
      expect(process.env.WX_OPENID).toBe('outside');
      expect(process.env.WX_CONTEXT_KEYS).toBeUndefined();
    } finally {
      delete process.env.WX_OPENID;
    }
  });

  it('runs overlapping calls side by side, each seeing only its own context', async () => {
    const slow: CloudFunction = async () => {
      const before = process.env.WX_OPENID;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return [before, process.env.WX_OPENID];
    };
    const aliceMock = createMockWx({ openid: 'oAlice', functions: { slow } });
    const bobMock = createMockWx({ openid: 'oBob', functions: { slow } });
    const results = await Promise.all([aliceMock, bobMock, aliceMock].map((mock) => mock.cloud!.callFunction({ name: 'slow' })));
    expect(results.map((response) => response!.result)).toEqual([
      ['oAlice', 'oAlice'],
      ['oBob', 'oBob'],
      ['oAlice', 'oAlice'],
    ]);
  });

  it('keeps a call that never settles from blocking any other call, and fails it at the time limit', async () => {
    const hang: CloudFunction = () => new Promise(() => undefined);
    const stuck = createMockWx({ functions: { hang }, functionTimeLimitMs: 200 });
    const other = createMockWx({ openid: 'oBob', functions: { context } });
    const hanging = expect(stuck.cloud!.callFunction({ name: 'hang' })).rejects.toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('Invoking task timed out after 0.2 seconds') });
    const started = Date.now();
    const { result } = (await other.cloud!.callFunction({ name: 'context' }))!;
    expect((result as { values: string[] }).values[0]).toBe('oBob');
    // a second call of the same mock is not held up either: it runs, and times out on its own
    const sameMock = await stuck.cloud!.callFunction({ name: 'hang', config: {} })!.catch((error: { errCode: number }) => error.errCode);
    expect(sameMock).toBe(-504002);
    await hanging;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stuck.calls[0].context!.time_limit_in_ms).toBe(200);
  });

  it('fails with -504002 whatever the function throws, also a value that cannot be turned into text', async () => {
    const mock = createMockWx({ functions: { odd: () => Promise.reject({ toString: 0 }) } });
    await expect(mock.cloud!.callFunction({ name: 'odd' })).rejects.toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('[object Object]') });
  });

  it("takes a function's own time limit from its config.json timeout (seconds)", async () => {
    const slow: CloudFunction = async (_event, scf) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return scf.time_limit_in_ms;
    };
    const mock = createMockWx({ functions: { slow, strict: slow }, functionTimeLimitMs: 100, functionConfigs: { slow: { timeout: 1 } } });
    expect((await mock.cloud!.callFunction({ name: 'slow' }))!.result).toBe(1000);
    await expect(mock.cloud!.callFunction({ name: 'strict' })).rejects.toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('timed out after 0.1 seconds') });
    expect(() => createMockWx({ functionConfigs: { slow: { timeout: 0 } } })).toThrow(/options\.functionConfigs\.slow\.timeout must be a positive number of seconds/);
  });

  it('reports and enforces the 3 s default time limit', async () => {
    const mock = createMockWx({ functions: { second: (_event, scf) => scf.time_limit_in_ms } });
    expect((await mock.cloud!.callFunction({ name: 'second' }))!.result).toBe(3000);
    expect(() => createMockWx({ functionTimeLimitMs: 0 })).toThrow(/options\.functionTimeLimitMs must be a positive number/);
    expect(() => createMockWx({ platform: mock, functionTimeLimitMs: 10 })).toThrow(/functionTimeLimitMs cannot be set when joining/);
  });

  it("keeps a call's context out of code running outside it, even while the call runs", async () => {
    let release: () => void = () => undefined;
    const waiting: CloudFunction = () => new Promise<void>((resolve) => (release = resolve)).then(() => process.env.WX_OPENID);
    const mock = createMockWx({ openid: 'oAlice', functions: { waiting } });
    const call = mock.cloud!.callFunction({ name: 'waiting' })!;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(process.env.WX_OPENID).toBeUndefined();
    expect(Object.keys(process.env)).not.toContain('WX_CONTEXT_KEYS');
    release();
    expect((await call).result).toBe('oAlice');
  });
});
