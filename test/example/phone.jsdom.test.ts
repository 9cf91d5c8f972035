// The example's phone page (example/miniprogram/pages/phone) and phone cloud function, run
// on the mock platform: the button fires the event WeChat would, then the page renders.
// The function's wx-server-sdk is the kit's fake, made from the same copy of the kit as the
// mock wx: a cloud call (the phone-code exchange) finds the running function through it.
jest.mock('wx-server-sdk', () => mockServerSdk, { virtual: true });

import simulate from 'miniprogram-simulate';
import { createMockCloud, DEFAULT_OPENID } from '../../src/testing';

const mockServerSdk = createMockCloud();
import { fire, rendered, startExample, textOf, type Example } from './harness';

let example: Example;
afterEach(() => example.stop());

describe('the phone page', () => {
  it('shows the number the phone function exchanged the button\'s code for', async () => {
    example = startExample({ openData: { getPhoneNumber: { phoneNumber: '+86 139 0000 1234', purePhoneNumber: '13900001234', countryCode: '86' } } });
    const page = example.open('phone');
    const event = example.wx.tapGetPhoneNumber();
    fire(page, '.share-phone', 'getphonenumber', event.detail);

    expect(await rendered(page, '.phone')).toBe('+86 13900001234');
    const [call] = example.wx.calls;
    expect(call.name).toBe('phone');
    expect(call.data).toEqual({ phone: event.detail.code });
    expect(call.result).toEqual({ openid: DEFAULT_OPENID, phoneNumber: '13900001234', countryCode: '86' });
    expect(example.wx.issuedPhoneCodes.find((issued) => issued.code === event.detail.code)!.redeemedAt).toBeDefined();
  });

  it('asks the user to tap again when the code was already used (a replayed event)', async () => {
    example = startExample();
    const page = example.open('phone');
    const { detail } = example.wx.tapGetPhoneNumber();
    fire(page, '.share-phone', 'getphonenumber', detail);
    await rendered(page, '.phone');
    fire(page, '.share-phone', 'getphonenumber', detail);

    // Refused on the phone: the code was sent once, so no second request goes out.
    expect(await rendered(page, '.error')).toBe('This phone code was already used: please tap the button again.');
    expect(example.wx.calls).toHaveLength(1);
  });

  it('falls back to the legacy cloudID flow on a base library whose button gives no code (below 2.21.2)', async () => {
    example = startExample({ baseLibrary: '2.21.1', openData: { getPhoneNumber: { phoneNumber: '+86 139 0000 1234', purePhoneNumber: '13900001234', countryCode: '86' } } });
    const page = example.open('phone');
    const event = example.wx.tapGetPhoneNumber();
    expect(event.detail.code).toBeUndefined();
    fire(page, '.share-phone', 'getphonenumber', event.detail);

    expect(await rendered(page, '.phone')).toBe('+86 13900001234');
    const [call] = example.wx.calls;
    expect(call.data).toEqual({ phone: { CloudID: event.detail.cloudID } });
    expect(call.wxContext!.OPEN_DATA_INFO).toBe('{"keys":["phone"]}');
  });

  it('says so when the phone-number quota is used up, and sends nothing', async () => {
    example = startExample({ phoneQuota: { getPhoneNumber: 0 } });
    const page = example.open('phone');
    fire(page, '.share-phone', 'getphonenumber', example.wx.tapGetPhoneNumber().detail);

    expect(await rendered(page, '.error')).toBe('Phone number verification is not available right now. Please try again later.');
    expect(example.wx.calls).toEqual([]);
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
