import { createCloudId, type CloudIdClient, type CloudIdError } from '../../src/client';
import { createFailureEnvelope, withOpenData } from '../../src/server';
import { createMockWx, type MockWx } from '../../src/testing';

const MINUTE = 60_000;

/**
 * A page and `withOpenData` cloud functions. The phone's clock follows the platform's
 * until `phone.setBack(ms)` (an NTP correction, say): after it, a ticket the phone thinks
 * is fresh can already be expired for WeChat, which only the server can see.
 */
function world() {
  let phoneSetBack = 0;
  const handled: unknown[] = [];
  const wx: MockWx = createMockWx({
    functions: {
      steps: (event, context) =>
        withOpenData({ cloud: wx.serverSdk, keys: { weRun: 'getWeRunData' }, now: () => wx.clock.now() }, (data) => {
          handled.push(data.weRun);
          return { today: data.weRun.stepInfoList[data.weRun.stepInfoList.length - 1].step };
        })(event, context),
      phone: (event, context) =>
        withOpenData({ cloud: wx.serverSdk, keys: { phone: 'getPhoneNumber' }, now: () => wx.clock.now() }, (data) => data.phone.purePhoneNumber)(event, context),
      alwaysExpired: () => createFailureEnvelope([{ key: 'weRun', reason: 'expired', errCode: -601006, errMsg: 'cloudID expired.' }]),
    },
  });
  const client: CloudIdClient = createCloudId({ wx, now: () => wx.clock.now() - phoneSetBack });
  const phone = { setBack: (ms: number) => (phoneSetBack = ms) };
  return { wx, client, handled, phone };
}

describe('client -> platform -> withOpenData -> client', () => {
  it('delivers open data the function can trust', async () => {
    const { wx, client, handled } = world();
    const ticket = await client.getWeRunData();
    const response = await client.callFunction({ name: 'steps', data: { weRun: ticket } });
    expect(response.result).toEqual({ today: expect.any(Number) });
    expect(handled).toHaveLength(1);
    expect(wx.calls).toHaveLength(1);
  });

  it('refreshes and retries once when the cloudID expires in flight', async () => {
    const { wx, client, handled, phone } = world();
    const ticket = await client.getWeRunData();
    phone.setBack(2 * MINUTE);
    wx.clock.advance(5.5 * MINUTE);
    // 3.5 minutes old by the phone, 5.5 by WeChat.
    expect(ticket.isExpired()).toBe(false);
    const response = await client.callFunction({ name: 'steps', data: { weRun: ticket } });
    expect(response.result).toEqual({ today: expect.any(Number) });
    expect(wx.calls.map((call) => call.result)).toEqual([
      { cloudIdFailure: { version: 1, failures: [expect.objectContaining({ key: 'weRun', reason: 'expired', errCode: -601006 })] } },
      { today: expect.any(Number) },
    ]);
    expect(wx.issuedCloudIds).toHaveLength(2);
    expect(handled).toHaveLength(1);
  });

  it('crossing five minutes between fetching and calling is fixed before sending', async () => {
    const { wx, client } = world();
    const ticket = await client.getWeRunData();
    wx.clock.advance(5 * MINUTE + 1);
    await expect(client.callFunction({ name: 'steps', data: { weRun: ticket } })).resolves.toMatchObject({ result: { today: expect.any(Number) } });
    expect(wx.calls).toHaveLength(1);
  });

  it('rejects with OPEN_DATA_REJECTED naming the key when an expired ticket cannot be refreshed', async () => {
    const { wx, client, phone } = world();
    const ticket = client.ticketFromEvent(wx.tapGetPhoneNumber());
    phone.setBack(2 * MINUTE);
    wx.clock.advance(5.5 * MINUTE);
    const error = (await client.callFunction({ name: 'phone', data: { phone: ticket } }).catch((caught) => caught)) as CloudIdError<'OPEN_DATA_REJECTED'>;
    expect(error.code).toBe('OPEN_DATA_REJECTED');
    expect(error.keys).toEqual(['phone']);
    expect(error.failures[0]).toMatchObject({ reason: 'expired' });
    expect(wx.calls).toHaveLength(1);
  });

  it('retries only once', async () => {
    const { wx, client } = world();
    const ticket = await client.getWeRunData();
    const error = (await client.callFunction({ name: 'alwaysExpired', data: { weRun: ticket } }).catch((caught) => caught)) as CloudIdError<'OPEN_DATA_REJECTED'>;
    expect(error.code).toBe('OPEN_DATA_REJECTED');
    expect(error.failures).toEqual([expect.objectContaining({ key: 'weRun', reason: 'expired' })]);
    expect(wx.calls).toHaveLength(2);
    expect(wx.issuedCloudIds).toHaveLength(2);
  });

  it('rejects forged open data: a plain object shaped like a replaced field', async () => {
    const { wx, client, handled } = world();
    const forged = { cloudID: 'made-up', data: { stepInfoList: [{ timestamp: 1, step: 99999 }], watermark: { appid: 'wx0123456789abcdef', timestamp: 1 } } };
    const error = (await client.callFunction({ name: 'steps', data: { weRun: forged } }).catch((caught) => caught)) as CloudIdError<'OPEN_DATA_REJECTED'>;
    expect(error.code).toBe('OPEN_DATA_REJECTED');
    expect(error.failures[0]).toMatchObject({ key: 'weRun', reason: 'forged' });
    expect(handled).toHaveLength(0);
    expect(wx.calls).toHaveLength(1);
  });
});
