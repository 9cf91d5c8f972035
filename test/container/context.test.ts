import { request } from 'node:http';
import { connect } from 'node:net';
import { getContainerContext, isCloudIdError } from '../../src/container';
import { listen, post } from './http';

/** A GET written on a raw socket, header lines exactly as given; resolves with the whole answer. */
function sendRaw(url: string, lines: string[]): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(['GET / HTTP/1.1', `Host: ${hostname}`, 'Connection: close', ...lines, '', ''].join('\r\n')));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', reject);
  });
}

/** A GET with `headers` as given: an array value goes out as repeated header lines. */
function send(url: string, headers: Record<string, string | string[]>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('getContainerContext', () => {
  it('reads the identity from a real request, whatever the letter case the headers were sent in', async () => {
    const server = await listen((req, res) => res.end(JSON.stringify(getContainerContext(req))));
    try {
      const answer = await post(server.url, {}, { 'X-WX-OPENID': 'oUser', 'x-wx-appid': 'wxApp', 'X-Wx-UnionId': 'uUnion', 'X-WX-ENV': 'prod-1a2b', 'X-WX-SOURCE': 'wx_client' });
      expect(answer.body).toEqual({
        OPENID: 'oUser',
        APPID: 'wxApp',
        UNIONID: 'uUnion',
        ENV: 'prod-1a2b',
        SOURCE: 'wx_client',
        source: ['wx_client'],
        origin: 'wx_client',
        resourceReuse: false,
      });
    } finally {
      await server.close();
    }
  });

  it('parses SOURCE like the cloud-function context does', () => {
    const context = getContainerContext({ 'x-wx-openid': 'o', 'x-wx-source': ' wx_client , ,scf,' });
    expect(context.source).toEqual(['wx_client', 'scf']);
    expect(context.origin).toBe('wx_client');
  });

  it('takes a plain header object in any case, a request-like { headers } and a Fetch Headers', () => {
    expect(getContainerContext({ 'X-WX-OPENID': 'o1' }).OPENID).toBe('o1');
    expect(getContainerContext({ headers: { 'x-wx-openid': 'o2' } }).OPENID).toBe('o2');
    expect(getContainerContext(new Headers({ 'X-WX-OPENID': 'o3' }) as never).OPENID).toBe('o3');
  });

  it('refuses an identity header sent twice on the wire, in any letter case', async () => {
    const seen: unknown[] = [];
    const server = await listen((req, res) => {
      try {
        res.end(JSON.stringify(getContainerContext(req)));
      } catch (error) {
        seen.push(error);
        res.statusCode = 401;
        res.end(JSON.stringify({ code: isCloudIdError(error) && error.code }));
      }
    });
    try {
      // An array header is sent as two header lines, as a caller on the public internet can.
      const twice = await send(server.url, { 'X-WX-OPENID': ['oFirst', 'oSecond'], 'X-WX-APPID': 'wxApp' });
      expect(twice).toEqual({ status: 401, body: { code: 'IDENTITY_HEADER_REPEATED' } });
      const mixedCase = await sendRaw(server.url, ['X-WX-APPID: wxApp', 'x-wx-appid: wxOther', 'X-WX-OPENID: oUser']);
      expect(mixedCase).toMatch(/^HTTP\/1\.1 401 .*IDENTITY_HEADER_REPEATED/s);
      expect(seen).toEqual([
        expect.objectContaining({ code: 'IDENTITY_HEADER_REPEATED', header: 'x-wx-openid', count: 2, message: expect.stringMatching(/x-wx-openid header 2 times/) }),
        expect.objectContaining({ header: 'x-wx-appid', count: 2 }),
      ]);
      // A header that is not an identity header may repeat.
      const other = await send(server.url, { 'X-WX-OPENID': 'oUser', 'X-Trace': ['a', 'b'] });
      expect(other).toMatchObject({ status: 200, body: { OPENID: 'oUser' } });
    } finally {
      await server.close();
    }
  });

  it('refuses an identity header given twice in a header record, and reads Koa-like contexts through their req', () => {
    expect(() => getContainerContext({ 'x-wx-openid': ['first', 'second'] })).toThrow(expect.objectContaining({ code: 'IDENTITY_HEADER_REPEATED' }));
    expect(getContainerContext({ 'x-wx-openid': ['only'] }).OPENID).toBe('only');
    const koaLike = { headers: { 'x-wx-openid': 'oFirst, oSecond' }, req: { rawHeaders: ['X-WX-OPENID', 'oFirst', 'X-WX-OPENID', 'oSecond'] } };
    expect(() => getContainerContext(koaLike)).toThrow(/x-wx-openid header 2 times/);
  });

  it('reads resource reuse from the FROM_* headers, with no X-WX-OPENID', () => {
    const context = getContainerContext({
      'x-wx-from-openid': 'oCaller',
      'x-wx-from-appid': 'wxCaller',
      'x-wx-from-unionid': 'uCaller',
      'x-wx-appid': 'wxOwner',
    });
    expect(context).toMatchObject({ FROM_OPENID: 'oCaller', FROM_APPID: 'wxCaller', FROM_UNIONID: 'uCaller', APPID: 'wxOwner', resourceReuse: true });
    expect(context.OPENID).toBeUndefined();
  });

  it('leaves out headers that are absent or empty', () => {
    const context = getContainerContext({ 'x-wx-openid': 'o', 'x-wx-unionid': '' });
    expect(Object.keys(context).sort()).toEqual(['OPENID', 'origin', 'resourceReuse', 'source']);
  });

  it('refuses a request that did not come through the gateway, with a typed error naming the headers', () => {
    let thrown: unknown;
    try {
      getContainerContext({ 'x-wx-appid': 'wxApp', 'x-wx-source': 'wx_client', 'x-wx-openid': '' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'NOT_FROM_WECHAT_GATEWAY' });
    expect(isCloudIdError(thrown) && thrown.code).toBe('NOT_FROM_WECHAT_GATEWAY');
    expect((thrown as Error).message).toMatch(/x-wx-openid or x-wx-from-openid.*callContainer/);
  });

  it('refuses what is not a request or headers', () => {
    expect(() => getContainerContext(null as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'getContainerContext(req)', message: expect.stringMatching(/the request, or its headers/) }));
    expect(() => getContainerContext('x-wx-openid' as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'getContainerContext(req)' }));
  });
});
