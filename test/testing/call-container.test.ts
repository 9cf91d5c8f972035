import * as http from 'node:http';
import express from 'express';
import { CALL_CONTAINER_ERROR_CODE, MAX_CONTAINER_REQUEST_BYTES, MAX_CONTAINER_RESPONSE_BYTES } from '../../src/core/rules';
import { createMockWx, type MockWx } from '../../src/testing';

/** A service that answers with what it received. */
function echoApp() {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use(express.text({ type: 'text/*' }));
  app.all('/{*path}', (req, res) => res.json({ method: req.method, url: req.url, headers: req.headers, body: req.body }));
  return app;
}

const service = { 'X-WX-SERVICE': 'echo' };
const mocks: MockWx[] = [];
function mockWx(options: Parameters<typeof createMockWx>[0]): MockWx {
  const mock = createMockWx(options);
  mocks.push(mock);
  return mock;
}
afterAll(() => Promise.all(mocks.map((mock) => mock.closeContainers())));

const failureOf = (promise: Promise<unknown> | undefined) =>
  promise!.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: { errCode: number; errMsg: string }) => error,
  );

describe('wx.cloud.callContainer', () => {
  const mock = mockWx({ appid: 'wxapp', openid: 'oAlice', unionid: 'uAlice', env: 'prod-env', containers: { echo: echoApp() } });

  it('routes to the service over HTTP with the gateway headers, and resolves like the typings say', async () => {
    const result = await mock.cloud!.callContainer!({ path: '/api/steps', method: 'POST', header: service, data: { day: 1, ticket: mock.cloud!.CloudID('27_abc') } });
    expect(result).toEqual({ data: expect.any(Object), statusCode: 200, header: expect.objectContaining({ 'content-type': expect.stringContaining('application/json') }), callID: expect.any(String), errMsg: 'cloud.callContainer:ok' });
    const { method, url, headers, body } = result!.data as { method: string; url: string; headers: Record<string, string>; body: unknown };
    expect({ method, url, body }).toEqual({ method: 'POST', url: '/api/steps', body: { day: 1, ticket: '27_abc' } });
    expect(headers).toMatchObject({ 'x-wx-openid': 'oAlice', 'x-wx-appid': 'wxapp', 'x-wx-unionid': 'uAlice', 'x-wx-env': 'prod-env', 'x-wx-source': 'wx_client', 'x-wx-service': 'echo', 'content-type': 'application/json' });
    expect(headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('keeps the page from forging the gateway headers', async () => {
    const result = await mock.cloud!.callContainer!({ path: '/', header: { ...service, 'X-WX-OPENID': 'oMallory', 'x-wx-from-appid': 'wxevil', 'X-Custom': 'kept' } });
    const { headers } = result!.data as { headers: Record<string, string> };
    expect(headers['x-wx-openid']).toBe('oAlice');
    expect(headers).not.toHaveProperty('x-wx-from-appid');
    expect(headers['x-custom']).toBe('kept');
    expect(mock.containerCalls[mock.containerCalls.length - 1]).toMatchObject({ service: 'echo', method: 'GET', path: '/', statusCode: 200 });
  });

  it('sends GET data as a query string, strings and bytes as they are', async () => {
    const get = await mock.cloud!.callContainer!({ path: '/q', header: service, data: { a: 'x y', n: 2 } });
    expect((get!.data as { url: string }).url).toBe('/q?a=x%20y&n=2');
    const text = await mock.cloud!.callContainer!({ path: '/t', method: 'POST', header: { ...service, 'content-type': 'text/plain' }, data: 'hello' });
    expect((text!.data as { body: unknown }).body).toBe('hello');
    const bytes = await mock.cloud!.callContainer!({ path: '/b', method: 'PUT', header: { ...service, 'content-type': 'text/plain' }, data: new Uint8Array([104, 105]) });
    expect((bytes!.data as { body: unknown }).body).toBe('hi');
  });

  it('passes HTTP errors through as results, and leaves a non-JSON body as text', async () => {
    const app = express();
    app.get('/missing', (_req, res) => res.status(404).send('not here'));
    const other = mockWx({ containers: { plain: app } });
    const result = await other.cloud!.callContainer!({ path: '/missing', header: { 'x-wx-service': 'plain' } });
    expect(result).toMatchObject({ statusCode: 404, data: 'not here' });
    const raw = await other.cloud!.callContainer!({ path: '/missing', header: { 'x-wx-service': 'plain' }, responseType: 'arraybuffer' });
    expect(Buffer.from(raw!.data as ArrayBuffer).toString()).toBe('not here');
  });

  it('refuses a request body over 100 KB with -606001 before it is sent', async () => {
    const before = mock.containerCalls.length;
    const error = await failureOf(mock.cloud!.callContainer!({ path: '/', method: 'POST', header: service, data: { big: 'x'.repeat(MAX_CONTAINER_REQUEST_BYTES) } }));
    expect(error).toMatchObject({ errCode: CALL_CONTAINER_ERROR_CODE.REQUEST_TOO_LARGE, errMsg: expect.stringMatching(/^cloud\.callContainer:fail /) });
    expect(mock.containerCalls[before].statusCode).toBeUndefined();
    // exactly at the limit is fine
    const fits = 'x'.repeat(MAX_CONTAINER_REQUEST_BYTES - JSON.stringify({ big: '' }).length);
    expect((await mock.cloud!.callContainer!({ path: '/', method: 'POST', header: service, data: { big: fits } }))!.statusCode).toBe(200);
  });

  it('fails a response over 1 MB with -606002', async () => {
    const app = express();
    app.get('/big', (_req, res) => res.send('y'.repeat(MAX_CONTAINER_RESPONSE_BYTES + 1)));
    app.get('/fits', (_req, res) => res.send('y'.repeat(MAX_CONTAINER_RESPONSE_BYTES)));
    const other = mockWx({ containers: { big: app } });
    const error = await failureOf(other.cloud!.callContainer!({ path: '/big', header: { 'X-WX-SERVICE': 'big' } }));
    expect(error.errCode).toBe(CALL_CONTAINER_ERROR_CODE.RESPONSE_TOO_LARGE);
    expect(((await other.cloud!.callContainer!({ path: '/fits', header: { 'X-WX-SERVICE': 'big' } }))!.data as string).length).toBe(MAX_CONTAINER_RESPONSE_BYTES);
  });

  it('fails, never hangs, when the service breaks off in the middle of its answer', async () => {
    const broken: http.RequestListener = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"partial":');
      setTimeout(() => req.socket.resetAndDestroy(), 10);
    };
    const other = mockWx({ containers: { broken } });
    const error = await failureOf(other.cloud!.callContainer!({ path: '/', service: 'broken', timeout: 5000 }));
    expect(error).toMatchObject({ errCode: -1, errMsg: expect.stringMatching(/^cloud\.callContainer:fail /) });
  });

  it('serves request listeners and http.Servers, started or not', async () => {
    const listener: http.RequestListener = (req, res) => res.end(JSON.stringify({ openid: req.headers['x-wx-openid'] }));
    const listening = http.createServer(listener);
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const other = mockWx({ openid: 'oBob', containers: { listener, idle: http.createServer(listener), listening } });
    for (const name of ['listener', 'idle', 'listening']) {
      expect((await other.cloud!.callContainer!({ path: '/', service: name }))!.data).toEqual({ openid: 'oBob' });
    }
    await other.closeContainers();
    expect(listening.listening).toBe(true);
    await new Promise((resolve) => listening.close(resolve));
  });

  it('delivers to callbacks too', async () => {
    const result = await new Promise((resolve) => mock.cloud!.callContainer!({ path: '/', header: service, success: resolve }));
    expect(result).toMatchObject({ statusCode: 200 });
    const error = await new Promise((resolve) => mock.cloud!.callContainer!({ path: '/', header: { 'X-WX-SERVICE': 'nope' }, fail: resolve }));
    expect(error).toMatchObject({ errMsg: expect.stringContaining('no service named "nope"') });
  });

  it('fails bad parameters with -401003, naming the parameter', async () => {
    expect(await failureOf(mock.cloud!.callContainer!({ path: 42 as never, header: service }))).toMatchObject({ errCode: -401003, errMsg: expect.stringContaining('parameter.path') });
    expect(await failureOf(mock.cloud!.callContainer!({ path: '/', method: 'FETCH', header: service }))).toMatchObject({ errCode: -401003, errMsg: expect.stringContaining('parameter.method') });
    expect(await failureOf(mock.cloud!.callContainer!({ path: '/', method: 'POST', header: service, data: { n: BigInt(10) } }))).toMatchObject({ errCode: -401003, errMsg: expect.stringContaining('parameter.data') });
  });

  it('fails when the service does not answer in time', async () => {
    const silent = mockWx({ containers: { silent: () => undefined } });
    expect(await failureOf(silent.cloud!.callContainer!({ path: '/', service: 'silent', timeout: 50 }))).toMatchObject({ errMsg: 'cloud.callContainer:fail timeout' });
  });

  it('exists from base library 2.23.0', () => {
    expect(createMockWx({ baseLibrary: '2.22.9' }).cloud!.callContainer).toBeUndefined();
    expect(typeof createMockWx({ baseLibrary: '2.23.0' }).cloud!.callContainer).toBe('function');
  });

  it('rejects services that cannot serve, naming the field', () => {
    expect(() => createMockWx({ containers: { broken: 'http://localhost' as never } })).toThrow(/options\.containers\.broken must be an Express app/);
  });
});
