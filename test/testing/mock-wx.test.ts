import { CLOUD_ID_IN_RESULT_SINCE, MIN_BASE_LIBRARY, OPEN_DATA_API_SINCE, WERUN_DAYS } from '../../src/core/rules';
import { createMockWx, DEFAULT_APPID, DEFAULT_OPENID, type OpenDataResult } from '../../src/testing';

const decode = (encryptedData: string) => JSON.parse(Buffer.from(encryptedData, 'base64').toString());

describe('base library', () => {
  it('reports the base library as SDKVersion, through getAppBaseInfo only from 2.20.1', () => {
    const current = createMockWx({ baseLibrary: '3.7.8' });
    expect(current.getAppBaseInfo!().SDKVersion).toBe('3.7.8');
    expect(current.getSystemInfoSync().SDKVersion).toBe('3.7.8');

    const old = createMockWx({ baseLibrary: '2.20.0' });
    expect(old.getAppBaseInfo).toBeUndefined();
    expect('getAppBaseInfo' in old).toBe(false);
    expect(old.getSystemInfoSync().SDKVersion).toBe('2.20.0');
    expect(createMockWx({ baseLibrary: '2.20.1' }).getAppBaseInfo!().SDKVersion).toBe('2.20.1');
  });

  it('reports an empty version as given, for clients that must cope with it', () => {
    expect(createMockWx({ baseLibrary: '' }).getSystemInfoSync().SDKVersion).toBe('');
  });

  it.each(Object.entries(OPEN_DATA_API_SINCE).filter(([api, since]) => api !== 'getPhoneNumber' && since !== '0.0.0'))('has %s only from %s', (api, since) => {
    const [major, minor, patch] = since.split('.').map(Number);
    const before = patch > 0 ? `${major}.${minor}.${patch - 1}` : `${major}.${minor - 1}.99`;
    expect(typeof (createMockWx({ baseLibrary: since }) as unknown as Record<string, unknown>)[api]).toBe('function');
    expect((createMockWx({ baseLibrary: before }) as unknown as Record<string, unknown>)[api]).toBeUndefined();
  });

  it('has wx.cloud from 2.2.3 and wx.cloud.CloudID from 2.7.0', () => {
    expect(createMockWx({ baseLibrary: '2.2.2' }).cloud).toBeUndefined();
    const cloudOnly = createMockWx({ baseLibrary: MIN_BASE_LIBRARY.cloud });
    expect(typeof cloudOnly.cloud!.callFunction).toBe('function');
    expect(cloudOnly.cloud!.CloudID).toBeUndefined();
    expect(typeof createMockWx({ baseLibrary: MIN_BASE_LIBRARY.CloudID }).cloud!.CloudID).toBe('function');
  });

  it('puts cloudID in results only from the version that added it', async () => {
    expect((await createMockWx({ baseLibrary: '2.6.9' }).getWeRunData!())!.cloudID).toBeUndefined();
    expect((await createMockWx({ baseLibrary: CLOUD_ID_IN_RESULT_SINCE.getWeRunData }).getWeRunData!())!.cloudID).toMatch(/^27_/);
    expect(createMockWx({ baseLibrary: '2.7.9' }).tapGetPhoneNumber().detail.cloudID).toBeUndefined();
    expect(createMockWx({ baseLibrary: CLOUD_ID_IN_RESULT_SINCE.getPhoneNumber }).tapGetPhoneNumber().detail.cloudID).toMatch(/^27_/);
  });
});

describe('cloud states', () => {
  it("'absent' has no wx.cloud and issues no cloudID, as when cloud development is off", async () => {
    const mock = createMockWx({ cloud: 'absent' });
    expect(mock.cloud).toBeUndefined();
    const result = (await mock.getWeRunData!())!;
    expect(result.errMsg).toBe('getWeRunData:ok');
    expect(result.encryptedData).toEqual(expect.any(String));
    expect(result).not.toHaveProperty('cloudID');
    expect(mock.tapGetPhoneNumber().detail).not.toHaveProperty('cloudID');
    expect(mock.issuedCloudIds).toHaveLength(0);
  });

  it("'disabled' has wx.cloud but no cloudIDs, and calls fail: the mini program has no cloud environment", async () => {
    const mock = createMockWx({ cloud: 'disabled', functions: { echo: (event) => event } });
    expect(typeof mock.cloud!.CloudID).toBe('function');
    expect(await mock.getWeRunData!()).not.toHaveProperty('cloudID');
    mock.cloud!.init();
    await expect(mock.cloud!.callFunction({ name: 'echo' })).rejects.toMatchObject({ errCode: -501000, errMsg: 'cloud.callFunction:fail Error: errCode: -501000  | errMsg: Environment not found' });
    expect(mock.calls).toHaveLength(0);
  });

  it("'not-initialized' still issues cloudIDs: cloud development is on, only init is missing", async () => {
    const mock = createMockWx({ cloud: 'not-initialized' });
    expect((await mock.getWeRunData!())!.cloudID).toMatch(/^27_/);
  });
});

