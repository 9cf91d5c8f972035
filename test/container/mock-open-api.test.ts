import { Agent, request } from 'node:http';
import { createMockOpenApi, createMockWx, DEFAULT_OPENID, type MockOpenApiService } from '../../src/testing';

/** A raw request to the mock, to see what it answers to what a client library would never send. */
function send(url: string, method: string, body: string, agent?: Agent): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A POST whose answer is kept as text: the status and the body as they came. */
function sendRaw(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('createMockOpenApi', () => {
  const wx = createMockWx();
  let service: MockOpenApiService;
  beforeAll(async () => {
    service = await createMockOpenApi({ wx });
  });
  afterAll(() => service.close());

  it('listens on an ephemeral port of 127.0.0.1', () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers data_list entries whose json is a string, and records the request', async () => {
    const id = wx.issueCloudId('getShareInfo');
    const answer = await send(`${service.url}/wxa/getopendata?openid=${DEFAULT_OPENID}`, 'POST', JSON.stringify({ cloudid_list: [id] }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ errcode: 0, errmsg: 'ok', data_list: [{ cloud_id: id, json: expect.any(String) }] });
    const json = JSON.parse((answer.body.data_list as { json: string }[])[0].json);
    expect(json).toEqual({ cloudID: id, data: { openGId: expect.any(String), watermark: expect.any(Object) } });
    expect(service.requests[service.requests.length - 1]).toEqual({ method: 'POST', path: '/wxa/getopendata', query: { openid: DEFAULT_OPENID }, body: { cloudid_list: [id] }, status: 200, answer: answer.body });
  });

  it("answers what WeChat's global error codes say for a body it cannot use", async () => {
    expect((await send(`${service.url}/wxa/getopendata`, 'POST', '{oops')).body).toMatchObject({ errcode: 47001 });
    expect((await send(`${service.url}/wxa/getopendata`, 'POST', '{}')).body).toMatchObject({ errcode: 40097 });
    expect((await send(`${service.url}/wxa/getopendata`, 'POST', '{"cloudid_list": []}')).body).toMatchObject({ errcode: 40097 });
  });

  it('answers 404 for another path and 405 for another method', async () => {
    expect((await send(`${service.url}/cgi-bin/token`, 'POST', '{}')).status).toBe(404);
    expect((await send(`${service.url}/wxa/getopendata`, 'GET', '')).status).toBe(405);
  });

  it('refuses a phone code issued to another mini program with 40013', async () => {
    const other = createMockWx({ platform: wx, appid: 'wxOtherApp' });
    const answer = await send(`${service.url}/wxa/business/getuserphonenumber`, 'POST', JSON.stringify({ code: other.issuePhoneCode() }));
    expect(answer.body).toMatchObject({ errcode: 40013 });
  });

  it("answers a path not in the whitelist with 85107, every failure's errmsg ending with a request id", async () => {
    const strict = await createMockOpenApi({ wx, allowed: ['/wxa/business/getuserphonenumber'] });
    try {
      const answer = await send(`${strict.url}/wxa/getopendata?openid=${DEFAULT_OPENID}`, 'POST', JSON.stringify({ cloudid_list: [wx.issueCloudId('getWeRunData')] }));
      expect(answer).toEqual({ status: 200, body: { errcode: 85107, errmsg: expect.stringMatching(/^URL不在白名单内.* rid: [0-9a-f]{8}$/) } });
    } finally {
      await strict.close();
    }
  });

  it('answers every call with the setup mistake it is given, until it is set right', async () => {
    const mistaken = await createMockOpenApi({ wx, setupError: 'initialising' });
    try {
      const body = JSON.stringify({ cloudid_list: [wx.issueCloudId('getWeRunData')] });
      expect((await send(`${mistaken.url}/wxa/getopendata`, 'POST', body)).body).toMatchObject({ errcode: 85113, errmsg: expect.stringMatching(/^cloudbase_token is not ready yet/) });
      mistaken.setSetupError('access-token-expired');
      expect((await send(`${mistaken.url}/wxa/business/getuserphonenumber`, 'POST', '{}')).body).toMatchObject({ errcode: 42001 });
      mistaken.setSetupError('not-in-whitelist-502');
      const page = await sendRaw(`${mistaken.url}/wxa/getopendata`, body);
      expect(page).toMatchObject({ status: 502, text: expect.stringMatching(/^<html>.*502 Bad Gateway/) });
      mistaken.setSetupError(undefined);
      expect((await send(`${mistaken.url}/wxa/getopendata?openid=${DEFAULT_OPENID}`, 'POST', body)).body).toMatchObject({ errcode: 0 });
      expect(() => mistaken.setSetupError('typo' as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringMatching(/setSetupError\(mistake\) must be one of service-off, .*not-in-whitelist-502/) }));
    } finally {
      await mistaken.close();
    }
  });

  it('counts the connections clients open', async () => {
    const counted = await createMockOpenApi({ wx });
    try {
      const agent = new Agent({ keepAlive: true });
      for (let call = 0; call < 3; call++) await send(`${counted.url}/wxa/getopendata`, 'POST', '{}', agent);
      expect(counted.connections).toBe(1);
      await send(`${counted.url}/wxa/getopendata`, 'POST', '{}', new Agent({ keepAlive: false }));
      expect(counted.connections).toBe(2);
      agent.destroy();
    } finally {
      await counted.close();
    }
  });

  it('closes the connection on a request body over 1 MB, recording nothing', async () => {
    const before = service.requests.length;
    await expect(send(`${service.url}/wxa/getopendata`, 'POST', JSON.stringify({ cloudid_list: ['x'.repeat(2 * 1024 * 1024)] }))).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
    expect(service.requests.length).toBe(before);
  });

  it('checks its options', async () => {
    await expect(createMockOpenApi({} as never)).rejects.toThrow(/options\.wx must be a mock wx from createMockWx/);
    await expect(createMockOpenApi({ wx, allowed: ['/wxa/other' as never] })).rejects.toThrow(/allowed must list paths among/);
    await expect(createMockOpenApi({ wx, delayMs: -1 })).rejects.toThrow(/delayMs/);
    expect(() => service.allow(['/nope' as never])).toThrow(/allow\(paths\) must list paths/);
  });

  it('closes: nothing listens at its address afterwards', async () => {
    const short = await createMockOpenApi({ wx });
    await short.close();
    await expect(send(`${short.url}/wxa/getopendata`, 'POST', '{}')).rejects.toThrow(/ECONNREFUSED/);
  });
});
