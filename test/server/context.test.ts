import { getContext, isCloudIdError, parseSource } from '../../src/server';
import { createMockCloud } from '../../src/testing';
import { withEnv } from './env';
import { APPID, clientContext, fakeCloud, OPENID, openDataInfo } from './fixtures';

describe('parseSource', () => {
  it('splits a call chain in order', () => {
    expect(parseSource('wx_client,scf')).toEqual(['wx_client', 'scf']);
  });

  it('keeps values WeChat does not document, as they are', () => {
    expect(parseSource('wx_client,scf,my_gateway')).toEqual(['wx_client', 'scf', 'my_gateway']);
  });

  it('trims spaces and drops blanks', () => {
    expect(parseSource(' wx_client , ,scf,')).toEqual(['wx_client', 'scf']);
  });

  it('gives [] for an empty or absent SOURCE', () => {
    expect(parseSource('')).toEqual([]);
    expect(parseSource(undefined)).toEqual([]);
    expect(parseSource(null)).toEqual([]);
  });
});

describe('getContext', () => {
  it('returns the raw fields plus the parsed source, origin and open-data keys', () => {
    const context = getContext(fakeCloud(clientContext({ UNIONID: 'u-1', CLIENTIP: '10.0.0.1', SOURCE: 'wx_client,scf' })));
    expect(context).toMatchObject({ OPENID, APPID, UNIONID: 'u-1', CLIENTIP: '10.0.0.1', ENV: 'prod-1a2b', SOURCE: 'wx_client,scf' });
    expect(context.source).toEqual(['wx_client', 'scf']);
    expect(context.origin).toBe('wx_client');
    expect(context.openDataKeys).toEqual(['weRunData']);
    expect(context.localDebug).toBe(false);
  });

  it('gives an empty chain and no origin when SOURCE is absent', () => {
    const context = getContext(fakeCloud({ ENV: 'prod-1a2b' }));
    expect(context.source).toEqual([]);
    expect(context.origin).toBeUndefined();
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not JSON', '{keys: [weRunData]'],
    ['JSON null', 'null'],
    ['keys not an array', JSON.stringify({ keys: 'weRunData' })],
    ['without keys', JSON.stringify({ list: ['weRunData'] })],
  ])('lists no open-data keys when OPEN_DATA_INFO is %s, without throwing', (_, info) => {
    expect(getContext(fakeCloud(clientContext({ OPEN_DATA_INFO: info }))).openDataKeys).toEqual([]);
  });

  it('keeps only the string keys of OPEN_DATA_INFO', () => {
    const info = JSON.stringify({ keys: ['weRunData', 7, '', null, 'phone'] });
    expect(getContext(fakeCloud(clientContext({ OPEN_DATA_INFO: info }))).openDataKeys).toEqual(['weRunData', 'phone']);
  });

  it('recognises local debugging by ENV "local" (where SOURCE is wx_client)', () => {
    const context = getContext(fakeCloud({ APPID, OPENID, ENV: 'local', SOURCE: 'wx_client' }));
    expect(context.localDebug).toBe(true);
    expect(context.origin).toBe('wx_client');
  });

  it('recognises local debugging by wx_localdebug in the chain', () => {
    expect(getContext(fakeCloud({ APPID, ENV: 'prod-1a2b', SOURCE: 'wx_localdebug' })).localDebug).toBe(true);
  });

  it('reads a context the way wx-server-sdk reads the environment, all-digit values back as strings', () => {
    const variables = {
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_CLIENTIP,WX_OPEN_DATA_INFO',
      WX_OPENID: OPENID,
      WX_APPID: APPID,
      WX_CLIENTIP: '3232235777',
      WX_OPEN_DATA_INFO: openDataInfo('weRunData', 'phone'),
      TCB_ENV: '20240101',
      TCB_SOURCE: 'wx_client,scf',
    };
    const context = withEnv(variables, () => getContext(createMockCloud()));
    expect(context).toMatchObject({ OPENID, APPID, CLIENTIP: '3232235777', ENV: '20240101' });
    expect(context.source).toEqual(['wx_client', 'scf']);
    expect(context.openDataKeys).toEqual(['weRunData', 'phone']);
  });

  it('says so clearly outside exports.main, where wx-server-sdk has no context ({})', () => {
    let caught: unknown;
    try {
      getContext(createMockCloud());
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'NOT_IN_CLOUD_FUNCTION' });
    expect(isCloudIdError(caught) && caught.code).toBe('NOT_IN_CLOUD_FUNCTION');
    expect((caught as Error).message).toMatch(/inside exports\.main/);
  });

  it('treats a getWXContext that returns nothing as outside a cloud function', () => {
    expect(() => getContext({ getWXContext: () => undefined })).toThrow(expect.objectContaining({ code: 'NOT_IN_CLOUD_FUNCTION' }));
  });

  it('rejects something that is not wx-server-sdk\'s cloud, naming the fix', () => {
    expect(() => getContext({} as never)).toThrow(/^cloud must be wx-server-sdk's cloud object, the one with getWXContext: pass require\('wx-server-sdk'\), got an object$/);
    expect(() => getContext(undefined as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'cloud' }));
  });

  it('does not change the object getWXContext returned', () => {
    const raw = clientContext({ ENV: 12345 });
    const snapshot = structuredClone(raw);
    getContext({ getWXContext: () => raw });
    expect(raw).toEqual(snapshot);
  });
});
