// Resource sharing on the mock platform: mini program B's page reaches A's environment
// through new wx.cloud.Cloud({ resourceAppid, resourceEnv }), the backend sees B's user in
// FROM_*, and the two mistakes WeChat punishes (the wrong instance, the wrong identity)
// fail as WeChat fails them.
import express from 'express';
import { ENVIRONMENT_NOT_FOUND_MESSAGE, FUNCTION_NOT_FOUND_MESSAGE, PHONE_NUMBER_OPENAPI, WX_ERROR_CODE } from '../../src/core/rules';
import { createMockCloud, createMockWx, type CloudFunction, type MockCloudInstance, type MockWx } from '../../src/testing';
import { caught } from '../client/helpers';

/** The module a cloud function gets from `require('wx-server-sdk')` under jest.mock. */
const cloud = createMockCloud();

const OWNER = 'wxOwnerApp';
const CALLER = 'wxCallerApp';

const echo: CloudFunction = (event) => ({ event, context: cloud.getWXContext() });
/** Reads the cloudIDs it is sent as strings, as the mini program `appid` (or the default). */
const readIds: CloudFunction = (event: { ids: string[]; appid?: string }) => cloud.getOpenData(event.appid ? { list: event.ids, appid: event.appid } : { list: event.ids });
/** Exchanges a phone code, with `openapi({ appid })` when told to. */
const phone: CloudFunction = async (event: { code: string; appid?: string }) => {
  const openapi = event.appid ? cloud.openapi({ appid: event.appid }) : cloud.openapi;
  try {
    return await openapi.phonenumber.getPhoneNumber({ code: event.code });
  } catch (error) {
    return { errCode: (error as { errCode: number }).errCode };
  }
};
const relay: CloudFunction = async () => (await cloud.callFunction({ name: 'echo' })).result;

function sharedPlatform(options: { authorize?: CloudFunction } = {}) {
  const owner = createMockWx({
    appid: OWNER,
    openid: 'oOwnerUser',
    env: 'shared-env',
    functions: { echo, readIds, phone, relay, ...(options.authorize ? { cloudbase_auth: options.authorize } : {}) },
    functionConfigs: { phone: { permissions: { openapi: [PHONE_NUMBER_OPENAPI] } } },
  });
  const page = createMockWx({ platform: owner, appid: CALLER, openid: 'oCallerUser', unionid: 'uCallerUser', env: 'caller-env' });
  return { owner, page };
}

async function sharedInstance(page: MockWx): Promise<MockCloudInstance> {
  const instance = new page.cloud!.Cloud!({ resourceAppid: OWNER, resourceEnv: 'shared-env' });
  await instance.init();
  return instance;
}

/** The platform failure a call or init rejects with. */
const failureOf = async (promise: Promise<unknown> | undefined) => (await caught(() => promise)) as { errCode: number; errMsg: string };

