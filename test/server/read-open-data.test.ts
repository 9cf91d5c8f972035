import { getContext, readOpenData, type CloudContext, type WeRunData } from '../../src/server';
import { CLOUD_ID_EXPIRED_MESSAGE, WX_ERROR_CODE } from '../../src/core/rules';
import { APPID, clientContext, deepFreeze, fakeCloud, ISSUED_AT, now, openDataInfo, replaced, weRunData } from './fixtures';

const contextOf = (overrides: Record<string, unknown> = {}): CloudContext => getContext(fakeCloud(clientContext(overrides)));
const read = (event: unknown, overrides: Record<string, unknown> = {}, key = 'weRunData') => readOpenData<WeRunData>(event, key, { context: contextOf(overrides), now });

describe('readOpenData: trusted open data', () => {
  it('returns the cloudID and the data WeChat put in place of a top-level CloudID', () => {
    const data = weRunData();
    const result = read({ weRunData: { cloudID: 'id-1', data } });
    expect(result).toEqual({ ok: true, cloudID: 'id-1', data });
    // The discriminant narrows the result to the payload type.
    if (result.ok) expect(result.data.stepInfoList[0].step).toBe(5000);
  });

  it('accepts open data under any key OPEN_DATA_INFO lists', () => {
    const event = { phone: replaced('id-2', { phoneNumber: '13800000000', purePhoneNumber: '13800000000', countryCode: '86', watermark: { appid: APPID, timestamp: ISSUED_AT } }) };
    expect(read(event, { OPEN_DATA_INFO: openDataInfo('weRunData', 'phone') }, 'phone')).toMatchObject({ ok: true, cloudID: 'id-2' });
  });

  it('does not change the event', () => {
    const event = deepFreeze({ weRunData: replaced('id-1'), other: { nested: 1 } });
    expect(read(event).ok).toBe(true);
  });
});

