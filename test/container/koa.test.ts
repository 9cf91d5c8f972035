import Koa, { type ParameterizedContext } from 'koa';
import { createOpenApi, withOpenDataKoa } from '../../src/container';
import { createMockOpenApi, createMockWx, type MockOpenApiService } from '../../src/testing';
import { listen, post } from './http';

describe('withOpenDataKoa in a real Koa app', () => {
  const wx = createMockWx();
  let openApiService: MockOpenApiService;
  let refusing: MockOpenApiService;
  let service: { url: string; close(): Promise<void> };
  const koaErrors: unknown[] = [];

  beforeAll(async () => {
    openApiService = await createMockOpenApi({ wx });
    refusing = await createMockOpenApi({ wx, allowed: [] });
    const app = new Koa();
    app.silent = true;
    app.on('error', (error: unknown) => koaErrors.push(error));
    const steps = withOpenDataKoa({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiService.url }), now: wx.clock.now }, (data, ctx: ParameterizedContext, context) => ({
      days: data.weRunData.stepInfoList.length,
      path: ctx.path,
      openid: context.OPENID,
    }));
    const refused = withOpenDataKoa({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: refusing.url }), now: wx.clock.now }, () => 'never');
    app.use((ctx, next) => (ctx.path === '/steps' ? steps(ctx) : ctx.path === '/refused' ? refused(ctx) : next()));
    service = await listen(app.callback());
  });
  afterAll(async () => {
    await service.close();
    await openApiService.close();
    await refusing.close();
  });

  it('exchanges the id and sends what the handler returns as the body', async () => {
    const answer = await post(`${service.url}/steps`, { weRunData: wx.issueCloudId('getWeRunData') });
    expect(answer).toMatchObject({ status: 200, body: { days: 31, path: '/steps', openid: wx.issuedCloudIds[0].openid } });
  });

  it('sets the envelope and 422 for an expired id', async () => {
    const id = wx.issueCloudId('getWeRunData');
    wx.clock.advance(5 * 60 * 1000);
    const answer = await post(`${service.url}/steps`, { weRunData: id });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ cloudIdFailure: { version: 1, failures: [expect.objectContaining({ key: 'weRunData', reason: 'expired', cloudID: id })] } });
  });

  it("throws an open-API failure to Koa's error handling", async () => {
    const answer = await post(`${service.url}/refused`, { weRunData: wx.issueCloudId('getWeRunData') });
    expect(answer.status).toBe(500);
    expect(koaErrors).toEqual([expect.objectContaining({ code: 'OPEN_API_NOT_ALLOWED' })]);
  });
});
