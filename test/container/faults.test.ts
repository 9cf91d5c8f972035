import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import Koa from 'koa';
import { createOpenApi, errorResponse, withOpenData, withOpenDataKoa } from '../../src/container';
import { createMockOpenApi, createMockWx, type MockOpenApiService } from '../../src/testing';
import { listen, post, type Answer } from './http';

/**
 * What the page sees when the open-API service misbehaves, over real HTTP: Express (with
 * and without an error handler), Koa and plain `http` in front, a stand-in open-API
 * service answering with HTTP errors, resets, or nothing.
 */

/** A stand-in open-API service answering every request with `answer`. */
function upstream(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  return listen((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
}

/** Text an upstream answer carries, which must never reach the page. */
const UPSTREAM_SECRET = 'upstream-internal-detail-7f3a';

/** What must not show in a body the page sees: addresses, ports, socket errors, upstream text, stacks. */
function expectNoInternals(answer: Answer, ...addresses: string[]): void {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  for (const address of addresses) {
    expect(text).not.toContain(address);
    expect(text).not.toContain(new URL(address).port);
  }
  expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|ECONNRESET|socket|<html|<pre>|at .*\(.*:\d+:\d+\)/i);
  expect(text).not.toContain(UPSTREAM_SECRET);
}

const wx = createMockWx();
const silent = () => undefined;

describe("the open-API service's HTTP status never reaches the page", () => {
  const statuses = [401, 404, 413, 503];

  it.each(statuses)('Express without an error handler: an upstream %i is answered 502 as JSON, with a code and a plain message', async (status) => {
    const stub = await upstream((_req, res) => {
      res.statusCode = status;
      res.end(`<html>${UPSTREAM_SECRET}</html>`);
    });
    const app = express();
    app.use(express.json());
    app.post('/steps', withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: stub.url }), onError: silent }, () => 'never'));
    const service = await listen(app as never);
    try {
      const answer = await post(`${service.url}/steps`, { weRunData: wx.issueCloudId('getWeRunData') });
      expect(answer.status).toBe(502);
      expect(answer.headers['content-type']).toMatch(/application\/json/);
      expect(answer.body).toEqual({ error: { code: 'OPEN_API_BAD_RESPONSE', message: expect.any(String) } });
      expectNoInternals(answer, stub.url);
    } finally {
      await service.close();
      await stub.close();
    }
  });

  it.each(statuses)("Koa with its default error handling: an upstream %i is answered 502, not as Koa's own status", async (status) => {
    const stub = await upstream((_req, res) => {
      res.statusCode = status;
      res.end(UPSTREAM_SECRET);
    });
    const app = new Koa();
    app.silent = true;
    const openApi = createOpenApi({ baseUrl: stub.url });
    const steps = withOpenDataKoa({ keys: { weRunData: 'getWeRunData' }, openApi, onError: silent }, () => 'never');
    // A route that calls the client itself and lets Koa handle what it throws: Koa reads `status` and `expose`.
    app.use(async (ctx, next) => {
      if (ctx.path === '/steps') return steps(ctx);
      if (ctx.path === '/own') {
        await openApi.getOpenData([wx.issueCloudId('getWeRunData')], { openid: 'o' });
        return undefined;
      }
      return next();
    });
    const service = await listen(app.callback());
    try {
      const wrapped = await post(`${service.url}/steps`, { weRunData: wx.issueCloudId('getWeRunData') });
      expect(wrapped).toMatchObject({ status: 502, body: { error: { code: 'OPEN_API_BAD_RESPONSE' } } });
      expectNoInternals(wrapped, stub.url);
      const own = await post(`${service.url}/own`, {});
      expect(own.status).toBe(502);
      expect(own.body).toBe('Bad Gateway');
    } finally {
      await service.close();
      await stub.close();
    }
  });

  it("Express with the guide's error handler: a route's own open-API failure is 502 JSON, the upstream status kept for the log", async () => {
    const stub = await upstream((_req, res) => {
      res.statusCode = 401;
      res.end(JSON.stringify({ message: UPSTREAM_SECRET }));
    });
    const logged: unknown[] = [];
    const openApi = createOpenApi({ baseUrl: stub.url });
    const app = express();
    app.use(express.json());
    app.post('/own', async (_req, _res, next) => {
      try {
        await openApi.getOpenData([wx.issueCloudId('getWeRunData')], { openid: 'o' });
      } catch (error) {
        next(error);
      }
    });
    // Express tells an error handler by its four parameters.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      logged.push(error);
      const { status, body } = errorResponse(error);
      res.status(status).json(body);
    });
    const service = await listen(app as never);
    try {
      const answer = await post(`${service.url}/own`, {});
      expect(answer).toMatchObject({ status: 502, body: { error: { code: 'OPEN_API_BAD_RESPONSE' } } });
      expectNoInternals(answer, stub.url);
      expect(logged).toEqual([expect.objectContaining({ code: 'OPEN_API_BAD_RESPONSE', status: 502, statusCode: 502, expose: false, upstreamStatus: 401, upstreamText: expect.stringContaining(UPSTREAM_SECRET) })]);
    } finally {
      await service.close();
      await stub.close();
    }
  });

  it('plain http: unreachable, broken off and late answers carry no address, port, socket error or upstream text', async () => {
    const gone = await upstream(() => undefined);
    await gone.close();
    const reset = await upstream((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write(`{"errcode":0,"note":"${UPSTREAM_SECRET}`);
      setTimeout(() => req.socket.resetAndDestroy(), 10);
    });
    const slow = await upstream(() => undefined);
    const logged: unknown[] = [];
    const onError = (error: unknown) => void logged.push(error);
    try {
      for (const [baseUrl, status, code] of [
        [gone.url, 502, 'OPEN_API_UNREACHABLE'],
        [reset.url, 502, 'OPEN_API_BAD_RESPONSE'],
        [slow.url, 504, 'OPEN_API_TIMEOUT'],
      ] as const) {
        const service = await listen(withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl, timeoutMs: 200 }), onError }, () => 'never'));
        try {
          const answer = await post(service.url, { weRunData: wx.issueCloudId('getWeRunData') });
          expect(answer).toMatchObject({ status, body: { error: { code, message: expect.any(String) } } });
          expectNoInternals(answer, baseUrl);
        } finally {
          await service.close();
        }
      }
      // The detail is in what onError was told.
      expect(logged.map((error) => (error as Error).message)).toEqual([expect.stringContaining(gone.url), expect.stringMatching(/broke off/), expect.stringMatching(/no answer within 200 ms/)]);
    } finally {
      await reset.close();
      await slow.close();
    }
  });
});

