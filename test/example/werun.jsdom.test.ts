// The example's WeRun page (example/miniprogram/pages/werun) and werun cloud function, run
// on the mock platform: tap, then read what the page renders.
jest.mock('wx-server-sdk', () => jest.requireActual('../../src/testing').createMockCloud(), { virtual: true });

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import simulate from 'miniprogram-simulate';
import { DEFAULT_APPID } from '../../src/testing';
import { EXAMPLE_DIR, fire, rendered, startExample, textOf, type Example } from './harness';

const MINUTE = 60_000;
const stepInfoList = [
  { timestamp: 1767110400, step: 4021 },
  { timestamp: 1767196800, step: 8123 },
];

let example: Example;
afterEach(() => example.stop());

/** Taps "Get WeRun data" and waits for the ticket line. */
async function getWeRunData(page: ReturnType<Example['open']>): Promise<string> {
  fire(page, '.fetch');
  return rendered(page, '.ticket');
}

describe('the WeRun page', () => {
  it("shows today's steps: a cloudID from getWeRunData, replaced by WeChat, read by withOpenData", async () => {
    example = startExample({ openData: { getWeRunData: { stepInfoList } } });
    const page = example.open('werun');
    expect(await getWeRunData(page)).toMatch(/^cloudID valid until \d\d:\d\d:\d\d$/);
    fire(page, '.send');

    expect(await rendered(page, '.steps')).toBe('Today: 8123 steps');
    const [issued] = example.wx.issuedCloudIds;
    const [call] = example.wx.calls;
    expect(call.name).toBe('werun');
    expect(call.data).toEqual({ weRun: { CloudID: issued.cloudID } });
    expect(call.event!.weRun).toEqual({ cloudID: issued.cloudID, data: { stepInfoList, watermark: expect.objectContaining({ appid: DEFAULT_APPID }) } });
    expect(call.wxContext!.OPEN_DATA_INFO).toBe('{"keys":["weRun"]}');
    expect(call.result).toEqual({ today: 8123, date: 1767196800 });
    expect(textOf(page, '.error')).toBeUndefined();
  });

  it('runs app.js first: wx.cloud.init with the environment app.js names', async () => {
    const env = /const CLOUD_ENV = '([^']+)'/.exec(readFileSync(join(EXAMPLE_DIR, 'miniprogram/app.js'), 'utf8'))![1];
    example = startExample();
    const page = example.open('werun');
    await getWeRunData(page);
    fire(page, '.send');
    await rendered(page, '.steps');
    expect(example.wx.calls[0].wxContext!.ENV).toBe(env);
  });

  it('tells the user when they deny WeRun access, and sends nothing', async () => {
    example = startExample({ failures: { getWeRunData: { errMsg: 'getWeRunData:fail auth deny' } } });
    const page = example.open('werun');
    fire(page, '.fetch');
    expect(await rendered(page, '.error')).toBe('You have not allowed this mini program to read your WeRun data. Allow it in the menu (···) > Settings, then try again.');
    expect(textOf(page, '.ticket')).toBeUndefined();
    fire(page, '.send'); // disabled without a ticket; the page ignores the tap as well
    await simulate.sleep(0);
    expect(example.wx.calls).toEqual([]);
  });

  it('tells the user to update WeChat on a base library without WeRun cloudIDs (2.6.0), and shows no buttons', async () => {
    example = startExample({ baseLibrary: '2.6.0' });
    const page = example.open('werun');
    expect(textOf(page, '.error')).toBe('WeRun steps need WeChat base library 2.7.0 or later. Please update WeChat.');
    expect(page.querySelector('.fetch')).toBeUndefined();
    expect(page.querySelector('.send')).toBeUndefined();
  });

  it('gets a new cloudID before sending when five minutes passed between the two taps', async () => {
    example = startExample({ openData: { getWeRunData: { stepInfoList } } });
    const page = example.open('werun');
    await getWeRunData(page);
    example.clock.advance(6 * MINUTE);
    fire(page, '.send');

    expect(await rendered(page, '.steps')).toBe('Today: 8123 steps');
    const [first, second] = example.wx.issuedCloudIds;
    expect(second.issuedAt - first.issuedAt).toBe(6 * MINUTE);
    expect(example.wx.calls).toHaveLength(1);
    expect(example.wx.calls[0].data).toEqual({ weRun: { CloudID: second.cloudID } });
  });

  it('recovers when the cloudID expires on the way: withOpenData answers "expired", the page resends once with a new one', async () => {
    example = startExample({ openData: { getWeRunData: { stepInfoList } } });
    const page = example.open('werun');
    await getWeRunData(page);
    example.setPhoneBehind(2 * MINUTE); // the phone's clock is set back (a time sync, say)
    example.clock.advance(5.5 * MINUTE); // the cloudID is 3.5 minutes old by the phone, 5.5 by WeChat
    fire(page, '.send');

    expect(await rendered(page, '.steps')).toBe('Today: 8123 steps');
    const [first, second] = example.wx.issuedCloudIds;
    expect(example.wx.calls.map((call) => [call.data, call.result])).toEqual([
      [{ weRun: { CloudID: first.cloudID } }, { cloudIdFailure: { version: 1, failures: [expect.objectContaining({ key: 'weRun', reason: 'expired', errCode: -601006 })] } }],
      [{ weRun: { CloudID: second.cloudID } }, { today: 8123, date: 1767196800 }],
    ]);
    expect(textOf(page, '.error')).toBeUndefined();
  });

  it('tells the user when the cloud function is not deployed', async () => {
    example = startExample({ functions: {} });
    const page = example.open('werun');
    await getWeRunData(page);
    fire(page, '.send');
    expect(await rendered(page, '.error')).toMatch(/^The server could not be reached \(cloud\.callFunction:fail .*FunctionName parameter could not be found\.\)\. Please try again later\.$/);
    expect(textOf(page, '.steps')).toBeUndefined();
  });
});
