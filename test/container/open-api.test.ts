import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOpenApi, isCloudIdError } from '../../src/container';
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

  it('says how to allow the API when the console does not (errcode -604101)', async () => {
    const strict = await createMockOpenApi({ wx, allowed: ['/wxa/business/getuserphonenumber'] });
    try {
      const error = await rejection(createOpenApi({ baseUrl: strict.url }).getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID }));
      expect(error).toMatchObject({ code: 'OPEN_API_NOT_ALLOWED' });
      expect(isCloudIdError(error) && error.code).toBe('OPEN_API_NOT_ALLOWED');
      expect(error.message).toMatch(/errcode -604101/);
      expect(error.message).toMatch(/add \/wxa\/getopendata to the allowed APIs/);
      strict.allow(['/wxa/getopendata']);
      await expect(createOpenApi({ baseUrl: strict.url }).getOpenData([wx.issueCloudId('getWeRunData')], { openid: DEFAULT_OPENID })).resolves.toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it('maps other errcodes to their errors', async () => {
    for (const [errcode, code] of [
      [48001, 'OPEN_API_NOT_ALLOWED'],
      [45011, 'OPEN_API_RATE_LIMITED'],
      [-1, 'OPEN_API_FAILED'],
      [40003, 'OPEN_API_FAILED'],
    ] as const) {
      const stub = await serviceAnswering(json({ errcode, errmsg: 'from WeChat' }));
      try {
        const error = await rejection(createOpenApi({ baseUrl: stub.url }).getOpenData(['27_x'], { openid: 'o' }));
        expect(error).toMatchObject({ code, errcode, errmsg: 'from WeChat', path: '/wxa/getopendata' });
      } finally {
        await stub.close();
      }
    }
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
      expect(error.message).toMatch(/add \/wxa\/business\/getuserphonenumber to the allowed APIs/);
    } finally {
      await strict.close();
    }
  });

  it('checks the code before sending it', async () => {
    await expect(createOpenApi({ baseUrl: service.url }).getPhoneNumber('')).rejects.toThrow(/code must be the non-empty phone code/);
  });
});
