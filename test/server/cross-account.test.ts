// A cloud function in mini program A's environment serving mini program B's user (resource
// sharing), with the REAL wx-server-sdk 4.0.2: its context from the environment variables
// WeChat sets, its cloud calls over loopback HTTP to a stand-in for WeChat's backend.
import * as realCloud from 'wx-server-sdk';
import { exchangeOpenData, exchangePhoneCode, type CloudLike } from '../../src/server';
import { createMockWx } from '../../src/testing';
import { startCloudCallBackend, type CallFor, type CloudCallBackend } from './cloud-call-backend';
import { withEnv } from './env';

const OWNER = 'wxOwnerOfTheEnv';
const CALLER = 'wxCallerProgram';
const CALLER_OPENID = 'oCallerUser';

const owner = createMockWx({ appid: OWNER, env: 'shared-env', clock: Date.now() });
const caller = createMockWx({ platform: owner, appid: CALLER, openid: CALLER_OPENID });
let callFor: CallFor;
let backend: CloudCallBackend;

/** The context variables WeChat sets for a call from B's user into A's environment: FROM_*, no OPENID. */
const crossAccount = {
  WX_CONTEXT_KEYS: 'WX_APPID,WX_FROM_OPENID,WX_FROM_APPID',
  WX_APPID: OWNER,
  WX_FROM_OPENID: CALLER_OPENID,
  WX_FROM_APPID: CALLER,
  TCB_ENV: 'shared-env',
  TCB_SOURCE: 'wx_client',
  // Tells @cloudbase/node-sdk it runs in Tencent Cloud, so it looks nothing up on the network.
  TENCENTCLOUD: 'true',
};

beforeAll(async () => {
  backend = await startCloudCallBackend(owner, () => callFor);
  withEnv({ TENCENTCLOUD: 'true' }, () => realCloud.init({ env: 'shared-env', serviceUrl: backend.serviceUrl, secretId: 'test-id', secretKey: 'test-key' } as never));
});
afterAll(() => backend.close());
beforeEach(() => {
  callFor = { APPID: OWNER, FROM_APPID: CALLER, FROM_OPENID: CALLER_OPENID };
  backend.requests.length = 0;
});

const now = () => owner.clock.now();

describe('a phone code from another account\'s mini program, with the real wx-server-sdk', () => {
  it('is exchanged as the calling mini program: cloud.openapi({ appid: FROM_APPID })', async () => {
    const code = caller.tapGetPhoneNumber().detail.code!;
    const result = await withEnv(crossAccount, () => exchangePhoneCode(realCloud as CloudLike, code, { now }));
    expect(result).toEqual({ ok: true, data: expect.objectContaining({ phoneNumber: '13800138000', watermark: { appid: CALLER, timestamp: Math.floor(now() / 1000) } }) });
    expect(backend.requests).toEqual([{ api: 'phonenumber.getPhoneNumber', appid: CALLER }]);
  });

  it('fails with 40013 when exchanged as the environment\'s owner, the default identity of cloud calls', async () => {
    const code = caller.tapGetPhoneNumber().detail.code!;
    const thrown = await withEnv(crossAccount, () => realCloud.openapi.phonenumber.getPhoneNumber({ code }).catch((error: unknown) => error));
    expect(thrown).toMatchObject({ errCode: 40013 });
    expect(backend.requests).toEqual([{ api: 'phonenumber.getPhoneNumber', appid: undefined }]);
    // The code was not spent: exchanged as the right mini program, it still works.
    await expect(withEnv(crossAccount, () => exchangePhoneCode(realCloud as CloudLike, code, { now }))).resolves.toMatchObject({ ok: true });
  });

  it('is bound to the caller\'s user (FROM_OPENID): another user\'s code is refused with 40029', async () => {
    const someoneElses = createMockWx({ platform: owner, appid: CALLER, openid: 'oAnotherUser' }).tapGetPhoneNumber().detail.code!;
    const result = await withEnv(crossAccount, () => exchangePhoneCode(realCloud as CloudLike, someoneElses, { now }));
    expect(result).toMatchObject({ ok: false, reason: 'code-invalid', errCode: 40029 });
  });

  it('in the environment\'s own mini program is exchanged as it, with no appid', async () => {
    callFor = { APPID: OWNER, OPENID: 'oOwnerUser' };
    const code = createMockWx({ platform: owner, appid: OWNER, openid: 'oOwnerUser' }).tapGetPhoneNumber().detail.code!;
    const own = { WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: 'oOwnerUser', WX_APPID: OWNER, TCB_ENV: 'shared-env', TCB_SOURCE: 'wx_client', TENCENTCLOUD: 'true' };
    await expect(withEnv(own, () => exchangePhoneCode(realCloud as CloudLike, code, { now }))).resolves.toMatchObject({ ok: true, data: { watermark: { appid: OWNER } } });
    expect(backend.requests).toEqual([{ api: 'phonenumber.getPhoneNumber', appid: undefined }]);
  });
});

describe('cloudIDs from another account\'s mini program, with the real wx-server-sdk', () => {
  it('are read as the calling mini program (getOpenData with appid FROM_APPID) and trusted with its AppID in the watermark', async () => {
    const id = caller.issueCloudId('getWeRunData');
    const [result] = await withEnv(crossAccount, () => exchangeOpenData(realCloud as CloudLike, [id], { api: 'getWeRunData', now }));
    expect(result).toMatchObject({ ok: true, cloudID: id, data: { watermark: { appid: CALLER } } });
    expect(backend.requests).toEqual([{ api: 'ApiGetOpenDataByCloudId', appid: CALLER }]);
  });

  it('fail with -601007 when read as the environment\'s owner (getOpenData without appid), as reported from shared environments', async () => {
    const id = caller.issueCloudId('getWeRunData');
    const answer = (await withEnv(crossAccount, () => realCloud.getOpenData({ list: [id] }))) as unknown as { list: unknown[] };
    expect(answer.list).toEqual([{ cloudID: id, errCode: -601007, errMsg: 'cloudID not belong to user.' }]);
  });
});
