import { createFailureEnvelope } from '../../src/core/envelope';
import { caught, setup } from './helpers';

describe('phone codes through callFunction', () => {
  it('sends the code string once; the same PhoneCode is then refused before any request', async () => {
    const { wx, client } = setup({ functions: { phone: (event) => event.phone } });
    const code = client.phoneCodeFromEvent(wx.tapGetPhoneNumber());
    const response = await client.callFunction({ name: 'phone', data: { phone: code } });
    expect(response.result).toBe(code.code);
    const again = await caught(() => client.callFunction({ name: 'phone', data: { phone: code } }));
    expect(again).toMatchObject({ code: 'PHONE_CODE_USED' });
    expect(wx.calls).toHaveLength(1);
  });

  it('counts a code as sent even when the call then fails: WeChat may have taken it', async () => {
    const { wx, client } = setup({ functions: {} });
    const code = client.phoneCodeFromEvent(wx.tapGetPhoneNumber());
    await expect(client.callFunction({ name: 'missing', data: { phone: code } })).rejects.toMatchObject({ code: 'CALL_FAILED' });
    await expect(client.callFunction({ name: 'missing', data: { phone: code } })).rejects.toMatchObject({ code: 'PHONE_CODE_USED' });
  });

  it('does not count a code as sent when the data was refused before the request', async () => {
    const { wx, client } = setup({ functions: { phone: () => 'ok' } });
    const code = client.phoneCodeFromEvent(wx.tapGetPhoneNumber());
    await expect(client.callFunction({ name: 'phone', data: { phone: code, bad: () => 1 } as never })).rejects.toMatchObject({ code: 'NOT_SENDABLE' });
    await expect(client.callFunction({ name: 'phone', data: { phone: code } })).resolves.toMatchObject({ result: 'ok' });
  });

  it('reports a rejected phone code as "ask the user to tap again", never retried', async () => {
    const rejection = createFailureEnvelope([{ key: 'phone', reason: 'invalid', errCode: 40029, errMsg: 'invalid code' }]);
    const { wx, client } = setup({ functions: { phone: () => rejection } });
    const code = client.phoneCodeFromEvent(wx.tapGetPhoneNumber());
    const error = await caught(() => client.callFunction({ name: 'phone', data: { phone: code } }));
    expect(error).toMatchObject({ code: 'OPEN_DATA_REJECTED', tapAgain: true, keys: ['phone'] });
    expect((error as Error).message).toContain('ask the user to tap again');
    expect(wx.calls).toHaveLength(1);
  });

  it('does not retry an expired ticket sent beside a phone code: the code cannot go twice', async () => {
    const rejection = createFailureEnvelope([{ key: 'weRun', reason: 'expired', errMsg: 'cloudID expired.' }]);
    const { wx, client } = setup({ functions: { both: () => rejection } });
    const ticket = await client.getWeRunData();
    const code = client.phoneCodeFromEvent(wx.tapGetPhoneNumber());
    const error = await caught(() => client.callFunction({ name: 'both', data: { weRun: ticket, phone: code } }));
    expect(error).toMatchObject({ code: 'OPEN_DATA_REJECTED', tapAgain: true });
    expect(wx.calls).toHaveLength(1);
    expect(wx.issuedCloudIds).toHaveLength(2);
  });

  it('refuses an expired phone code, saying the user must tap again', async () => {
    const { wx, client } = setup({ functions: { phone: () => 'ok' } });
    const code = client.phoneCodeFromEvent(wx.tapGetPhoneNumber());
    wx.clock.advance(4 * 60_000 + 31_000);
    const error = await caught(() => client.callFunction({ name: 'phone', data: { phone: code } }));
    expect(error).toMatchObject({ code: 'PHONE_CODE_EXPIRED' });
    expect(wx.calls).toHaveLength(0);
  });
});