describe('open-data APIs', () => {
  it('answers success, then complete, asynchronously, with a platform-shaped result', async () => {
    const mock = createMockWx();
    const order: string[] = [];
    const done = new Promise<OpenDataResult>((resolve) => {
      const returned = mock.getWeRunData!({
        success: (result) => order.push(`success ${result.errMsg}`),
        complete: (result) => {
          order.push('complete');
          resolve(result as OpenDataResult);
        },
      });
      expect(returned).toBeUndefined();
      order.push('returned');
    });
    const result = await done;
    expect(order).toEqual(['returned', 'success getWeRunData:ok', 'complete']);
    expect(Object.keys(result)).toEqual(['errMsg', 'encryptedData', 'iv', 'cloudID']);
    expect(result.iv).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('returns a Promise when no callback is given', async () => {
    const result = await createMockWx().getShareInfo!({ shareTicket: 'ticket' });
    expect(result!.errMsg).toBe('getShareInfo:ok');
  });

  it('gives getGroupEnterInfo no Promise form, as on the platform', async () => {
    const mock = createMockWx();
    // Its type takes no call without callbacks; JavaScript may still make one.
    expect((mock.getGroupEnterInfo as (options?: object) => unknown)()).toBeUndefined();
    const result = await new Promise<OpenDataResult>((resolve) => mock.getGroupEnterInfo!({ success: resolve }));
    expect(result.cloudID).toMatch(/^27_/);
  });

  it('fails with the configured errMsg and errno, to fail and complete or as a rejection', async () => {
    const failure = { errMsg: 'getWeRunData:fail auth deny', errno: 103 };
    const mock = createMockWx({ failures: { getWeRunData: failure } });
    await expect(mock.getWeRunData!()).rejects.toEqual(failure);
    const seen = await new Promise<unknown[]>((resolve) => {
      const calls: unknown[] = [];
      mock.getWeRunData!({ fail: (error) => calls.push(error), complete: (outcome) => resolve([...calls, outcome]) });
    });
    expect(seen).toEqual([failure, failure]);
    expect(mock.issuedCloudIds).toHaveLength(0);
  });

  it('can start failing and succeed again', async () => {
    const mock = createMockWx();
    mock.setFailure('getUserProfile', { errMsg: 'getUserProfile:fail auth deny' });
    await expect(mock.getUserProfile!({ desc: 'profile' })).rejects.toEqual({ errMsg: 'getUserProfile:fail auth deny' });
    mock.setFailure('getUserProfile', undefined);
    await expect(mock.getUserProfile!({ desc: 'profile' })).resolves.toMatchObject({ errMsg: 'getUserProfile:ok' });
  });

  it('checks the parameters the platform requires', async () => {
    const mock = createMockWx();
    await expect(mock.getShareInfo!()).rejects.toEqual({ errMsg: 'getShareInfo:fail parameter error: parameter.shareTicket should be String instead of Undefined;' });
    await expect(mock.getUserProfile!({ desc: 3 })).rejects.toEqual({ errMsg: 'getUserProfile:fail parameter error: parameter.desc should be String instead of Number;' });
  });

  it('hands out 31 days of steps ending today (China time) by default, oldest first', async () => {
    const mock = createMockWx({ clock: Date.UTC(2026, 0, 1, 15, 59) }); // 23:59 in Beijing
    const { stepInfoList } = decode((await mock.getWeRunData!())!.encryptedData!);
    expect(stepInfoList).toHaveLength(WERUN_DAYS);
    expect(stepInfoList[WERUN_DAYS - 1].timestamp).toBe(Date.UTC(2025, 11, 31, 16) / 1000);
    expect(stepInfoList[0].timestamp).toBe(Date.UTC(2025, 11, 1, 16) / 1000);
    mock.clock.advance(60 * 1000); // 00:00 the next day
    const next = decode((await mock.getWeRunData!())!.encryptedData!).stepInfoList;
    expect(next[WERUN_DAYS - 1].timestamp).toBe(Date.UTC(2026, 0, 1, 16) / 1000);
  });

  it('hands out the configured open data, merged over the defaults, watermarked', async () => {
    const options = { appid: 'wxapp', openData: { getPhoneNumber: { phoneNumber: '+1 5550100', countryCode: '1' } } };
    const mock = createMockWx(options);
    const { detail } = mock.tapGetPhoneNumber();
    expect(decode(detail.encryptedData!)).toEqual({ phoneNumber: '+1 5550100', purePhoneNumber: '13800138000', countryCode: '1', watermark: { appid: 'wxapp', timestamp: Math.floor(mock.clock.now() / 1000) } });
    mock.setOpenData('getWeRunData', { stepInfoList: [{ timestamp: 1, step: 42 }] });
    expect(decode((await mock.getWeRunData!())!.encryptedData!).stepInfoList).toEqual([{ timestamp: 1, step: 42 }]);
    expect(options.openData).toEqual({ getPhoneNumber: { phoneNumber: '+1 5550100', countryCode: '1' } });
  });

  it('gives user info its public part, rawData and signature; the open data carries the ids', async () => {
    const mock = createMockWx({ openid: 'oAlice', unionid: 'uAlice', openData: { getUserInfo: { nickName: 'Alice' } } });
    const result = (await mock.getUserInfo!())!;
    expect(result.userInfo).toEqual({ nickName: 'Alice', avatarUrl: expect.any(String), gender: 0, language: 'zh_CN', city: '', province: '', country: '' });
    expect(JSON.parse(result.rawData!)).toEqual(result.userInfo);
    expect(result.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(decode(result.encryptedData!)).toMatchObject({ nickName: 'Alice', openId: 'oAlice', unionId: 'uAlice' });
    expect(mock.issuedCloudIds[0]).toMatchObject({ api: 'getUserInfo', openid: 'oAlice', data: expect.objectContaining({ openId: 'oAlice' }) });
  });

  it('gives no sensitive data for getUserInfo({ withCredentials: false })', async () => {
    const result = (await createMockWx().getUserInfo!({ withCredentials: false }))!;
    expect(result.userInfo).toBeDefined();
    expect(result).not.toHaveProperty('encryptedData');
    expect(result).not.toHaveProperty('cloudID');
  });

  it('remembers each issued cloudID with its api, data, user and time', async () => {
    const mock = createMockWx({ appid: 'wxapp', openid: 'oBob' });
    mock.clock.advance(1234);
    const { cloudID } = (await mock.getShareInfo!({ shareTicket: 't' }))!;
    expect(mock.issuedCloudIds).toEqual([{ cloudID, api: 'getShareInfo', data: { openGId: expect.any(String) }, openid: 'oBob', appid: 'wxapp', issuedAt: mock.clock.now() }]);
  });
});

describe('buttons', () => {
  it('makes a getPhoneNumber event like the framework, with the code from 2.21.2', () => {
    const event = createMockWx().tapGetPhoneNumber();
    expect(event).toEqual({
      type: 'getphonenumber',
      timeStamp: 0,
      target: { id: '', dataset: {} },
      currentTarget: { id: '', dataset: {} },
      mark: {},
      detail: { errMsg: 'getPhoneNumber:ok', encryptedData: expect.any(String), iv: expect.any(String), cloudID: expect.stringMatching(/^27_/), code: expect.any(String) },
    });
    expect(createMockWx({ baseLibrary: '2.21.1' }).tapGetPhoneNumber().detail).not.toHaveProperty('code');
  });

  it('makes denied and failed events', () => {
    const mock = createMockWx({ failures: { getPhoneNumber: { errMsg: 'getPhoneNumber:fail no permission', errno: 102 } } });
    expect(mock.tapGetPhoneNumber().detail).toEqual({ errMsg: 'getPhoneNumber:fail no permission', errno: 102 });
    expect(createMockWx().tapGetPhoneNumber({ deny: true }).detail).toEqual({ errMsg: 'getPhoneNumber:fail user deny' });
    expect(createMockWx().tapGetUserInfo({ deny: true })).toMatchObject({ type: 'getuserinfo', detail: { errMsg: 'getUserInfo:fail auth deny' } });
  });

  it('makes a getUserInfo event with the user info result as detail', () => {
    const { type, detail } = createMockWx().tapGetUserInfo();
    expect(type).toBe('getuserinfo');
    expect(detail).toMatchObject({ errMsg: 'getUserInfo:ok', userInfo: expect.any(Object), rawData: expect.any(String), cloudID: expect.stringMatching(/^27_/) });
  });

  it('stamps events with the time since the mock was made', () => {
    const mock = createMockWx();
    mock.clock.advance(1500);
    expect(mock.tapGetPhoneNumber().timeStamp).toBe(1500);
  });
});

describe('wx.cloud.CloudID', () => {
  it('works with and without new, giving instances of one private class with nothing to read', () => {
    const { CloudID } = createMockWx().cloud!;
    const called = CloudID('a');
    const constructed = new CloudID('b');
    expect(called.constructor).toBe(constructed.constructor);
    expect(called.constructor).not.toBe(Object);
    expect(Object.keys(called)).toEqual([]);
    expect(JSON.stringify(called)).toBe('{}');
  });
});

describe('issueCloudId', () => {
  it("mints an id for another user with this mock's open data", () => {
    const mock = createMockWx();
    const id = mock.issueCloudId('getWeRunData', { openid: 'oSomeoneElse' });
    expect(mock.issuedCloudIds.find((issued) => issued.cloudID === id)).toMatchObject({ api: 'getWeRunData', openid: 'oSomeoneElse', appid: DEFAULT_APPID });
    const own = mock.issueCloudId('getShareInfo');
    expect(mock.issuedCloudIds.find((issued) => issued.cloudID === own)!.openid).toBe(DEFAULT_OPENID);
  });

  it('mints distinct ids', () => {
    const mock = createMockWx();
    const other = createMockWx();
    const ids = new Set([mock.issueCloudId('getWeRunData'), mock.issueCloudId('getWeRunData'), other.issueCloudId('getWeRunData')]);
    expect(ids.size).toBe(3);
  });
});

describe('options', () => {
  it.each([
    [{ cloud: 'on' }, /options.cloud must be 'ready', 'not-initialized', 'disabled', 'absent'/],
    [{ baseLibrary: 2.7 }, /options.baseLibrary must be a version string/],
    [{ openid: '' }, /options.openid must be a non-empty string/],
    [{ failures: { getWeRun: { errMsg: 'x' } } }, /getWeRun is not an open-data API/],
    [{ failures: { getWeRunData: 'deny' } }, /options.failures.getWeRunData must be \{ errMsg, errno\? \}/],
    [{ openData: { getWeRunData: [] } }, /options.openData.getWeRunData must be an object/],
    [{ functions: { werun: 'index.js' } }, /options.functions.werun must be a function/],
    [{ clock: 'now' }, /options.clock must be a start time in ms or an object with now\(\)/],
  ])('rejects %j clearly', (options, message) => {
    expect(() => createMockWx(options as never)).toThrow(message);
  });

  it('uses a clock of the user', () => {
    let time = 5000;
    const mock = createMockWx({ clock: { now: () => time } });
    expect(mock.clock.now()).toBe(5000);
    time = 6000;
    expect(mock.clock.now()).toBe(6000);
    expect(() => mock.clock.advance(1)).toThrow(/without advance/);
  });

  it('starts the built-in clock at the real time, then moves it only by advance, or starts it at the given time', async () => {
    const before = Date.now();
    const mock = createMockWx();
    const start = mock.clock.now();
    expect(start).toBeGreaterThanOrEqual(before);
    expect(start).toBeLessThanOrEqual(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(mock.clock.now()).toBe(start);
    mock.clock.advance(1000);
    expect(mock.clock.now()).toBe(start + 1000);
    expect(createMockWx({ clock: 42 }).clock.now()).toBe(42);
    expect(() => createMockWx().clock.advance(-1)).toThrow(/non-negative/);
  });
});