describe('new wx.cloud.Cloud on the mock platform', () => {
  it('exists from base library 2.13.0', () => {
    expect(typeof createMockWx({ baseLibrary: '2.13.0' }).cloud!.Cloud).toBe('function');
    expect(createMockWx({ baseLibrary: '2.12.9' }).cloud!.Cloud).toBeUndefined();
    expect(createMockWx({ baseLibrary: '2.20.0' }).cloud!.callContainer).toBeUndefined();
    expect(new (createMockWx({ baseLibrary: '2.20.0' }).cloud!.Cloud!)({ resourceEnv: 'e' }).callContainer).toBeUndefined();
  });

  it('checks its options like a wx SDK, and is a class', () => {
    const { page } = sharedPlatform();
    const Cloud = page.cloud!.Cloud!;
    expect(() => new Cloud({} as never)).toThrow(expect.objectContaining({ errCode: WX_ERROR_CODE.INVALID_PARAMETER_TYPE, errMsg: expect.stringContaining('parameter.resourceEnv') }));
    expect(() => new Cloud({ resourceEnv: 'shared-env', resourceAppid: 7 } as never)).toThrow(expect.objectContaining({ errMsg: expect.stringContaining('parameter.resourceAppid') }));
    expect(() => (Cloud as unknown as (options: object) => unknown)({ resourceEnv: 'shared-env' })).toThrow(TypeError);
  });

  it("fails its calls until init() has resolved, and init() fails for an environment the mini program does not have", async () => {
    const { page } = sharedPlatform();
    const instance = new page.cloud!.Cloud!({ resourceAppid: OWNER, resourceEnv: 'shared-env' });
    expect(await failureOf(instance.callFunction({ name: 'echo' }))).toMatchObject({ errMsg: expect.stringContaining("Cloud API isn't enabled") });
    const first = instance.init();
    expect(instance.init()).toBe(first);
    await first;
    expect((await instance.callFunction({ name: 'echo' }))!.errMsg).toBe('cloud.callFunction:ok');

    for (const [resourceAppid, resourceEnv] of [
      [OWNER, 'caller-env'],
      ['wxNobody', 'shared-env'],
    ]) {
      const wrong = new page.cloud!.Cloud!({ resourceAppid, resourceEnv });
      expect(await failureOf(wrong.init())).toMatchObject({ errCode: WX_ERROR_CODE.NOT_FOUND, errMsg: expect.stringContaining(ENVIRONMENT_NOT_FOUND_MESSAGE) });
    }
  });

  it("runs the owner's cloudbase_auth at init with the caller in FROM_*, and a non-zero errCode refuses the caller", async () => {
    const seen: Record<string, unknown>[] = [];
    let allow = false;
    const authorize: CloudFunction = () => {
      seen.push(cloud.getWXContext());
      return allow ? { errCode: 0, errMsg: '', auth: JSON.stringify({ x: 1 }) } : { errCode: 1001, errMsg: 'not on the list' };
    };
    const { page } = sharedPlatform({ authorize });
    const refused = await failureOf(new page.cloud!.Cloud!({ resourceAppid: OWNER, resourceEnv: 'shared-env' }).init());
    expect(refused).toMatchObject({ errCode: 1001, errMsg: 'cloud.init:fail not on the list' });
    allow = true;
    await expect(sharedInstance(page)).resolves.toBeDefined();
    expect(seen[1]).toEqual({ APPID: OWNER, FROM_OPENID: 'oCallerUser', FROM_APPID: CALLER, FROM_UNIONID: 'uCallerUser', CLIENTIP: expect.any(String), ENV: 'shared-env', SOURCE: 'wx_client' });
  });
});

describe("calls through a shared environment's instance", () => {
  it("run the owner's function with the caller in FROM_* and no OPENID, in the instance's environment whatever config.env says", async () => {
    const { page } = sharedPlatform();
    const shared = await sharedInstance(page);
    const { result } = (await shared.callFunction({ name: 'echo', config: { env: 'caller-env' } }))!;
    expect((result as { context: object }).context).toEqual({
      APPID: OWNER,
      FROM_OPENID: 'oCallerUser',
      FROM_APPID: CALLER,
      FROM_UNIONID: 'uCallerUser',
      CLIENTIP: expect.any(String),
      OPEN_DATA_INFO: '',
      ENV: 'shared-env',
      SOURCE: 'wx_client',
    });
  });

  it("replace the caller's CloudIDs with its open data, stamped with its AppID, and list them in OPEN_DATA_INFO", async () => {
    const { page } = sharedPlatform();
    const shared = await sharedInstance(page);
    const id = (await page.getWeRunData!())!.cloudID!;
    const { result } = (await shared.callFunction({ name: 'echo', data: { weRunData: shared.CloudID(id) } }))!;
    const { event, context } = result as { event: { weRunData: { data: { watermark: { appid: string } } } }; context: { OPEN_DATA_INFO: string } };
    expect(event.weRunData.data.watermark.appid).toBe(CALLER);
    expect(JSON.parse(context.OPEN_DATA_INFO)).toEqual({ keys: ['weRunData'] });
  });

  it('carry FROM_* along when the function calls another', async () => {
    const { page } = sharedPlatform();
    const shared = await sharedInstance(page);
    const { result } = (await shared.callFunction({ name: 'relay' }))!;
    expect((result as { context: object }).context).toMatchObject({ APPID: OWNER, FROM_OPENID: 'oCallerUser', FROM_APPID: CALLER, SOURCE: 'wx_client,scf' });
    expect((result as { context: object }).context).not.toHaveProperty('OPENID');
  });

  it("reach the caller's own environment with an instance that names no resourceAppid", async () => {
    const { owner } = sharedPlatform();
    const own = new owner.cloud!.Cloud!({ resourceEnv: 'shared-env' });
    await own.init();
    const { result } = (await own.callFunction({ name: 'echo' }))!;
    expect((result as { context: object }).context).toMatchObject({ OPENID: 'oOwnerUser', APPID: OWNER, ENV: 'shared-env' });
  });
});

