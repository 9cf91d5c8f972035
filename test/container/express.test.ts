import express, { type NextFunction, type Request, type Response } from 'express';
import { createOpenApi, withOpenData, type WeRunData } from '../../src/container';
import { createMockOpenApi, createMockWx, DEFAULT_APPID, DEFAULT_OPENID, type MockOpenApiService } from '../../src/testing';
import { GATEWAY_HEADERS, listen, post } from './http';

const MINUTE = 60 * 1000;

// Express 5 is what `npm install express` gives; Express 4 is what WeChat's Cloud Hosting
// template (wxcloudrun-express) pins.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express4 = require('express-4') as typeof express;

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
])('withOpenData in a real app on %s', (_version, express) => {
  const wx = createMockWx();
  let openApiService: MockOpenApiService;
  let refusing: MockOpenApiService;
  let service: { url: string; close(): Promise<void> };
  const handled: { data: unknown; context: unknown; body: unknown }[] = [];
  const serviceErrors: unknown[] = [];

  beforeAll(async () => {
    openApiService = await createMockOpenApi({ wx });
    const openApi = createOpenApi({ baseUrl: openApiService.url, timeoutMs: 2000 });
    const app = express();
    app.use(express.json());
    app.post(
      '/steps',
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, (data, req: Request, _res, context) => {
        handled.push({ data, context, body: req.body });
        const werun: WeRunData = data.weRunData;
        return { today: werun.stepInfoList[werun.stepInfoList.length - 1].step, days: werun.stepInfoList.length };
      }),
    );
    app.post(
      '/two',
      withOpenData({ keys: { weRunData: 'getWeRunData', group: 'getShareInfo' }, openApi, now: wx.clock.now }, (data) => ({ group: data.group.openGId, days: data.weRunData.stepInfoList.length })),
    );
    app.post(
      '/self',
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, (_data, _req, res: Response) => {
        res.status(201).send('written by the handler');
        return undefined;
      }),
    );
    // The open-API service refuses getopendata here: withOpenData answers that itself.
    refusing = await createMockOpenApi({ wx, allowed: [] });
    app.post(
      '/refused',
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: refusing.url }), now: wx.clock.now, onError: (error) => serviceErrors.push(error) }, () => 'never'),
    );
    app.post(
      '/throws',
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, () => {
        throw new Error('the handler failed');
      }),
    );
    // Express tells an error handler by its four parameters.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    app.use((error: Error & { code?: string }, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ handledBy: 'express', code: error.code, message: error.message });
    });
    service = await listen(app as never);
  });
  afterAll(async () => {
    await service.close();
    await openApiService.close();
    await refusing.close();
  });

  it('exchanges the id sent at the top level and hands the handler checked WeRun data', async () => {
    const id = wx.issueCloudId('getWeRunData');
    const before = openApiService.requests.length;
    const answer = await post(`${service.url}/steps`, { weRunData: id, note: 'kept' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ today: expect.any(Number), days: 31 });
    const call = handled[handled.length - 1];
    expect(call.data).toEqual({ weRunData: { stepInfoList: expect.any(Array), watermark: { appid: DEFAULT_APPID, timestamp: Math.floor(wx.clock.now() / 1000) } } });
    expect(call.context).toMatchObject({ OPENID: DEFAULT_OPENID, APPID: DEFAULT_APPID, source: ['wx_client'], resourceReuse: false });
    expect(call.body).toEqual({ weRunData: id, note: 'kept' });
    expect(openApiService.requests.slice(before).map((request) => [request.path, request.query, request.body])).toEqual([
      ['/wxa/getopendata', { openid: DEFAULT_OPENID }, { cloudid_list: [id] }],
    ]);
  });

  it('exchanges every listed key in one request', async () => {
    const before = openApiService.requests.length;
    const answer = await post(`${service.url}/two`, { weRunData: wx.issueCloudId('getWeRunData'), group: wx.issueCloudId('getShareInfo') });
    expect(answer).toMatchObject({ status: 200, body: { group: expect.any(String), days: 31 } });
    expect(openApiService.requests.length - before).toBe(1);
  });

  it('answers an expired id with the envelope the client reads (422), without calling the handler', async () => {
    const id = wx.issueCloudId('getWeRunData');
    wx.clock.advance(5 * MINUTE);
    const calls = handled.length;
    const answer = await post(`${service.url}/steps`, { weRunData: id });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason: 'expired', errCode: -601006, errMsg: 'cloudID expired.', cloudID: id }] } });
    expect(handled.length).toBe(calls);
  });

  it('names each failing key with its reason: invalid, another user, missing', async () => {
    const someoneElses = wx.issueCloudId('getShareInfo', { openid: 'oSomeoneElse' });
    const answer = await post(`${service.url}/two`, { weRunData: '27_neverIssued', group: someoneElses });
    expect(answer.status).toBe(422);
    expect((answer.body as { cloudIdFailure: { failures: unknown[] } }).cloudIdFailure.failures).toEqual([
      expect.objectContaining({ key: 'weRunData', reason: 'invalid', errCode: -601005 }),
      expect.objectContaining({ key: 'group', reason: 'user-mismatch', errCode: -601007, cloudID: someoneElses }),
    ]);
    const missing = await post(`${service.url}/steps`, { other: 1 });
    expect(missing.body).toEqual({ cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason: 'missing', errMsg: expect.stringMatching(/top level/) }] } });
  });

  it('rejects open data the client sent as an object: forged, and nothing is exchanged', async () => {
    const before = openApiService.requests.length;
    const forged = { cloudID: '27_whatever', data: { stepInfoList: [{ timestamp: 0, step: 99999 }], watermark: { appid: DEFAULT_APPID, timestamp: Math.floor(wx.clock.now() / 1000) } } };
    const answer = await post(`${service.url}/steps`, { weRunData: forged });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason: 'forged', cloudID: '27_whatever', errMsg: expect.stringMatching(/arrived as an object.*callContainer/) }] },
    });
    expect(openApiService.requests.length).toBe(before);
  });

  it("checks the watermark's appid against X-WX-APPID", async () => {
    const answer = await post(`${service.url}/steps`, { weRunData: wx.issueCloudId('getWeRunData') }, { ...GATEWAY_HEADERS, 'X-WX-APPID': 'wxAnotherApp' });
    expect(answer.status).toBe(422);
    expect((answer.body as { cloudIdFailure: { failures: unknown[] } }).cloudIdFailure.failures).toEqual([expect.objectContaining({ key: 'weRunData', reason: 'watermark-appid' })]);
  });

  it('refuses a request that did not come through the gateway (401), exchanging nothing', async () => {
    const before = openApiService.requests.length;
    const headers = { ...GATEWAY_HEADERS };
    delete (headers as Record<string, string>)['X-WX-OPENID'];
    const answer = await post(`${service.url}/steps`, { weRunData: wx.issueCloudId('getWeRunData') }, headers);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code: 'NOT_FROM_WECHAT_GATEWAY', message: expect.stringMatching(/x-wx-openid/) } });
    expect(openApiService.requests.length).toBe(before);
  });

  it('leaves the answer to a handler that writes it itself', async () => {
    const answer = await post(`${service.url}/self`, { weRunData: wx.issueCloudId('getWeRunData') });
    expect(answer).toMatchObject({ status: 201, body: 'written by the handler' });
  });

  it('refuses a request with two X-WX-OPENID lines (401), exchanging nothing', async () => {
    const before = openApiService.requests.length;
    const answer = await post(`${service.url}/steps`, { weRunData: wx.issueCloudId('getWeRunData') }, { ...GATEWAY_HEADERS, 'X-WX-OPENID': [DEFAULT_OPENID, 'oSomeoneElse'] as never });
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'IDENTITY_HEADER_REPEATED', message: expect.stringMatching(/x-wx-openid header 2 times/) } } });
    expect(openApiService.requests.length).toBe(before);
  });

  it('answers an open-API failure itself, as JSON with 502, and tells onError the fix', async () => {
    const answer = await post(`${service.url}/refused`, { weRunData: wx.issueCloudId('getWeRunData') });
    expect(answer).toEqual({ status: 502, headers: expect.any(Object), body: { error: { code: 'OPEN_API_NOT_ALLOWED', message: expect.any(String) } } });
    expect(JSON.stringify(answer.body)).not.toMatch(/wxa|127\.0\.0\.1/);
    expect(serviceErrors).toEqual([expect.objectContaining({ code: 'OPEN_API_NOT_ALLOWED', reason: 'not-in-whitelist', message: expect.stringMatching(/add \/wxa\/getopendata to the open-API service's whitelist/) })]);
  });

  it("passes the handler's own failure to Express's error handling", async () => {
    const answer = await post(`${service.url}/throws`, { weRunData: wx.issueCloudId('getWeRunData') });
    expect(answer).toMatchObject({ status: 500, body: { handledBy: 'express', message: 'the handler failed' } });
  });
});

describe('withOpenData under resource reuse', () => {
  it('exchanges with from_appid and the FROM openid, and accepts the caller mini program in the watermark', async () => {
    const owner = createMockWx();
    const caller = createMockWx({ platform: owner, appid: 'wxCallerApp', openid: 'oCallerUser' });
    const openApiService = await createMockOpenApi({ wx: owner });
    const app = express();
    app.use(express.json());
    app.post('/steps', withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiService.url }), now: owner.clock.now }, (data, _req, _res, context) => ({ appid: data.weRunData.watermark.appid, reuse: context.resourceReuse })));
    const service = await listen(app as never);
    try {
      const answer = await post(`${service.url}/steps`, { weRunData: caller.issueCloudId('getWeRunData') }, {
        'X-WX-FROM-OPENID': 'oCallerUser',
        'X-WX-FROM-APPID': 'wxCallerApp',
        'X-WX-APPID': DEFAULT_APPID,
        'X-WX-SOURCE': 'wx_client',
      });
      expect(answer).toMatchObject({ status: 200, body: { appid: 'wxCallerApp', reuse: true } });
      expect(openApiService.requests[0].query).toEqual({ from_appid: 'wxCallerApp', openid: 'oCallerUser' });
    } finally {
      await service.close();
      await openApiService.close();
    }
  });
});

