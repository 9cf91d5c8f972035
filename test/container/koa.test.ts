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
  const reported: unknown[] = [];

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
      // No body parser ran: the adapter read the body and left it where one would.
      page: (ctx.request as { body?: { page?: string } }).body?.page,
    }));
    const refused = withOpenDataKoa(
      { keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: refusing.url }), now: wx.clock.now, onError: (error) => reported.push(error) },
      () => 'never',
    );
    const throws = withOpenDataKoa({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiService.url }), now: wx.clock.now }, () => {
      throw new Error('database password is hunter2');
    });
    const routes: Record<string, typeof steps> = { '/steps': steps, '/refused': refused, '/throws': throws };
    app.use((ctx, next) => (routes[ctx.path] ? routes[ctx.path](ctx) : next()));
    service = await listen(app.callback());
  });
  afterAll(async () => {
    await service.close();
    await openApiService.close();
    await refusing.close();
  });

  it('exchanges the id and sends what the handler returns as the body', async () => {
    const answer = await post(`${service.url}/steps`, { weRunData: wx.issueCloudId('getWeRunData'), page: 'werun' });
    expect(answer).toMatchObject({ status: 200, body: { days: 31, path: '/steps', openid: wx.issuedCloudIds[0].openid, page: 'werun' } });
  });

  it('sets the envelope and 422 for an expired id', async () => {
    const id = wx.issueCloudId('getWeRunData');
    wx.clock.advance(5 * 60 * 1000);
    const answer = await post(`${service.url}/steps`, { weRunData: id });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ cloudIdFailure: { version: 1, failures: [expect.objectContaining({ key: 'weRunData', reason: 'expired', cloudID: id })] } });
  });

  it('answers an open-API failure itself, as JSON with 502, and tells onError', async () => {
    const answer = await post(`${service.url}/refused`, { weRunData: wx.issueCloudId('getWeRunData') });
    expect(answer).toMatchObject({ status: 502, body: { error: { code: 'OPEN_API_NOT_ALLOWED', message: expect.any(String) } } });
    expect(reported).toEqual([expect.objectContaining({ code: 'OPEN_API_NOT_ALLOWED', status: 502, expose: false })]);
    expect(koaErrors).toEqual([]);
  });

  it("throws the handler's own failure to Koa's error handling, which shows the page no message", async () => {
    const answer = await post(`${service.url}/throws`, { weRunData: wx.issueCloudId('getWeRunData') });
    expect(answer).toMatchObject({ status: 500, body: 'Internal Server Error' });
    expect(koaErrors).toEqual([expect.objectContaining({ message: 'database password is hunter2' })]);
  });
});
