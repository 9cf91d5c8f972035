import { request } from 'node:http';
import { createMockOpenApi, createMockWx, DEFAULT_OPENID, type MockOpenApiService } from '../../src/testing';

/** A raw request to the mock, to see what it answers to what a client library would never send. */
function send(url: string, method: string, body: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
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