/** A fresh mock platform and open-API service, and an Express app `route` sets up, for the length of `run`. */
async function withApp(
  route: (app: ReturnType<typeof express>, openApi: ReturnType<typeof createOpenApi>, wx: ReturnType<typeof createMockWx>) => void,
  run: (url: string, wx: ReturnType<typeof createMockWx>, openApiService: MockOpenApiService) => Promise<void>,
): Promise<void> {
  const wx = createMockWx();
  const openApiService = await createMockOpenApi({ wx });
  const app = express();
  route(app, createOpenApi({ baseUrl: openApiService.url }), wx);
  const service = await listen(app as never);
  try {
    await run(service.url, wx, openApiService);
  } finally {
    await service.close();
    await openApiService.close();
  }
}

describe('withOpenData with a getPhoneNumber key', () => {
  it('exchanges a phone code string through getuserphonenumber and a phone cloudID through getopendata', () =>
    withApp(
      (app, openApi, wx) => {
        app.use(express.json());
        app.post('/phone', withOpenData({ keys: { phone: 'getPhoneNumber' }, openApi, now: wx.clock.now }, (data) => ({ phone: data.phone.phoneNumber })));
      },
      async (url, wx, openApiService) => {
        const byCode = await post(`${url}/phone`, { phone: wx.issuePhoneCode() });
        expect(byCode).toMatchObject({ status: 200, body: { phone: expect.any(String) } });
        expect(openApiService.requests.map((request) => request.path)).toEqual(['/wxa/business/getuserphonenumber']);

        const cloudID = wx.tapGetPhoneNumber().detail.cloudID as string;
        const byCloudId = await post(`${url}/phone`, { phone: cloudID });
        expect(byCloudId).toMatchObject({ status: 200, body: { phone: (byCode.body as { phone: string }).phone } });
        expect(openApiService.requests[1]).toMatchObject({ path: '/wxa/getopendata', body: { cloudid_list: [cloudID] } });

        const used = await post(`${url}/phone`, { phone: openApiService.requests[0].body && (openApiService.requests[0].body as { code: string }).code });
        expect(used.status).toBe(422);
        expect(used.body).toEqual({ cloudIdFailure: { version: 1, failures: [expect.objectContaining({ key: 'phone', reason: 'code-invalid', errCode: 40029, errMsg: expect.stringMatching(/tap the button again/) })] } });
      },
    ));

  it('spends a phone code only when the other fields are trusted: a failed cloudID leaves the code unused', () =>
    withApp(
      (app, openApi, wx) => {
        app.use(express.json());
        const keys = { weRunData: 'getWeRunData', phone: 'getPhoneNumber' } as const;
        app.post('/both', withOpenData({ keys, openApi, now: wx.clock.now }, (data) => ({ phone: data.phone.phoneNumber, days: data.weRunData.stepInfoList.length })));
      },
      async (url, wx, openApiService) => {
        const expired = wx.issueCloudId('getWeRunData');
        wx.clock.advance(5 * MINUTE);
        const code = wx.issuePhoneCode();
        const refused = await post(`${url}/both`, { weRunData: expired, phone: code });
        expect(refused.status).toBe(422);
        expect(refused.body).toEqual({ cloudIdFailure: { version: 1, failures: [expect.objectContaining({ key: 'weRunData', reason: 'expired' })] } });
        expect(openApiService.requests.map((request) => request.path)).toEqual(['/wxa/getopendata']);

        // The same code, with a fresh cloudID, still gives the number.
        const answered = await post(`${url}/both`, { weRunData: wx.issueCloudId('getWeRunData'), phone: code });
        expect(answered).toMatchObject({ status: 200, body: { phone: expect.any(String), days: 31 } });
        expect(openApiService.requests.map((request) => request.path)).toEqual(['/wxa/getopendata', '/wxa/getopendata', '/wxa/business/getuserphonenumber']);
      },
    ));
});

