import { getContainerContext, isCloudIdError } from '../../src/container';
import { listen, post } from './http';

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

  it('keeps the first value of a header sent twice', () => {
    expect(getContainerContext({ 'x-wx-openid': ['first', 'second'] }).OPENID).toBe('first');
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
