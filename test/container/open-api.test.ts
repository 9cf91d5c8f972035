import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOpenApi } from '../../src/container';
import { createMockOpenApi, createMockWx, DEFAULT_APPID, DEFAULT_OPENID, type MockOpenApiService } from '../../src/testing';
import { listen } from './http';

/** A stand-in service answering every request with `answer` (or never, for `undefined`). */
async function serviceAnswering(answer: ((req: IncomingMessage, res: ServerResponse) => void) | undefined) {
  const received: { url: string; body: string }[] = [];
  const server = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString() });
      if (answer) answer(req, res);
    });
  });
  return { ...server, received };
}

const json = (value: unknown) => (_req: IncomingMessage, res: ServerResponse) => res.end(JSON.stringify(value));

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('createOpenApi().getOpenData', () => {
  let service: MockOpenApiService;
  const wx = createMockWx();
  beforeAll(async () => {
    service = await createMockOpenApi({ wx });
  });
  afterAll(() => service.close());

  it('exchanges every id in one request, each json string parsed, in the order given', async () => {
    const steps = wx.issueCloudId('getWeRunData');
    const share = wx.issueCloudId('getShareInfo');
    const before = service.requests.length;
    const items = await createOpenApi({ baseUrl: service.url }).getOpenData([share, steps], { openid: DEFAULT_OPENID });
    expect(service.requests.length - before).toBe(1);
    const request = service.requests[service.requests.length - 1];
    expect(request).toMatchObject({ method: 'POST', path: '/wxa/getopendata', query: { openid: DEFAULT_OPENID }, body: { cloudid_list: [share, steps] } });
    // The service sends json as a string, as WeChat does.
    expect(typeof (request.answer.data_list as { json: unknown }[])[0].json).toBe('string');
    expect(items.map((item) => item.cloudID)).toEqual([share, steps]);
    expect(items[0]).toMatchObject({ ok: true, data: { openGId: expect.any(String), watermark: { appid: DEFAULT_APPID } } });
    expect(items[1]).toMatchObject({ ok: true, data: { stepInfoList: expect.any(Array) } });
  });

  it('keeps each failure with its own id: expired, issued to another user, unknown', async () => {
    const expired = wx.issueCloudId('getWeRunData');
    wx.clock.advance(5 * 60 * 1000);
    const fresh = wx.issueCloudId('getWeRunData');
    const someoneElses = wx.issueCloudId('getWeRunData', { openid: 'oSomeoneElse' });
    const items = await createOpenApi({ baseUrl: service.url }).getOpenData([expired, fresh, someoneElses, '27_unknown'], { openid: DEFAULT_OPENID });
    expect(items).toEqual([
      { ok: false, cloudID: expired, errCode: -601006, errMsg: 'cloudID expired.' },
      expect.objectContaining({ ok: true, cloudID: fresh }),
      { ok: false, cloudID: someoneElses, errCode: -601007, errMsg: expect.any(String) },
      { ok: false, cloudID: '27_unknown', errCode: -601005, errMsg: expect.any(String) },
    ]);
  });

  it('sends from_appid and the FROM openid under resource reuse', async () => {
    const owner = createMockWx({ platform: wx, appid: 'wxCallerApp', openid: 'oCallerUser' });
    const id = owner.issueCloudId('getWeRunData');
    const api = createOpenApi({ baseUrl: service.url });
    const [item] = await api.getOpenData([id], { openid: 'oCallerUser', fromAppid: 'wxCallerApp' });
    expect(item).toMatchObject({ ok: true, data: { watermark: { appid: 'wxCallerApp' } } });
    expect(service.requests[service.requests.length - 1].query).toEqual({ from_appid: 'wxCallerApp', openid: 'oCallerUser' });
    // Without from_appid the id belongs to another mini program: WeChat says it is not the caller's.
    const [without] = await api.getOpenData([id], { openid: 'oCallerUser' });
    expect(without).toMatchObject({ ok: false, errCode: -601007 });
  });

  it('reads json given as an object too (the reference prints it so), matching entries by cloud_id', async () => {
    const stub = await serviceAnswering(
      json({
        errcode: 0,
        errmsg: 'ok',
        data_list: [
          { cloud_id: 'b', json: { cloudID: 'b', data: { n: 2 } } },
          { cloud_id: 'a', json: JSON.stringify({ cloudID: 'a', data: { n: 1 } }) },
        ],
      }),
    );
    try {
      const items = await createOpenApi({ baseUrl: stub.url }).getOpenData(['a', 'b', 'c'], { openid: 'o' });
      expect(items).toEqual([
        { ok: true, cloudID: 'a', data: { n: 1 } },
        { ok: true, cloudID: 'b', data: { n: 2 } },
        { ok: false, cloudID: 'c', errMsg: '/wxa/getopendata returned no entry for this cloudID.' },
      ]);
    } finally {
      await stub.close();
    }
  });

  it('says how to allow the API when its path is not in the whitelist (errcode 85107)', async () => {
    const strict = await createMockOpenApi({ wx, allowed: ['/wxa/business/getuserphonenumber'] });
    try {
      const error = await rejection(createOpenApi({ baseUrl: strict.url }).getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID }));
      expect(error).toMatchObject({ code: 'OPEN_API_NOT_ALLOWED' });
      expect(error).toMatchObject({ code: 'OPEN_API_NOT_ALLOWED', reason: 'not-in-whitelist', errcode: 85107, status: 502, upstreamStatus: 200 });
      expect(error.message).toMatch(/errcode 85107/);
      expect(error.message).toMatch(/add \/wxa\/getopendata to the open-API service's whitelist: Cloud Hosting console, 服务管理 > 云调用 > 微信令牌/);
      strict.allow(['/wxa/getopendata']);
      await expect(createOpenApi({ baseUrl: strict.url }).getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID })).resolves.toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it('maps other errcodes to their errors', async () => {
    for (const [errcode, code] of [
      [48001, 'OPEN_API_NOT_ALLOWED'],
      [85105, 'OPEN_API_NOT_ALLOWED'],
      [-604101, 'OPEN_API_NOT_ALLOWED'],
      [45011, 'OPEN_API_RATE_LIMITED'],
      [-1, 'OPEN_API_FAILED'],
      [40003, 'OPEN_API_FAILED'],
    ] as const) {
      const stub = await serviceAnswering(json({ errcode, errmsg: 'from WeChat' }));
      try {
        const error = await rejection(createOpenApi({ baseUrl: stub.url }).getOpenData(['27_x'], { openid: 'o' }));
        expect(error).toMatchObject({ code, errcode, errmsg: 'from WeChat', path: '/wxa/getopendata', status: 502, statusCode: 502, expose: false, upstreamStatus: 200 });
      } finally {
        await stub.close();
      }
    }
  });

  it.each([
    ['service-off', { code: 'OPEN_API_NOT_READY', reason: 'service-off', errcode: 41001 }, /switch on the open-API service \(开放接口服务\).*publish a new version/],
    ['initialising', { code: 'OPEN_API_NOT_READY', reason: 'initialising', errcode: 85113 }, /not initialised yet.*wait a few minutes and try again/],
    ['access-token-expired', { code: 'OPEN_API_ACCESS_TOKEN_EXPIRED', errcode: 42001 }, /sent an access_token of its own; remove it/],
    ['api-unauthorized', { code: 'OPEN_API_NOT_ALLOWED', reason: 'api-unauthorized', errcode: 48001 }, /lacks \/wxa\/getopendata: apply for it.*from_appid/],
    ['not-in-whitelist', { code: 'OPEN_API_NOT_ALLOWED', reason: 'not-in-whitelist', errcode: 85107 }, /whitelist/],
    ['not-in-whitelist-502', { code: 'OPEN_API_NOT_ALLOWED', reason: 'not-in-whitelist', upstreamStatus: 502 }, /HTTP 502 without an errcode.*whitelist.*If it is there already/],
    ['link-failure', { code: 'OPEN_API_LINK_FAILURE', errcode: 85112 }, /link failure on WeChat's side; file a ticket/],
  ] as const)('names the fix for the setup mistake %s, as the mock service simulates it', async (setupError, fields, fix) => {
    const misconfigured = await createMockOpenApi({ wx, setupError });
    try {
      const error = await rejection(createOpenApi({ baseUrl: misconfigured.url }).getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID }));
      expect(error).toMatchObject({ ...fields, status: 502, path: '/wxa/getopendata' });
      expect(error.message).toMatch(fix);
      if (setupError === 'not-in-whitelist-502') expect(error).not.toHaveProperty('errcode');
      // Fixed in the console: the next call goes through.
      misconfigured.setSetupError(undefined);
      await expect(createOpenApi({ baseUrl: misconfigured.url }).getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID })).resolves.toEqual([expect.objectContaining({ ok: true })]);
    } finally {
      await misconfigured.close();
    }
  });

  it('keeps 45011 a rate limit, apart from the setup errors', async () => {
    const stub = await serviceAnswering(json({ errcode: 45011, errmsg: 'api minute-quota reach limit' }));
    try {
      await expect(createOpenApi({ baseUrl: stub.url }).getOpenData(['27_x'], { openid: 'o' })).rejects.toMatchObject({ code: 'OPEN_API_RATE_LIMITED', errcode: 45011 });
    } finally {
      await stub.close();
    }
  });

  it('answers an id longer than any cloudID itself, sending only the others', async () => {
    const id = wx.issueCloudId('getWeRunData');
    const junk = `27_${'x'.repeat(600)}`;
    const before = service.requests.length;
    const items = await createOpenApi({ baseUrl: service.url }).getOpenData([junk, id], { openid: DEFAULT_OPENID });
    expect(items).toEqual([{ ok: false, cloudID: junk, errMsg: expect.stringMatching(/Not sent: 603 characters, longer than any cloudID \(512\)/) }, expect.objectContaining({ ok: true, cloudID: id })]);
    expect(service.requests.slice(before).map((request) => request.body)).toEqual([{ cloudid_list: [id] }]);
    await expect(createOpenApi({ baseUrl: service.url }).getOpenData([junk], { openid: DEFAULT_OPENID })).resolves.toEqual([expect.objectContaining({ ok: false })]);
    expect(service.requests.length).toBe(before + 1);
  });

  it('fails with a timeout error, never hangs, when the service does not answer', async () => {
    const silent = await serviceAnswering(undefined);
    try {
      const started = Date.now();
      const error = await rejection(createOpenApi({ baseUrl: silent.url, timeoutMs: 150 }).getOpenData(['27_x'], { openid: 'o' }));
      expect(error).toMatchObject({ code: 'OPEN_API_TIMEOUT' });
      expect(error).toMatchObject({ code: 'OPEN_API_TIMEOUT', timeoutMs: 150 });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await silent.close();
    }
  });

  it('times out a service that answers too slowly, too (the mock delayMs)', async () => {
    const slow = await createMockOpenApi({ wx, delayMs: 400 });
    try {
      await expect(createOpenApi({ baseUrl: slow.url, timeoutMs: 100 }).getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID })).rejects.toMatchObject({ code: 'OPEN_API_TIMEOUT' });
    } finally {
      await slow.close();
    }
  });

  it('says where the service is when nothing listens there', async () => {
    const gone = await serviceAnswering(undefined);
    await gone.close();
    const error = await rejection(createOpenApi({ baseUrl: gone.url }).getOpenData(['27_x'], { openid: 'o' }));
    expect(error).toMatchObject({ code: 'OPEN_API_UNREACHABLE' });
    expect(error.message).toMatch(/only inside Cloud Hosting.*createMockOpenApi\(\)\.url/);
  });

  it('refuses answers that are not what the API documents', async () => {
    for (const [answer, pattern] of [
      [(_req: IncomingMessage, res: ServerResponse) => res.end('<html>gateway</html>'), /not JSON/],
      [json({ errcode: 0, errmsg: 'ok' }), /no data_list/],
      [json({ errcode: 0, data_list: [{ cloud_id: 'a', json: '{not json' }] }), /data_list\[0\]\.json is not valid JSON/],
      [(_req: IncomingMessage, res: ServerResponse) => ((res.statusCode = 503), res.end('{}')), /HTTP 503/],
    ] as const) {
      const stub = await serviceAnswering(answer);
      try {
        const error = await rejection(createOpenApi({ baseUrl: stub.url }).getOpenData(['a'], { openid: 'o' }));
        expect(error).toMatchObject({ code: 'OPEN_API_BAD_RESPONSE' });
        expect(error.message).toMatch(pattern);
      } finally {
        await stub.close();
      }
    }
  });

  it('checks its arguments before sending anything', async () => {
    const api = createOpenApi({ baseUrl: service.url });
    await expect(api.getOpenData('27_x' as never, { openid: 'o' })).rejects.toThrow(/ids must be an array/);
    await expect(api.getOpenData('27_x' as never, { openid: 'o' })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'ids' });
    await expect(api.getOpenData(['27_x', ''], { openid: 'o' })).rejects.toThrow(/ids\[1\] must be a non-empty cloudID string/);
    await expect(api.getOpenData(['27_x'], {} as never)).rejects.toThrow(/caller\.openid must be the user's openid/);
    await expect(api.getOpenData([], { openid: 'o' })).resolves.toEqual([]);
    expect(() => createOpenApi({ baseUrl: 'https://api.weixin.qq.com' })).toThrow(/http: URL/);
    expect(() => createOpenApi({ timeoutMs: 0 })).toThrow(/timeoutMs must be a number of milliseconds above 0/);
    expect(() => createOpenApi({ agent: {} as never })).toThrow(/agent must be an http.Agent/);
    expect(createOpenApi()).toMatchObject({ baseUrl: 'http://api.weixin.qq.com', timeoutMs: 5000 });
  });
});