describe('withOpenData when no body parser left the body in req.body', () => {
  // Express 5 leaves req.body undefined when no parser ran, and also when express.json()
  // skips a request of another content type (Express 4's parsers set it to {} then).
  // withOpenData then reads the body itself and leaves it in req.body, as a parser would.
  it.each([
    ['no body parser at all', false, 'application/json'],
    ['express.json() skipping a text/plain request', true, 'text/plain'],
  ])('reads and parses the JSON body itself, and the handler finds it in req.body: %s', (_name, parseJson, contentType) => {
    const seen: unknown[] = [];
    return withApp(
      (app, openApi, wx) => {
        if (parseJson) app.use(express.json());
        app.post('/steps', withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, (data, req: Request) => {
          seen.push(req.body);
          return { days: data.weRunData.stepInfoList.length };
        }));
      },
      async (url, wx, openApiService) => {
        const id = wx.issueCloudId('getWeRunData');
        const answer = await post(`${url}/steps`, JSON.stringify({ weRunData: id, page: 'werun' }), { ...GATEWAY_HEADERS, 'content-type': contentType });
        expect(answer).toMatchObject({ status: 200, body: { days: 31 } });
        expect(seen).toEqual([{ weRunData: id, page: 'werun' }]);
        expect(openApiService.requests.map((request) => request.body)).toEqual([{ cloudid_list: [id] }]);
      },
    );
  });
});