describe('a broken-off answer is a bad answer, not an unreachable service', () => {
  it('reports a reset in the middle of the body as OPEN_API_BAD_RESPONSE', async () => {
    const reset = await upstream((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"errcode":0,"data_list":[');
      setTimeout(() => req.socket.resetAndDestroy(), 10);
    });
    try {
      await expect(createOpenApi({ baseUrl: reset.url }).getOpenData(['27_x'], { openid: 'o' })).rejects.toMatchObject({ code: 'OPEN_API_BAD_RESPONSE', message: expect.stringMatching(/broke off/), status: 502 });
    } finally {
      await reset.close();
    }
  });

  it('reports a connection closed before any answer, on a new connection, as OPEN_API_BAD_RESPONSE', async () => {
    const closing = await upstream((req) => req.socket.resetAndDestroy());
    try {
      await expect(createOpenApi({ baseUrl: closing.url }).getOpenData(['27_x'], { openid: 'o' })).rejects.toMatchObject({ code: 'OPEN_API_BAD_RESPONSE', message: expect.stringMatching(/closed before an answer/) });
    } finally {
      await closing.close();
    }
  });
});

describe('junk in a listed field costs no exchange', () => {
  let openApiService: MockOpenApiService;
  let service: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    openApiService = await createMockOpenApi({ wx });
    const openApi = createOpenApi({ baseUrl: openApiService.url });
    const app = express();
    app.use(express.json({ limit: '200kb' }));
    app.post('/steps', withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi }, (data) => ({ days: data.weRunData.stepInfoList.length })));
    app.post('/phone', withOpenData({ keys: { phone: 'getPhoneNumber' }, openApi }, (data) => ({ phone: data.phone.purePhoneNumber })));
    service = await listen(app as never);
  });
  afterAll(async () => {
    await service.close();
    await openApiService.close();
  });

  it.each([
    ['a 90,000-character string', 'x'.repeat(90000), 'invalid', /90000 characters long, longer than any cloudID or phone code \(512\)/],
    ['a 513-character cloudID-shaped string', `27_${'A'.repeat(510)}`, 'invalid', /513 characters long/],
    ['a number', 12345, 'missing', /not a cloudID string: got number/],
    ['an array', ['27_x'], 'missing', /got an array/],
    ['an empty string', '', 'missing', /has no "weRunData"/],
  ])('refuses %s per key, at no open-API call', async (_what, value, reason, message) => {
    const before = openApiService.requests.length;
    const answer = await post(`${service.url}/steps`, { weRunData: value });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason, errMsg: expect.stringMatching(message) }] } });
    expect(openApiService.requests.length).toBe(before);
  });

  it('refuses an over-long phone code the same way, and still exchanges a genuine one', async () => {
    const before = openApiService.requests.length;
    const junk = await post(`${service.url}/phone`, { phone: 'a'.repeat(90000) });
    expect(junk.body).toMatchObject({ cloudIdFailure: { failures: [{ key: 'phone', reason: 'invalid' }] } });
    expect(openApiService.requests.length).toBe(before);
    const genuine = await post(`${service.url}/phone`, { phone: wx.issuePhoneCode() });
    expect(genuine).toMatchObject({ status: 200, body: { phone: expect.any(String) } });
  });

  it('keeps genuine traffic beside the junk working: one id of the right length is exchanged', async () => {
    const id = wx.issueCloudId('getWeRunData');
    expect(id.length).toBeLessThanOrEqual(512);
    const answer = await post(`${service.url}/steps`, { weRunData: id });
    expect(answer).toMatchObject({ status: 200, body: { days: 31 } });
  });
});

describe('a request body larger than callContainer sends', () => {
  it('is not read to the end, and the page still gets the envelope', async () => {
    const openApiService = await createMockOpenApi({ wx });
    const service = await listen(withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiService.url }) }, () => 'never'));
    try {
      const answer = await post(service.url, { weRunData: wx.issueCloudId('getWeRunData'), padding: 'x'.repeat(200 * 1024) });
      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason: 'missing', errMsg: expect.stringMatching(/larger than 102400 bytes/) }] } });
      expect(openApiService.requests).toHaveLength(0);
    } finally {
      await service.close();
      await openApiService.close();
    }
  });
});
