import { CLOUD_ID_TTL_MS, WX_ERROR_CODE } from '../../src/core/rules';
import { createMockCloud, createMockWx, type CloudFunction } from '../../src/testing';

/** Sets environment variables for one test and puts them back. */
function withEnv(values: Record<string, string>, run: () => void): void {
  const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  try {
    run();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The module a cloud function file gets from `require('wx-server-sdk')` under jest.mock. */
const cloud = createMockCloud();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the real SDK, to compare with
const realServerSdk: { getWXContext(): Record<string, unknown> } = require('wx-server-sdk');

describe('getWXContext', () => {
  it('returns {} outside a call, like wx-server-sdk', () => {
    expect(process.env.WX_CONTEXT_KEYS).toBeUndefined();
    expect(cloud.getWXContext()).toEqual({});
  });

  it('reads process.env exactly like wx-server-sdk 4.0.2, also outside the mock', () => {
    const hidden = { WX_API_TOKEN: 'secret', API_TOKEN: 'secret', TRIGGER_API_TOKEN_V0: 'secret', WX_TRIGGER_API_TOKEN_V0: 'secret' };
    withEnv({ WX_CONTEXT_KEYS: `WX_OPENID,WX_APPID,${Object.keys(hidden).join(',')},,WX_MISSING,CUSTOM,WX_NUMBER`, WX_OPENID: 'oAlice', WX_APPID: 'wxapp', ...hidden, CUSTOM: 'kept', WX_NUMBER: '-42', SCF_NAMESPACE: 'namespace-env', TCB_SOURCE: 'wx_http' }, () => {
      const expected = { OPENID: 'oAlice', APPID: 'wxapp', CUSTOM: 'kept', NUMBER: -42, ENV: 'namespace-env', SOURCE: 'wx_http' };
      expect(cloud.getWXContext()).toEqual(expected);
      // The real wx-server-sdk, read from the same environment.
      expect(realServerSdk.getWXContext()).toEqual(expected);
    });
    withEnv({ WX_CONTEXT_KEYS: 'WX_OPENID', WX_OPENID: 'o', TCB_ENV: 'tcb-env', SCF_NAMESPACE: 'namespace-env' }, () => {
      expect(cloud.getWXContext().ENV).toBe('tcb-env');
    });
  });

  it('is what a function sees during a call', async () => {
    const mock = createMockWx({ openid: 'oAlice', appid: 'wxapp', functions: { who: () => cloud.getWXContext() } });
    const { result } = (await mock.cloud!.callFunction({ name: 'who' }))!;
    expect(result).toEqual({ OPENID: 'oAlice', APPID: 'wxapp', CLIENTIP: expect.any(String), OPEN_DATA_INFO: '', ENV: 'test-env', SOURCE: 'wx_client' });
  });
});

describe('getOpenData', () => {
  const exchange: CloudFunction = (event) => cloud.getOpenData({ list: event.ids });
  const mock = createMockWx({ openid: 'oAlice', appid: 'wxapp', functions: { exchange } });

  it('exchanges cloudID strings for open data on behalf of the caller, in order', async () => {
    const mine = (await mock.getWeRunData!())!.cloudID!;
    const issuedAt = mock.clock.now();
    const theirs = mock.issueCloudId('getShareInfo', { openid: 'oBob' });
    const { result } = (await mock.cloud!.callFunction({ name: 'exchange', data: { ids: [mine, '27_unknown', theirs] } }))!;
    expect(result).toEqual({
      list: [
        { cloudID: mine, data: { ...mock.issuedCloudIds.find((issued) => issued.cloudID === mine)!.data, watermark: { appid: 'wxapp', timestamp: Math.floor(issuedAt / 1000) } } },
        { cloudID: '27_unknown', errCode: WX_ERROR_CODE.INVALID_CLOUD_ID, errMsg: 'invalid cloudID' },
        { cloudID: theirs, errCode: WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH, errMsg: 'cloudID not belong to user.' },
      ],
      errMsg: 'getOpenData:ok',
      errCode: 0,
    });
  });

  it('answers expired ids by the platform clock', async () => {
    const id = mock.issueCloudId('getWeRunData');
    mock.clock.advance(CLOUD_ID_TTL_MS);
    const { result } = (await mock.cloud!.callFunction({ name: 'exchange', data: { ids: [id] } }))!;
    expect(result).toMatchObject({ list: [{ cloudID: id, errCode: WX_ERROR_CODE.CLOUD_ID_EXPIRED, errMsg: 'cloudID expired.' }] });
  });

  it("reads no one's open data outside a call: there is no calling user", async () => {
    const id = mock.issueCloudId('getWeRunData');
    await expect(mock.serverSdk.getOpenData({ list: [id] })).resolves.toMatchObject({ list: [{ errCode: WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH }] });
    await expect(cloud.getOpenData({ list: [id] })).rejects.toThrow(/getOpenData was called outside any mock cloud function call/);
  });

  it('exchanges any number of ids in one request (none is documented), and refuses an empty id and a list that is not an array', async () => {
    const ids = Array.from({ length: 12 }, () => mock.issueCloudId('getWeRunData'));
    const sdk = mock.serverSdk;
    const { result } = (await mock.cloud!.callFunction({ name: 'exchange', data: { ids } }))!;
    expect((result as { list: { data?: object }[] }).list).toHaveLength(12);
    expect((result as { list: { data?: object }[] }).list.every((entry) => entry.data !== undefined)).toBe(true);
    await expect(sdk.getOpenData({ list: [ids[0], ''] })).rejects.toMatchObject({ errCode: WX_ERROR_CODE.SYSTEM_ERROR, errMsg: expect.stringContaining('list[1]') });
    await expect(sdk.getOpenData({ list: ids[0] } as never)).rejects.toMatchObject({ errMsg: expect.stringContaining('parameter.list should be array instead of string') });
  });
});

describe('function-to-function calls', () => {
  it('gives the called function SOURCE wx_client,scf, the same user, and no open data', async () => {
    const mock = createMockWx({
      openid: 'oAlice',
      unionid: 'uAlice',
      functions: {
        outer: async (event) => ({ outer: cloud.getWXContext(), inner: (await cloud.callFunction({ name: 'inner', data: event })).result }),
        inner: (event) => ({ context: cloud.getWXContext(), event }),
      },
    });
    const id = mock.issueCloudId('getWeRunData');
    const { result } = (await mock.cloud!.callFunction({ name: 'outer', data: { weRunData: mock.cloud!.CloudID(id), n: 1 } }))!;
    const { outer, inner } = result as { outer: Record<string, unknown>; inner: { context: Record<string, unknown>; event: Record<string, unknown> } };
    expect(outer.SOURCE).toBe('wx_client');
    expect(inner.context).toEqual({ OPENID: 'oAlice', APPID: outer.APPID, UNIONID: 'uAlice', CLIENTIP: outer.CLIENTIP, OPEN_DATA_INFO: '', ENV: 'test-env', SOURCE: 'wx_client,scf' });
    expect(inner.event).toEqual({ weRunData: expect.objectContaining({ cloudID: id }), n: 1, userInfo: expect.any(Object) });
    expect(mock.calls.map((call) => [call.name, call.source])).toEqual([
      ['outer', 'wx_client'],
      ['inner', 'wx_client,scf'],
    ]);
    expect(process.env.TCB_SOURCE).toBeUndefined();
  });

  it('chains deeper and lets one function call others in parallel without mixing or deadlock', async () => {
    const mock = createMockWx({
      functions: {
        fan: async () => Promise.all(['a', 'b'].map((name) => cloud.callFunction({ name: 'leaf', data: { name } }).then((response) => response.result))),
        leaf: async (event) => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          return `${event.name}:${process.env.TCB_SOURCE}`;
        },
        top: async () => (await cloud.callFunction({ name: 'fan' })).result,
      },
    });
    expect((await mock.cloud!.callFunction({ name: 'top' }))!.result).toEqual(['a:wx_client,scf,scf', 'b:wx_client,scf,scf']);
  });

  it('serves whichever mock runs the call, so one module serves every test', async () => {
    const inner = () => cloud.getWXContext().OPENID;
    const outer = async () => (await cloud.callFunction({ name: 'inner' })).result;
    const first = createMockWx({ openid: 'oFirst', functions: { outer, inner } });
    const second = createMockWx({ openid: 'oSecond', functions: { outer, inner } });
    expect((await first.cloud!.callFunction({ name: 'outer' }))!.result).toBe('oFirst');
    expect((await second.cloud!.callFunction({ name: 'outer' }))!.result).toBe('oSecond');
    expect(first.calls).toHaveLength(2);
    expect(second.calls).toHaveLength(2);
  });

  it('fails an unknown function and a throwing one like wx.cloud does', async () => {
    const { serverSdk } = createMockWx({ functions: { thrower: () => Promise.reject(new RangeError('out')) } });
    await expect(serverSdk.callFunction({ name: 'missing' })).rejects.toMatchObject({ errCode: -501000 });
    await expect(serverSdk.callFunction({ name: 'thrower' })).rejects.toMatchObject({ errCode: -504002, errMsg: expect.stringContaining('RangeError: out') });
  });

  it("runs with SOURCE scf when called outside any call through a mock's serverSdk", async () => {
    const { serverSdk } = createMockWx({ functions: { source: () => process.env.TCB_SOURCE } });
    expect((await serverSdk.callFunction({ name: 'source' })).result).toBe('scf');
    await expect(cloud.callFunction({ name: 'source' })).rejects.toThrow(/outside any mock cloud function call/);
  });
});

describe('sharing a platform', () => {
  it("lets a second user join a mock's platform: cloudIDs, functions, calls and clock are shared", async () => {
    const alice = createMockWx({ openid: 'oAlice', clock: 1000, functions: { echo: (event) => event } });
    const bob = createMockWx({ openid: 'oBob', platform: alice });
    expect(bob.clock).toBe(alice.clock);
    const aliceId = (await alice.getWeRunData!())!.cloudID!;
    const { result } = (await bob.cloud!.callFunction({ name: 'echo', data: { weRunData: bob.cloud!.CloudID(aliceId) } }))!;
    expect(result).toMatchObject({ weRunData: { errCode: WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH } });
    expect(alice.calls).toBe(bob.calls);
    expect(alice.serverSdk).toBe(bob.serverSdk);
  });

  it("returns a mock's own serverSdk from createMockCloud({ platform })", () => {
    const mock = createMockWx();
    expect(createMockCloud({ platform: mock })).toBe(mock.serverSdk);
  });

  it('accepts the same function again under its name, but not another one', () => {
    const f = () => 1;
    const first = createMockWx({ functions: { f } });
    expect(() => createMockWx({ platform: first, functions: { f } })).not.toThrow();
    expect(() => createMockWx({ platform: first, functions: { f: () => 2 } })).toThrow(
      expect.objectContaining({ code: 'MOCK_SETUP_INVALID', message: expect.stringMatching(/another cloud function named "f" is registered already/) }),
    );
  });

  it('refuses conflicting platform settings clearly', () => {
    const first = createMockWx();
    expect(() => createMockWx({ platform: first, clock: 5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', option: 'options.clock', message: expect.stringMatching(/options.clock cannot be set when joining options.platform/) }),
    );
    expect(() => createMockWx({ platform: {} as never })).toThrow(/options.platform must be a mock wx/);
    expect(() => createMockCloud({ platform: {} as never })).toThrow(/needs a mock wx/);
  });

  it('looks like wx-server-sdk for init and DYNAMIC_CURRENT_ENV', async () => {
    const { serverSdk } = createMockWx({ functions: { env: () => process.env.TCB_ENV } });
    expect(serverSdk.DYNAMIC_CURRENT_ENV).toBe(Symbol.for('DYNAMIC_CURRENT_ENV'));
    serverSdk.init({ env: serverSdk.DYNAMIC_CURRENT_ENV });
    expect((await serverSdk.callFunction({ name: 'env' })).result).toBe('test-env');
    serverSdk.init({ env: 'named' });
    expect((await serverSdk.callFunction({ name: 'env' })).result).toBe('named');
  });
});
