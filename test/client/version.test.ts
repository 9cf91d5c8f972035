import { compareVersion, createCloudId, isCloudIdError, MIN_BASE_LIBRARY, type WxLike } from '../../src/client';
import { CLOUD_ID_IN_RESULT_SINCE, CLOUD_ID_SINCE, OPEN_DATA_API_SINCE, type CloudIdApi } from '../../src/core/rules';

describe('compareVersion', () => {
  it.each([
    ['2.10.4', '2.7.0', 1],
    ['2.7.0', '2.10.4', -1],
    ['2.7.0', '2.7.0', 0],
    ['2.7', '2.7.0', 0],
    ['2.6.9', '2.7.0', -1],
    ['3', '2.99.99', 1],
    ['', '0.0.0', 0],
  ])('compareVersion(%j, %j) is %i', (a, b, expected) => {
    expect(compareVersion(a, b)).toBe(expected);
  });
});

describe('MIN_BASE_LIBRARY', () => {
  it('is, for each source, the latest of the API, cloudID in its result and wx.cloud.CloudID', () => {
    const latest = (...versions: string[]) => versions.reduce((a, b) => (compareVersion(a, b) < 0 ? b : a));
    for (const api of Object.keys(OPEN_DATA_API_SINCE) as CloudIdApi[]) {
      expect([api, MIN_BASE_LIBRARY[api]]).toEqual([api, latest(OPEN_DATA_API_SINCE[api], CLOUD_ID_IN_RESULT_SINCE[api], CLOUD_ID_SINCE)]);
    }
    expect(Object.keys(MIN_BASE_LIBRARY).sort()).toEqual(
      [...Object.keys(OPEN_DATA_API_SINCE), 'cloud', 'CloudID', 'Cloud', 'callContainer', 'getGroupEnterInfoInMessageCard', 'getGroupEnterInfoInSingleChat'].sort(),
    );
  });

  it('gates the getGroupEnterInfo entry points newer than the API on their own versions, callContainer on 2.23.0 and Cloud instances on 2.13.0', () => {
    expect([MIN_BASE_LIBRARY.getGroupEnterInfoInMessageCard, MIN_BASE_LIBRARY.getGroupEnterInfoInSingleChat, MIN_BASE_LIBRARY.callContainer, MIN_BASE_LIBRARY.Cloud]).toEqual([
      '2.17.3',
      '3.7.8',
      '2.23.0',
      '2.13.0',
    ]);
    for (const feature of ['getGroupEnterInfoInMessageCard', 'getGroupEnterInfoInSingleChat'] as const) {
      expect(compareVersion(MIN_BASE_LIBRARY[feature], MIN_BASE_LIBRARY.getGroupEnterInfo)).toBe(1);
    }
    const client = clientWith({ getAppBaseInfo: () => ({ SDKVersion: '2.20.0' }) });
    expect(client.isBaseLibraryAtLeast('getGroupEnterInfo')).toBe(true);
    expect(client.isBaseLibraryAtLeast('getGroupEnterInfoInMessageCard')).toBe(true);
    expect(client.isBaseLibraryAtLeast('getGroupEnterInfoInSingleChat')).toBe(false);
    expect(() => client.assertBaseLibrary('getGroupEnterInfoInSingleChat')).toThrow(/getGroupEnterInfoInSingleChat needs base library 3\.7\.8\+, this is 2\.20\.0/);
  });
});

function clientWith(wx: WxLike) {
  return createCloudId({ wx });
}

describe('baseLibraryVersion', () => {
  it('reads wx.getAppBaseInfo().SDKVersion', () => {
    expect(clientWith({ getAppBaseInfo: () => ({ SDKVersion: '3.7.8' }), getSystemInfoSync: () => ({ SDKVersion: '1.0.0' }) }).baseLibraryVersion()).toBe('3.7.8');
  });

  it('falls back to wx.getSystemInfoSync() before 2.20.1', () => {
    expect(clientWith({ getSystemInfoSync: () => ({ SDKVersion: '2.10.4' }) }).baseLibraryVersion()).toBe('2.10.4');
  });

  it('falls back when getAppBaseInfo throws', () => {
    const wx = {
      getAppBaseInfo: () => {
        throw new Error('boom');
      },
      getSystemInfoSync: () => ({ SDKVersion: '2.21.0' }),
    };
    expect(clientWith(wx).baseLibraryVersion()).toBe('2.21.0');
  });

  it.each([
    ['an empty version', { getAppBaseInfo: () => ({ SDKVersion: '' }) }],
    ['an empty object from getSystemInfoSync', { getSystemInfoSync: () => ({}) }],
    ['no version APIs at all', {}],
  ])('throws BASE_LIBRARY_UNKNOWN for %s', (_, wx) => {
    expect(() => clientWith(wx).baseLibraryVersion()).toThrow(expect.objectContaining({ code: 'BASE_LIBRARY_UNKNOWN' }));
  });
});

describe('assertBaseLibrary / isBaseLibraryAtLeast', () => {
  const at = (version: string) => clientWith({ getAppBaseInfo: () => ({ SDKVersion: version }) });

  it('accepts the minimum and anything newer', () => {
    expect(() => at('2.7.0').assertBaseLibrary('getWeRunData')).not.toThrow();
    expect(() => at('2.10.4').assertBaseLibrary('getGroupEnterInfo')).not.toThrow();
    expect(at('2.10.4').isBaseLibraryAtLeast('CloudID')).toBe(true);
  });

  it('rejects an older one with required and actual versions', () => {
    let caught: unknown;
    try {
      at('2.6.9').assertBaseLibrary('getWeRunData');
    } catch (error) {
      caught = error;
    }
    expect(isCloudIdError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'BASE_LIBRARY_TOO_OLD', feature: 'getWeRunData', required: '2.7.0', actual: '2.6.9' });
    expect((caught as Error).message).toContain('getWeRunData needs base library 2.7.0+, this is 2.6.9');
    expect(at('2.9.0').isBaseLibraryAtLeast('getUserProfile')).toBe(false);
  });
});
