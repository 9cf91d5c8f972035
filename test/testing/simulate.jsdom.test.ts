// miniprogram-simulate defines a global wx when it loads; the kit merges over it and puts it back.
jest.mock('wx-server-sdk', () => jest.requireActual('../../src/testing').createMockCloud(), { virtual: true });

import simulate from 'miniprogram-simulate';
import { installMockWx, type CloudFunction, type InstalledMockWx } from '../../src/testing';

declare const wx: InstalledMockWx;
/** jsdom's document (the project's type check has no DOM lib). */
declare const document: { createElement(tagName: string): unknown };

const { main: werun } = jest.requireActual<{ main: CloudFunction }>('./fixtures/werun');
const simulatorWx = (globalThis as { wx?: unknown }).wx;

/** A WeRun card: tap to load today's steps through a cloud function; a phone button beside it. */
const card = simulate.load({
  template: `
    <view>
      <button class="load" bindtap="load">Load</button>
      <text class="steps">{{steps}}</text>
      <text class="error">{{error}}</text>
      <button class="phone" open-type="getPhoneNumber" bindgetphonenumber="phone">Phone</button>
      <text class="phone-id">{{phoneId}}</text>
    </view>`,
  data: { steps: '', error: '', phoneId: '' },
  methods: {
    load() {
      wx.getWeRunData!({
        success: (res) => {
          wx.cloud!.callFunction({ name: 'werun', data: { weRunData: wx.cloud!.CloudID(res.cloudID!) } })!
            .then(({ result }) => this.setData({ steps: String((result as { today: number }).today) }))
            .catch((error: { errMsg: string }) => this.setData({ error: error.errMsg }));
        },
        fail: (error) => this.setData({ error: error.errMsg }),
      });
    },
    phone(event: { detail: { cloudID?: string; errMsg: string } }) {
      this.setData({ phoneId: event.detail.cloudID || event.detail.errMsg });
    },
  },
});

function render() {
  const component = simulate.render(card);
  component.attach(document.createElement('parent-wrapper'));
  return component;
}

/** Waits until the page has finished what a tap started. */
async function settled(component: ReturnType<typeof render>, selector: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const text = component.querySelector(selector)!.dom!.textContent!;
    if (text) return text;
    await simulate.sleep(1);
  }
  throw new Error(`${selector} stayed empty`);
}

let mock: InstalledMockWx;
afterEach(() => mock.restore());

it('renders the step count a tap fetched through the mock platform', async () => {
  mock = installMockWx({ openid: 'oAlice', functions: { werun } });
  const component = render();
  component.querySelector('.load')!.dispatchEvent('tap');
  const rendered = await settled(component, '.steps');
  const [issued] = mock.issuedCloudIds;
  const { stepInfoList } = issued.data as { stepInfoList: { step: number }[] };
  expect(rendered).toBe(String(stepInfoList[stepInfoList.length - 1].step));
  expect(mock.calls[0]).toMatchObject({ name: 'werun', data: { weRunData: { CloudID: issued.cloudID } }, result: { openid: 'oAlice' } });
});

it('renders the denial when the user refuses WeRun', async () => {
  mock = installMockWx({ failures: { getWeRunData: { errMsg: 'getWeRunData:fail auth deny' } } });
  const component = render();
  component.querySelector('.load')!.dispatchEvent('tap');
  expect(await settled(component, '.error')).toBe('getWeRunData:fail auth deny');
});

it('feeds a button the event the platform would fire', async () => {
  mock = installMockWx();
  const component = render();
  const event = mock.tapGetPhoneNumber();
  component.querySelector('.phone')!.dispatchEvent('getphonenumber', { detail: event.detail });
  expect(await settled(component, '.phone-id')).toBe(event.detail.cloudID);
  expect(mock.issuedCloudIds[0]).toMatchObject({ api: 'getPhoneNumber', cloudID: event.detail.cloudID });
});

it("keeps the simulator's APIs while installed and gives its wx back after", () => {
  mock = installMockWx();
  expect(typeof (mock as unknown as { createSelectorQuery: unknown }).createSelectorQuery).toBe('function');
  expect(wx).toBe(mock);
  mock.restore();
  expect((globalThis as { wx?: unknown }).wx).toBe(simulatorWx);
});
