// The example's shared-environment page (example/miniprogram/pages/werun-shared): the
// example mini program uses the environment another mini program shares with it, where the
// example's werun function runs. Tap, then read what the page renders.
jest.mock('wx-server-sdk', () => jest.requireActual('../../src/testing').createMockCloud(), { virtual: true });

import { join } from 'node:path';
import simulate from 'miniprogram-simulate';
import { createMockWx, DEFAULT_APPID, DEFAULT_OPENID, type CloudFunction, type MockWx } from '../../src/testing';
import { cloudFunctions, EXAMPLE_DIR, fire, rendered, startExample, textOf, type Example } from './harness';

const MINUTE = 60_000;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SHARED_ENVIRONMENT } = require(join(EXAMPLE_DIR, 'miniprogram/utils/shared-cloud.js')) as { SHARED_ENVIRONMENT: { resourceAppid: string; resourceEnv: string } };

let example: Example;
afterEach(() => example.stop());

/**
 * The example mini program with no functions of its own, and the mini program that shares
 * its environment (the one utils/shared-cloud.js names), where the example's werun runs.
 */
function startShared(functions: Record<string, CloudFunction> = { werun: cloudFunctions().werun }): { example: Example; owner: MockWx } {
  example = startExample({ functions: {} });
  const owner = createMockWx({ platform: example.wx, appid: SHARED_ENVIRONMENT.resourceAppid, env: SHARED_ENVIRONMENT.resourceEnv, functions });
  return { example, owner };
}

describe('the shared-environment page', () => {
  it("shows today's steps from the werun function of the shared environment, called as this mini program's user", async () => {
    startShared();
    const page = example.open('werun-shared');
    fire(page, '.send');
    expect(await rendered(page, '.steps')).toMatch(/^Today: \d+ steps$/);
    const [call] = example.wx.calls;
    expect(call.name).toBe('werun');
    expect(call.wxContext).toMatchObject({ APPID: SHARED_ENVIRONMENT.resourceAppid, FROM_APPID: DEFAULT_APPID, FROM_OPENID: DEFAULT_OPENID, ENV: SHARED_ENVIRONMENT.resourceEnv });
    expect(call.wxContext).not.toHaveProperty('OPENID');
    expect(call.event!.weRun).toMatchObject({ data: { watermark: { appid: DEFAULT_APPID } } });
    expect(textOf(page, '.error')).toBeUndefined();
  });

  it('refreshes an old ticket through the same instance', async () => {
    startShared();
    const page = example.open('werun-shared');
    fire(page, '.send');
    const first = await rendered(page, '.steps');
    example.clock.advance(6 * MINUTE);
    fire(page, '.send');
    await simulate.sleep(0); // the tap's handler clears the steps first
    expect(await rendered(page, '.steps')).toBe(first);
    expect(example.wx.issuedCloudIds).toHaveLength(2);
    expect(example.wx.calls.map((call) => call.wxContext!.FROM_APPID)).toEqual([DEFAULT_APPID, DEFAULT_APPID]);
  });

  it('tells the user when the shared environment refuses this mini program (its cloudbase_auth), and sends nothing', async () => {
    startShared({ werun: cloudFunctions().werun, cloudbase_auth: () => ({ errCode: 403, errMsg: 'not shared with this mini program' }) });
    const page = example.open('werun-shared');
    fire(page, '.send');
    expect(await rendered(page, '.error')).toContain('not shared with this mini program');
    expect(example.wx.calls.map((call) => call.name)).toEqual(['cloudbase_auth']);
  });

  it('tells the user to update WeChat below base library 2.13.0, which has no wx.cloud.Cloud', () => {
    example = startExample({ baseLibrary: '2.12.0' });
    const page = example.open('werun-shared');
    expect(textOf(page, '.error')).toBe('A shared environment needs WeChat base library 2.13.0 or later. Please update WeChat.');
    expect(page.querySelector('.send')).toBeFalsy();
  });
});
