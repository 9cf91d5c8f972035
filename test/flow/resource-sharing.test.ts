// The whole cross-account flow: a page of mini program B bound to A's shared environment
// through createCloudId({ cloud }), A's withOpenData function and Cloud Hosting service, on
// the mock platform.
import express from 'express';
import { createCloudId, isCloudIdError, type CloudIdClient } from '../../src/client';
import { createOpenApi, withOpenData as containerWithOpenData } from '../../src/container';
import { withOpenData } from '../../src/server';
import { PHONE_NUMBER_OPENAPI } from '../../src/core/rules';
import { createMockOpenApi, createMockWx, type MockOpenApiService, type MockWx } from '../../src/testing';

const MINUTE = 60_000;
const OWNER = 'wxOwnerApp';
const CALLER = 'wxCallerApp';

describe("a page bound to another account's environment", () => {
  let owner: MockWx;
  let page: MockWx;
  let openApiService: MockOpenApiService;
  let handled: unknown[];
  /** The phone's clock runs this far behind WeChat's (an NTP correction, say). */
  let phoneBehind: number;

  beforeEach(async () => {
    handled = [];
    phoneBehind = 0;
    owner = createMockWx({
      appid: OWNER,
      env: 'shared-env',
      functions: {
        steps: (event, context) =>
          withOpenData({ cloud: owner.serverSdk, keys: { weRun: 'getWeRunData' }, now: () => owner.clock.now() }, (data, _event, _context, wxContext) => {
            handled.push(data.weRun);
            return { from: wxContext.FROM_APPID, today: data.weRun.stepInfoList[data.weRun.stepInfoList.length - 1].step };
          })(event, context),
        phone: (event, context) => withOpenData({ cloud: owner.serverSdk, keys: { phone: 'getPhoneNumber' }, now: () => owner.clock.now() }, (data) => data.phone.purePhoneNumber)(event, context),
      },
      functionConfigs: { phone: { permissions: { openapi: [PHONE_NUMBER_OPENAPI] } } },
    });
    openApiService = await createMockOpenApi({ wx: owner, appid: OWNER });
    const app = express();
    app.use(express.json());
    app.post(
      '/steps',
      containerWithOpenData({ keys: { weRun: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiService.url }), now: () => owner.clock.now() }, (data, _req, _res, context) => ({
        from: context.FROM_APPID,
        days: data.weRun.stepInfoList.length,
      })),
    );
    createMockWx({ platform: owner, appid: OWNER, env: 'shared-env', containers: { api: app } });
    page = createMockWx({ platform: owner, appid: CALLER, openid: 'oCallerUser', env: 'caller-env' });
  });
  afterEach(async () => {
    await owner.closeContainers();
    await openApiService.close();
  });

  async function sharedClient(): Promise<CloudIdClient> {
    const cloud = new page.cloud!.Cloud!({ resourceAppid: OWNER, resourceEnv: 'shared-env' });
    await cloud.init();
    return createCloudId({ wx: page, cloud, now: () => page.clock.now() - phoneBehind });
  }

  it('sends callFunction through the instance: its ticket arrives as open data A can trust, stamped with B', async () => {
    const client = await sharedClient();
    const response = await client.callFunction({ name: 'steps', data: { weRun: await client.getWeRunData() } });
    expect(response.result).toEqual({ from: CALLER, today: expect.any(Number) });
    expect(handled).toEqual([expect.objectContaining({ watermark: { appid: CALLER, timestamp: expect.any(Number) } })]);
    expect(owner.calls[0].wxContext).toMatchObject({ APPID: OWNER, FROM_APPID: CALLER, FROM_OPENID: 'oCallerUser' });
  });

  it('refreshes a ticket that expired in flight and retries through the instance', async () => {
    const client = await sharedClient();
    const ticket = await client.getWeRunData();
    phoneBehind = 2 * MINUTE;
    owner.clock.advance(5.5 * MINUTE);
    expect(ticket.isExpired()).toBe(false);
    const response = await client.callFunction({ name: 'steps', data: { weRun: ticket } });
    expect(response.result).toEqual({ from: CALLER, today: expect.any(Number) });
    expect(owner.calls.map((call) => [call.name, call.wxContext!.FROM_APPID])).toEqual([
      ['steps', CALLER],
      ['steps', CALLER],
    ]);
  });

  it("exchanges B's phone code in A's function as B", async () => {
    const client = await sharedClient();
    const code = client.phoneCodeFromEvent(page.tapGetPhoneNumber());
    await expect(client.callFunction({ name: 'phone', data: { phone: code } })).resolves.toMatchObject({ result: '13800138000' });
    expect(page.issuedPhoneCodes[0]).toMatchObject({ appid: CALLER, redeemedAt: expect.any(Number) });
  });

  it('sends callContainer through the instance: the service exchanges with from_appid', async () => {
    const client = await sharedClient();
    const response = await client.callContainer({ service: 'api', path: '/steps', data: { weRun: await client.getWeRunData() } });
    expect(response).toMatchObject({ statusCode: 200, data: { from: CALLER, days: 31 } });
    expect(openApiService.requests[0].query).toEqual({ from_appid: CALLER, openid: 'oCallerUser' });
  });

  it('without the instance, the same call goes to B\'s own environment and fails there', async () => {
    const client = createCloudId({ wx: page, now: () => page.clock.now() });
    const error = await client.callFunction({ name: 'steps', data: { weRun: await client.getWeRunData() } }).catch((caught: unknown) => caught);
    expect(isCloudIdError(error) && error.code).toBe('CALL_FAILED');
    expect(error).toMatchObject({ errCode: -501000 });
    expect(handled).toEqual([]);
  });
});
