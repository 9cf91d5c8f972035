// The checks both backends share, called the way a backend without a CloudContext calls
// them (a container passes the AppIDs from its X-WX-* headers).
import {
  acceptedAppIds,
  checkOpenData,
  checkPhoneInfo,
  checkWatermark,
  fromPhoneCodeError,
  isWatermarkRequired,
  resolveWatermarkOptions,
} from '../../src/core/open-data-checks';
import { OPEN_DATA_API_SINCE, WATERMARK_DOCUMENTED_FOR, type CloudIdApi } from '../../src/core/rules';
import { ISSUED_AT, now } from './fixtures';

const options = resolveWatermarkOptions({ now });
const watermark = { appid: 'wxHEADER', timestamp: ISSUED_AT };

describe('shared open-data checks', () => {
  it('check the watermark against the AppIDs given, with no cloud-function context', () => {
    expect(checkWatermark({ watermark }, { appIds: acceptedAppIds('wxHEADER', undefined, ''), required: true }, options)).toBeUndefined();
    expect(checkWatermark({ watermark }, { appIds: acceptedAppIds('wxOTHER'), required: true }, options)).toMatchObject({ ok: false, reason: 'watermark-appid' });
    expect(checkWatermark({ watermark }, { appIds: [], required: false }, options)).toMatchObject({ reason: 'watermark-appid', errMsg: expect.stringContaining('no APPID') });
    expect(checkOpenData('id-1', { watermark }, { appIds: ['wxHEADER'], required: true }, options)).toEqual({ ok: true, cloudID: 'id-1', data: { watermark } });
  });

  it('require a watermark exactly where WeChat documents one, or everywhere on request', () => {
    const apis = Object.keys(OPEN_DATA_API_SINCE) as CloudIdApi[];
    expect(apis.filter((api) => isWatermarkRequired(api, options))).toEqual(['getWeRunData', 'getUserInfo', 'getUserProfile', 'getPhoneNumber']);
    expect(apis.filter((api) => isWatermarkRequired(api, options))).toEqual(apis.filter((api) => WATERMARK_DOCUMENTED_FOR.includes(api)));
    expect(isWatermarkRequired(undefined, options)).toBe(false);
    expect(apis.every((api) => isWatermarkRequired(api, { requireWatermark: true }))).toBe(true);
  });

  it('classify phone-code failures by WeChat code, keeping its message', () => {
    expect(fromPhoneCodeError(40029, 'invalid code')).toStrictEqual({ ok: false, reason: 'code-invalid', errCode: 40029, errMsg: expect.stringMatching(/tap the button again.*\(invalid code\)$/) });
    expect(fromPhoneCodeError(-604101, '')).toMatchObject({ reason: 'no-permission', errMsg: expect.stringContaining('(errCode -604101)') });
    expect(fromPhoneCodeError(12345, 'odd')).toStrictEqual({ ok: false, reason: 'error', errCode: 12345, errMsg: 'odd' });
  });

  it('check a phoneInfo: its fields and its (required) watermark', () => {
    const phoneInfo = { phoneNumber: '+1 5550100', purePhoneNumber: '5550100', countryCode: '1', watermark };
    expect(checkPhoneInfo(phoneInfo, ['wxHEADER'], options)).toEqual({ ok: true, data: phoneInfo });
    expect(checkPhoneInfo({ ...phoneInfo, watermark: undefined }, ['wxHEADER'], options)).toMatchObject({ ok: false, reason: 'watermark-appid' });
    expect(checkPhoneInfo({ ...phoneInfo, countryCode: 1 }, ['wxHEADER'], options)).toMatchObject({ ok: false, reason: 'error' });
  });
});