describe('createOpenApi().getPhoneNumber', () => {
  const wx = createMockWx();
  let service: MockOpenApiService;
  beforeAll(async () => {
    service = await createMockOpenApi({ wx });
  });
  afterAll(() => service.close());

  it('redeems a phone code for phone_info, once', async () => {
    const code = wx.issuePhoneCode();
    const api = createOpenApi({ baseUrl: service.url });
    const info = await api.getPhoneNumber(code, { openid: DEFAULT_OPENID });
    expect(info).toEqual({ phoneNumber: expect.any(String), purePhoneNumber: expect.any(String), countryCode: expect.any(String), watermark: { appid: DEFAULT_APPID, timestamp: Math.floor(wx.clock.now() / 1000) } });
    expect(service.requests[service.requests.length - 1]).toMatchObject({ path: '/wxa/business/getuserphonenumber', query: { openid: DEFAULT_OPENID }, body: { code } });
    const again = await rejection(api.getPhoneNumber(code, { openid: DEFAULT_OPENID }));
    expect(again).toMatchObject({ code: 'PHONE_CODE_INVALID' });
    expect(again).toMatchObject({ code: 'PHONE_CODE_INVALID', errcode: 40029 });
    expect(again.message).toMatch(/ask the user to tap the button again/);
  });

  it('refuses an expired code and a code of another user', async () => {
    const api = createOpenApi({ baseUrl: service.url });
    const old = wx.issuePhoneCode();
    wx.clock.advance(5 * 60 * 1000);
    await expect(api.getPhoneNumber(old, { openid: DEFAULT_OPENID })).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' });
    await expect(api.getPhoneNumber(wx.issuePhoneCode({ openid: 'oSomeoneElse' }), { openid: DEFAULT_OPENID })).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' });
  });

  it('says how to allow the phone API when the console does not', async () => {
    const strict = await createMockOpenApi({ wx, allowed: ['/wxa/getopendata'] });
    try {
      const error = await rejection(createOpenApi({ baseUrl: strict.url }).getPhoneNumber(wx.issuePhoneCode()));
      expect(error).toMatchObject({ code: 'OPEN_API_NOT_ALLOWED' });
      expect(error.message).toMatch(/add \/wxa\/business\/getuserphonenumber to the open-API service's whitelist/);
    } finally {
      await strict.close();
    }
  });

  it('checks the code before sending it', async () => {
    await expect(createOpenApi({ baseUrl: service.url }).getPhoneNumber('')).rejects.toThrow(/code must be the non-empty phone code/);
  });
});

describe('connections to the open-API service', () => {
  const wx = createMockWx();
  let service: MockOpenApiService;
  const nodeDefault = http.globalAgent;
  beforeEach(async () => {
    service = await createMockOpenApi({ wx });
    // As on Node 16 and 18, whose global agent opens a connection per request.
    http.globalAgent = new http.Agent({ keepAlive: false });
  });
  afterEach(async () => {
    http.globalAgent.destroy();
    http.globalAgent = nodeDefault;
    await service.close();
  });

  it('keeps one connection alive across calls by default, whatever the global agent does', async () => {
    const api = createOpenApi({ baseUrl: service.url });
    for (let call = 0; call < 20; call++) await api.getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID });
    expect(service.requests).toHaveLength(20);
    expect(service.connections).toBe(1);
  });

  it('uses the agent it is given: one without keep-alive opens a connection per call', async () => {
    const agent = new http.Agent({ keepAlive: false });
    const api = createOpenApi({ baseUrl: service.url, agent });
    for (let call = 0; call < 5; call++) await api.getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID });
    expect(service.connections).toBe(5);
  });

  it('retries once, on a new connection, a kept-alive connection the service closed while it was idle', async () => {
    const answered: number[] = [];
    const server = await listen((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      req.resume();
      req.on('end', () => {
        // The service drops an idle connection just as the client reuses it: a reset before any answer.
        if (socket.served === 2) return socket.resetAndDestroy();
        answered.push(socket.served ?? 0);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 0, data_list: [] }));
      });
    });
    try {
      const api = createOpenApi({ baseUrl: server.url, agent: new http.Agent({ keepAlive: true }) });
      await expect(api.getOpenData(['27_a'], { openid: 'o' })).resolves.toHaveLength(1);
      await expect(api.getOpenData(['27_b'], { openid: 'o' })).resolves.toHaveLength(1);
      expect(answered).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
