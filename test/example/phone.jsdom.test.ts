// The example's phone page (example/miniprogram/pages/phone) and phone cloud function, run
// on the mock platform: the button fires the event WeChat would, then the page renders.
jest.mock('wx-server-sdk', () => jest.requireActual('../../src/testing').createMockCloud(), { virtual: true });

import simulate from 'miniprogram-simulate';
import { DEFAULT_OPENID } from '../../src/testing';
import { fire, rendered, startExample, textOf, type Example } from './harness';

let example: Example;
afterEach(() => example.stop());

describe('the phone page', () => {
  it('shows the number the phone function read from the button\'s cloudID', async () => {
    example = startExample({ openData: { getPhoneNumber: { phoneNumber: '+86 139 0000 1234', purePhoneNumber: '13900001234', countryCode: '86' } } });
    const page = example.open('phone');
    const event = example.wx.tapGetPhoneNumber();
    fire(page, '.share-phone', 'getphonenumber', event.detail);

    expect(await rendered(page, '.phone')).toBe('+86 13900001234');
    const [call] = example.wx.calls;
    expect(call.name).toBe('phone');
    expect(call.data).toEqual({ phone: { CloudID: event.detail.cloudID } });
    expect(call.wxContext!.OPEN_DATA_INFO).toBe('{"keys":["phone"]}');
    expect(call.result).toEqual({ openid: DEFAULT_OPENID, phoneNumber: '13900001234', countryCode: '86' });
  });

  it('tells the user when they decline, and sends nothing', async () => {
    example = startExample();
    const page = example.open('phone');
    fire(page, '.share-phone', 'getphonenumber', example.wx.tapGetPhoneNumber({ deny: true }).detail);

    expect(await rendered(page, '.error')).toBe('You chose not to share your phone number. Tap the button again if you change your mind.');
    await simulate.sleep(0);
    expect(example.wx.calls).toEqual([]);
    expect(textOf(page, '.phone')).toBeUndefined();
  });

  it('tells the user to update WeChat on a base library without the button\'s cloudID (2.7.0), and shows no button', () => {
    example = startExample({ baseLibrary: '2.7.0' });
    const page = example.open('phone');
    expect(textOf(page, '.error')).toBe('Sharing a phone number needs WeChat base library 2.8.0 or later. Please update WeChat.');
    expect(page.querySelector('.share-phone')).toBeUndefined();
  });
});
