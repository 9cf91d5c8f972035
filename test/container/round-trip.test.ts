import express from 'express';
import { createCloudId, isCloudIdError } from '../../src/client';
import { createOpenApi, withOpenData } from '../../src/container';
import { createMockOpenApi, createMockWx, type MockOpenApiService, type MockWx } from '../../src/testing';

const MINUTE = 60 * 1000;

/**
 * The whole Cloud Hosting flow over loopback HTTP: the page's callContainer, the mock
 * gateway, an Express service with withOpenData, the mock open-API service.
 */
describe('callContainer to withOpenData, end to end', () => {
  let wx: MockWx;
  let openApiService: MockOpenApiService;
  /** Time the request spends on its way to the exchange (set by a test). */
  let delayOnTheWay = 0;
  /** What the offline route's withOpenData reported to its onError. */
  let serviceErrors: unknown[] = [];

  beforeEach(async () => {
    // The open-API service and the page's wx share one platform: its ids, users and clock.
    serviceErrors = [];
    const platform = createMockWx();
    openApiService = await createMockOpenApi({ wx: platform });
    const app = express();
    app.use(express.json());
    app.use((_req, _res, next) => {
      wx.clock.advance(delayOnTheWay);
      delayOnTheWay = 0;
      next();
    });
    app.post(
      '/steps',
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiService.url }), now: () => wx.clock.now() }, (data) => ({
        today: data.weRunData.stepInfoList[data.weRunData.stepInfoList.length - 1].step,
      })),
    );
    // The same route with the open-API service unreachable (nothing listens on port 1), and one that fails.
    app.post(
      '/steps-offline',
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 }), onError: (error) => serviceErrors.push(error) }, () => ({
        today: 0,
      })),
    );
    app.get('/broken', (_req, res) => {
      res.status(500).json({ message: 'the database is down' });
    });
    wx = createMockWx({ platform, containers: { api: app } });
  });
  afterEach(async () => {
    await wx.closeContainers();
    await openApiService.close();
  });

  it('sends the ticket as its id, which the service exchanges and checks', async () => {
    const client = createCloudId({ wx: wx as never, now: wx.clock.now });
    const ticket = await client.getWeRunData();
    const result = await client.callContainer({ service: 'api', path: '/steps', data: { weRunData: ticket } });
    expect(result).toMatchObject({ statusCode: 200, data: { today: expect.any(Number) } });
    expect(wx.containerCalls.map((call) => JSON.parse(call.body))).toEqual([{ weRunData: ticket.cloudID }]);
    expect(openApiService.requests.map((request) => request.body)).toEqual([{ cloudid_list: [ticket.cloudID] }]);
  });

  it('refreshes a ticket that expired on the way and retries once', async () => {
    const client = createCloudId({ wx: wx as never, now: wx.clock.now });
    const ticket = await client.getWeRunData();
    // Fresh enough to send (40 s left), but a minute passes before the service exchanges it.
    wx.clock.advance(4 * MINUTE + 20 * 1000);
    delayOnTheWay = MINUTE;
    const result = await client.callContainer({ service: 'api', path: '/steps', data: { weRunData: ticket } });
    expect(result).toMatchObject({ statusCode: 200, data: { today: expect.any(Number) } });
    const sent = wx.containerCalls.map((call) => JSON.parse(call.body).weRunData);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(ticket.cloudID);
    expect(sent[1]).not.toBe(ticket.cloudID);
    expect(wx.containerCalls.map((call) => call.statusCode)).toEqual([422, 200]);
  });

  it('rejects with HTTP_ERROR, the status and the body, when the service answers 500', async () => {
    const client = createCloudId({ wx: wx as never, now: wx.clock.now });
    let thrown: unknown;
    try {
      await client.callContainer({ service: 'api', path: '/broken', method: 'GET' });
    } catch (error) {
      thrown = error;
    }
    expect(isCloudIdError(thrown) && thrown.code === 'HTTP_ERROR' && [thrown.status, thrown.body, thrown.functionName]).toEqual([500, { message: 'the database is down' }, 'api/broken']);
    await expect(client.callContainer({ service: 'api', path: '/broken', method: 'GET', throwHttpErrors: false })).resolves.toMatchObject({
      statusCode: 500,
      data: { message: 'the database is down' },
    });
  });

  it("rejects with HTTP_ERROR carrying withOpenData's 502 when the open-API service is unreachable", async () => {
    const client = createCloudId({ wx: wx as never, now: wx.clock.now });
    const ticket = await client.getWeRunData();
    const failure = client.callContainer({ service: 'api', path: '/steps-offline', data: { weRunData: ticket } });
    await expect(failure).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 502, body: { error: { code: 'OPEN_API_UNREACHABLE' } } });
    expect(wx.containerCalls.map((call) => call.statusCode)).toEqual([502]);
    expect(serviceErrors).toEqual([expect.objectContaining({ code: 'OPEN_API_UNREACHABLE' })]);
  });

  it("rejects with the service's reasons when the retry fails too", async () => {
    const client = createCloudId({ wx: wx as never, now: wx.clock.now });
    const someoneElses = wx.issueCloudId('getWeRunData', { openid: 'oSomeoneElse' });
    let thrown: unknown;
    try {
      await client.callContainer({ service: 'api', path: '/steps', data: { weRunData: someoneElses } });
    } catch (error) {
      thrown = error;
    }
    expect(isCloudIdError(thrown) && thrown.code).toBe('OPEN_DATA_REJECTED');
    expect((thrown as Error).message).toMatch(/weRunData \(user-mismatch/);
  });
});
