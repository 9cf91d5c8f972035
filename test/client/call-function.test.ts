import { cloudID, isCloudIdError } from '../../src/client';
import { caught, setup } from './helpers';

describe('callFunction', () => {
  it('sends top-level tickets as CloudIDs and resolves with the platform result', async () => {
    const { wx, client } = setup({ functions: { steps: (event) => ({ steps: event.weRun.data.stepInfoList.length }) } });
    const ticket = await client.getWeRunData();
    const response = await client.callFunction({ name: 'steps', data: { weRun: ticket, note: 'hi' } });
    expect(response.result).toEqual({ steps: expect.any(Number) });
    expect(response.errMsg).toBe('cloud.callFunction:ok');
    expect(wx.calls[0].event).toMatchObject({ weRun: { cloudID: ticket.cloudID }, note: 'hi' });
  });

  it('passes config and slow through', async () => {
    const { wx, client } = setup({ functions: { env: () => 'ok' } });
    const sent: unknown[] = [];
    const original = wx.cloud!.callFunction;
    wx.cloud!.callFunction = ((options: Parameters<typeof original>[0]) => {
      sent.push({ config: options.config, slow: options.slow });
      return original(options);
    }) as typeof original;
    await client.callFunction({ name: 'env', config: { env: 'prod-1' }, slow: true });
    expect(sent).toEqual([{ config: { env: 'prod-1' }, slow: true }]);
  });

  it('refreshes a stale ticket before sending, without touching the caller\'s data', async () => {
    const { wx, client } = setup({ functions: { echo: (event) => event.weRun.cloudID } });
    const ticket = await client.getWeRunData();
    wx.clock.advance(4 * 60_000 + 45_000);
    const data = { weRun: ticket };
    const response = await client.callFunction({ name: 'echo', data });
    expect(response.result).not.toBe(ticket.cloudID);
    expect(response.result).toBe(wx.issuedCloudIds[1].cloudID);
    expect(data.weRun).toBe(ticket);
  });

  it('rejects a stale ticket that cannot be refreshed, before sending', async () => {
    const { wx, client } = setup({ functions: { echo: () => 'ran' } });
    const ticket = client.ticketFromEvent(wx.tapGetPhoneNumber());
    wx.clock.advance(5 * 60_000);
    const error = await caught(() => client.callFunction({ name: 'echo', data: { phone: ticket } }));
    expect(error).toMatchObject({ code: 'TICKET_EXPIRED' });
    expect(wx.calls).toHaveLength(0);
  });

  it('rejects misnested data before the request leaves the phone', async () => {
    const { wx, client } = setup({ functions: { echo: () => 'ran' } });
    // @ts-expect-error CallData<T> refuses it at compile time too; this is the run-time guard for plain JS.
    await expect(client.callFunction({ name: 'echo', data: { obj: { shareInfo: cloudID('yyy') } } })).rejects.toMatchObject({ code: 'CLOUD_ID_NESTED' });
    expect(wx.calls).toHaveLength(0);
  });

  it('fails with CLOUD_UNAVAILABLE before wx.cloud.init()', async () => {
    const { client } = setup({ cloud: 'not-initialized', functions: { echo: () => 'ran' } });
    await expect(client.callFunction({ name: 'echo' })).rejects.toMatchObject({ code: 'CLOUD_UNAVAILABLE', reason: 'not-initialized' });
  });

  it('fails with CLOUD_UNAVAILABLE when wx.cloud is absent', async () => {
    const { client } = setup({ cloud: 'absent' });
    await expect(client.callFunction({ name: 'echo' })).rejects.toMatchObject({ code: 'CLOUD_UNAVAILABLE', reason: 'absent' });
  });

  it('fails with CALL_FAILED carrying the platform errMsg and errCode', async () => {
    const { client } = setup({
      functions: {
        broken: () => {
          throw new Error('database down');
        },
      },
    });
    const unknown = await caught(() => client.callFunction({ name: 'missing' }));
    expect(isCloudIdError(unknown)).toBe(true);
    expect(unknown).toMatchObject({ code: 'CALL_FAILED', functionName: 'missing', errCode: expect.any(Number) });
    const thrown = await caught(() => client.callFunction({ name: 'broken' }));
    expect(thrown).toMatchObject({ code: 'CALL_FAILED', functionName: 'broken' });
    expect((thrown as Error).message).toContain('database down');
  });

  it('reads each top-level field of data once per call, through a refresh and a retry', async () => {
    let expiredOnce = false;
    const { wx, client } = setup({
      functions: {
        steps: () => {
          if (expiredOnce) return 'ran';
          expiredOnce = true;
          return { cloudIdFailure: { version: 1, failures: [{ key: 'weRun', reason: 'expired', errMsg: 'cloudID expired.' }] } };
        },
      },
    });
    const ticket = await client.getWeRunData();
    wx.clock.advance(4 * 60_000 + 45_000);
    const reads = { weRun: 0, note: 0 };
    const data = {
      get weRun() {
        reads.weRun++;
        return ticket;
      },
      get note() {
        reads.note++;
        return 'hi';
      },
    };
    expect((await client.callFunction({ name: 'steps', data })).result).toBe('ran');
    expect(wx.calls).toHaveLength(2);
    expect(reads).toEqual({ weRun: 1, note: 1 });
  });

  it('settles with CALL_FAILED when fail() gets a revoked Proxy, later or at once', async () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    for (const later of [true, false]) {
      const { wx, client } = setup({ functions: { echo: () => 'ran' } });
      wx.cloud!.callFunction = ((options: { fail(error: unknown): void }) => {
        if (later) setTimeout(() => options.fail(revoked()));
        else options.fail(revoked());
      }) as never;
      await expect(client.callFunction({ name: 'echo' })).rejects.toMatchObject({ code: 'CALL_FAILED', functionName: 'echo' });
    }
  });
});