describe('the wrong instance fails as on the platform', () => {
  it("wx.cloud reaches the caller's own environment, where the shared function is not: -501000", async () => {
    const { page } = sharedPlatform();
    const error = await failureOf(page.cloud!.callFunction({ name: 'echo' }));
    expect(error).toMatchObject({ errCode: WX_ERROR_CODE.NOT_FOUND, errMsg: expect.stringContaining(FUNCTION_NOT_FOUND_MESSAGE) });
    // config.env naming the shared environment does not make wx.cloud another account's
    expect(await failureOf(page.cloud!.callFunction({ name: 'echo', config: { env: 'shared-env' } }))).toMatchObject({ errCode: WX_ERROR_CODE.NOT_FOUND });
  });

  it('wx.cloud of a mini program without an environment of its own: Environment not found', async () => {
    const { owner } = sharedPlatform();
    const bare = createMockWx({ platform: owner, appid: 'wxNoEnv', cloud: 'disabled' });
    expect(await failureOf(bare.cloud!.callFunction({ name: 'echo' }))).toMatchObject({ errCode: WX_ERROR_CODE.NOT_FOUND, errMsg: expect.stringContaining(ENVIRONMENT_NOT_FOUND_MESSAGE) });
  });
});

describe('the wrong identity fails as on the platform', () => {
  it("getOpenData reads the caller's cloudIDs only as the calling mini program: -601007 as the environment's owner", async () => {
    const { page } = sharedPlatform();
    const shared = await sharedInstance(page);
    const id = page.issueCloudId('getWeRunData');
    const asOwner = (await shared.callFunction({ name: 'readIds', data: { ids: [id] } }))!.result as { list: object[] };
    expect(asOwner.list).toEqual([{ cloudID: id, errCode: WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH, errMsg: 'cloudID not belong to user.' }]);
    const asCaller = (await shared.callFunction({ name: 'readIds', data: { ids: [id], appid: CALLER } }))!.result as { list: { data: { watermark: object } }[] };
    expect(asCaller.list[0].data.watermark).toEqual({ appid: CALLER, timestamp: expect.any(Number) });
  });

  it("a phone code is exchanged only as the mini program whose button issued it: 40013 as the environment's owner", async () => {
    const { page } = sharedPlatform();
    const shared = await sharedInstance(page);
    const code = page.tapGetPhoneNumber().detail.code!;
    expect((await shared.callFunction({ name: 'phone', data: { code } }))!.result).toEqual({ errCode: 40013 });
    const { result } = (await shared.callFunction({ name: 'phone', data: { code, appid: CALLER } }))!;
    expect(result).toMatchObject({ errCode: 0, phoneInfo: { purePhoneNumber: '13800138000', watermark: { appid: CALLER } } });
  });
});

describe("callContainer through a shared environment's instance", () => {
  const app = express();
  app.all('/{*path}', (req, res) => res.json(req.headers));
  const owner = createMockWx({ appid: OWNER, env: 'shared-env', containers: { api: app } });
  const page = createMockWx({ platform: owner, appid: CALLER, openid: 'oCallerUser', env: 'caller-env' });
  afterAll(() => owner.closeContainers());

  it('reaches the owner\'s service with X-WX-FROM-* and no X-WX-OPENID', async () => {
    const shared = await sharedInstance(page);
    const { data } = (await shared.callContainer!({ path: '/', header: { 'X-WX-SERVICE': 'api' }, config: { env: 'shared-env' } }))!;
    expect(data).toMatchObject({ 'x-wx-from-openid': 'oCallerUser', 'x-wx-from-appid': CALLER, 'x-wx-appid': OWNER, 'x-wx-env': 'shared-env' });
    expect(data).not.toHaveProperty('x-wx-openid');
  });

  it("fails through wx.cloud, whose environment has no such service", async () => {
    const error = await failureOf(page.cloud!.callContainer!({ path: '/', header: { 'X-WX-SERVICE': 'api' } }));
    expect(error.errMsg).toContain(`no service named "api" in the environment of ${CALLER}`);
  });
});