describe('readOpenData: WeChat failure objects, classified by errCode', () => {
  it.each([
    ['expired', WX_ERROR_CODE.CLOUD_ID_EXPIRED, CLOUD_ID_EXPIRED_MESSAGE],
    ['invalid', WX_ERROR_CODE.INVALID_CLOUD_ID, 'invalid cloudID'],
    ['user-mismatch', WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH, 'cloudID and user mismatch'],
    ['error', WX_ERROR_CODE.SYSTEM_ERROR, 'system error'],
    ['error', -1, 'something else'],
  ])('%s for errCode %d, with WeChat\'s message and the cloudID', (reason, errCode, errMsg) => {
    expect(read({ weRunData: { cloudID: 'id-1', errCode, errMsg } })).toStrictEqual({ ok: false, reason, cloudID: 'id-1', errCode, errMsg });
  });

  it('classifies by code before the OPEN_DATA_INFO check: an expired field is expired even when unlisted', () => {
    const event = { weRunData: { cloudID: 'id-1', errCode: WX_ERROR_CODE.CLOUD_ID_EXPIRED, errMsg: CLOUD_ID_EXPIRED_MESSAGE } };
    expect(read(event, { OPEN_DATA_INFO: '' })).toMatchObject({ ok: false, reason: 'expired' });
    expect(readOpenData(event, 'weRunData')).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('supplies a message when WeChat gives none', () => {
    expect(read({ weRunData: { cloudID: 'id-1', errCode: -601099 } })).toMatchObject({ reason: 'error', errCode: -601099, errMsg: expect.stringContaining('-601099') });
  });
});

describe('readOpenData: missing', () => {
  it('when the event has no such key', () => {
    const result = read({ other: 1 });
    expect(result).toStrictEqual({ ok: false, reason: 'missing', errMsg: expect.stringContaining('top level') });
  });

  it('when the key is only inherited (an event is plain data)', () => {
    expect(read({}, {}, 'toString')).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('when the field is a bare string: a CloudID nested on the client arrives as its id', () => {
    const result = read({ weRunData: 'id-nested' });
    expect(result).toMatchObject({ ok: false, reason: 'missing', cloudID: 'id-nested' });
    expect(!result.ok && result.errMsg).toMatch(/bare string.*nested.*top level/);
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['an array', [replaced('id-1')]],
    ['an object without data', { cloudID: 'id-1' }],
    ['an object without cloudID', { data: weRunData() }],
    ['data that is not an object', { cloudID: 'id-1', data: 'x' }],
  ])('when the field is %s', (_, field) => {
    expect(read({ weRunData: field })).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('when the event itself is not an object', () => {
    expect(read(undefined)).toMatchObject({ ok: false, reason: 'missing' });
  });
});

describe('readOpenData: forged', () => {
  // What any client can send: a plain object shaped exactly like a replaced field.
  const forgedEvent = { weRunData: { cloudID: 'made-up', data: weRunData({ stepInfoList: [{ timestamp: ISSUED_AT, step: 99999 }] }) } };

  it('when OPEN_DATA_INFO lists other keys only', () => {
    const result = read(forgedEvent, { OPEN_DATA_INFO: openDataInfo('shareInfo') });
    expect(result).toMatchObject({ ok: false, reason: 'forged', cloudID: 'made-up' });
    expect(!result.ok && result.errMsg).toMatch(/does not list "weRunData"/);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['malformed', '{"keys":'],
  ])('when OPEN_DATA_INFO is %s (the safe default)', (_, info) => {
    expect(read(forgedEvent, { OPEN_DATA_INFO: info })).toMatchObject({ ok: false, reason: 'forged' });
  });

  it('when no context is given to check against', () => {
    const result = readOpenData(forgedEvent, 'weRunData', { now });
    expect(result).toMatchObject({ ok: false, reason: 'forged' });
    expect(!result.ok && result.errMsg).toMatch(/getContext\(cloud\)/);
  });

  it('in a chain like wx_client,scf where the calling function forwarded an unlisted field', () => {
    expect(read(forgedEvent, { SOURCE: 'wx_client,scf', OPEN_DATA_INFO: undefined })).toMatchObject({ ok: false, reason: 'forged' });
  });
});

describe('readOpenData: local debugging', () => {
  const local = { ENV: 'local', SOURCE: 'wx_client', OPEN_DATA_INFO: undefined };
  const event = { weRunData: replaced('id-1') };
  const optOut = { trustUnlistedOpenData_INSECURE_LOCAL_DEBUG_ONLY: true };

  it('is still not trusted by default, and the message names the opt-out', () => {
    const result = read(event, local);
    expect(result).toMatchObject({ ok: false, reason: 'forged' });
    expect(!result.ok && result.errMsg).toMatch(/trustUnlistedOpenData_INSECURE_LOCAL_DEBUG_ONLY/);
  });

  it('is trusted with the opt-out when ENV is local and OPEN_DATA_INFO lists nothing', () => {
    expect(readOpenData(event, 'weRunData', { context: contextOf(local), now, ...optOut })).toMatchObject({ ok: true, cloudID: 'id-1' });
  });

  it('still checks the watermark with the opt-out', () => {
    const foreign = { weRunData: replaced('id-1', weRunData({ watermark: { appid: 'wxOTHER', timestamp: ISSUED_AT } })) };
    expect(readOpenData(foreign, 'weRunData', { context: contextOf(local), now, ...optOut })).toMatchObject({ ok: false, reason: 'watermark-appid' });
  });

  it('ignores the opt-out outside local debugging', () => {
    const result = readOpenData(event, 'weRunData', { context: contextOf({ OPEN_DATA_INFO: undefined }), now, ...optOut });
    expect(result).toMatchObject({ ok: false, reason: 'forged' });
    expect(!result.ok && result.errMsg).toMatch(/only applies under local debugging/);
  });

  it('ignores the opt-out when OPEN_DATA_INFO lists other keys', () => {
    const context = contextOf({ ...local, OPEN_DATA_INFO: openDataInfo('shareInfo') });
    expect(readOpenData(event, 'weRunData', { context, now, ...optOut })).toMatchObject({ ok: false, reason: 'forged' });
  });
});

describe('readOpenData: watermark', () => {
  const withWatermark = (watermark: unknown) => ({ weRunData: replaced('id-1', weRunData({ watermark })) });

  it('watermark-appid when the appid is another mini program\'s', () => {
    const result = read(withWatermark({ appid: 'wxOTHER', timestamp: ISSUED_AT }));
    expect(result).toMatchObject({ ok: false, reason: 'watermark-appid', cloudID: 'id-1' });
    expect(!result.ok && result.errMsg).toContain('wxOTHER');
  });

  it('watermark-appid when there is no watermark and the source documents one (WeRun, user info, phone numbers)', () => {
    const context = contextOf();
    for (const api of ['getWeRunData', 'getUserInfo', 'getUserProfile', 'getPhoneNumber'] as const) {
      expect(readOpenData(withWatermark(undefined), 'weRunData', { context, now, api })).toMatchObject({ ok: false, reason: 'watermark-appid' });
    }
  });

  it('accepts genuine group, share and chat-tool data without a watermark, where WeChat documents none', () => {
    const context = contextOf({ OPEN_DATA_INFO: openDataInfo('group') });
    const event = { group: replaced('id-g', { opengid: 'G-1', chat_type: 3 }) };
    for (const api of ['getGroupEnterInfo', 'getShareInfo', 'getChatToolInfo'] as const) {
      expect(readOpenData(event, 'group', { context, now, api })).toStrictEqual({ ok: true, cloudID: 'id-g', data: { opengid: 'G-1', chat_type: 3 } });
    }
    // Without a source, absence is accepted too: OPEN_DATA_INFO already vouches for the field.
    expect(readOpenData(event, 'group', { context, now })).toMatchObject({ ok: true });
  });

  it('still checks a watermark where one is present on a source that documents none', () => {
    const context = contextOf({ OPEN_DATA_INFO: openDataInfo('group') });
    const event = { group: replaced('id-g', { opengid: 'G-1', watermark: { appid: 'wxOTHER', timestamp: ISSUED_AT } }) };
    expect(readOpenData(event, 'group', { context, now, api: 'getGroupEnterInfo' })).toMatchObject({ ok: false, reason: 'watermark-appid' });
    const stale = { group: replaced('id-g', { opengid: 'G-1', watermark: { appid: APPID, timestamp: ISSUED_AT - 3600 } }) };
    expect(readOpenData(stale, 'group', { context, now, api: 'getGroupEnterInfo' })).toMatchObject({ ok: false, reason: 'watermark-stale' });
  });

  it('requireWatermark: true requires one from every source', () => {
    const context = contextOf({ OPEN_DATA_INFO: openDataInfo('group') });
    const event = { group: replaced('id-g', { opengid: 'G-1' }) };
    expect(readOpenData(event, 'group', { context, now, api: 'getGroupEnterInfo', requireWatermark: true })).toMatchObject({ ok: false, reason: 'watermark-appid' });
    expect(readOpenData(event, 'group', { context, now, requireWatermark: true })).toMatchObject({ ok: false, reason: 'watermark-appid' });
  });

  it('watermark-appid when the context has no APPID to compare with', () => {
    expect(read(withWatermark({ appid: APPID, timestamp: ISSUED_AT }), { APPID: undefined })).toMatchObject({ ok: false, reason: 'watermark-appid' });
  });

  it('accepts the caller\'s AppID in a cross-account call (FROM_APPID)', () => {
    const event = withWatermark({ appid: 'wxCALLER', timestamp: ISSUED_AT });
    expect(read(event, { APPID: 'wxOWNER', FROM_APPID: 'wxCALLER' })).toMatchObject({ ok: true });
  });

  it('watermark-stale past the default: the 5-minute lifetime plus 60 s of skew', () => {
    const at = (ageSeconds: number) => read(withWatermark({ appid: APPID, timestamp: ISSUED_AT + 10 - ageSeconds }));
    expect(at(360)).toMatchObject({ ok: true });
    expect(at(361)).toMatchObject({ ok: false, reason: 'watermark-stale' });
  });

  it('watermark-stale past a custom maxAgeSeconds; Infinity skips the check', () => {
    const event = withWatermark({ appid: APPID, timestamp: ISSUED_AT - 50 });
    const context = contextOf();
    expect(readOpenData(event, 'weRunData', { context, now, maxAgeSeconds: 30 })).toMatchObject({ ok: false, reason: 'watermark-stale' });
    expect(readOpenData(event, 'weRunData', { context, now: () => Date.UTC(2030, 0, 1), maxAgeSeconds: Infinity })).toMatchObject({ ok: true });
  });

  it('watermark-stale when the timestamp is missing', () => {
    expect(read(withWatermark({ appid: APPID }))).toMatchObject({ ok: false, reason: 'watermark-stale' });
  });

  it('checks the appid before the age', () => {
    expect(read(withWatermark({ appid: 'wxOTHER', timestamp: 0 }))).toMatchObject({ reason: 'watermark-appid' });
  });
});

describe('readOpenData: bad arguments', () => {
  it.each([0, -5, Number.NaN, '60'])('rejects maxAgeSeconds %p, naming it', (maxAgeSeconds) => {
    expect(() => readOpenData({}, 'weRunData', { maxAgeSeconds: maxAgeSeconds as number })).toThrow(/maxAgeSeconds must be a number of seconds above 0/);
  });

  it('rejects an empty key', () => {
    expect(() => readOpenData({}, '')).toThrow(/key must be the name of an event field/);
  });

  it('rejects a clock that is not a function', () => {
    expect(() => readOpenData({}, 'weRunData', { now: 5 as never })).toThrow(/now must be a function/);
  });
});
