import { CLOUD_ID_TTL_MS, createCloudId, DEFAULT_CALL_TIMEOUT_MS, isCloudIdError, PhoneCode, type CloudIdClient } from '../../src/client';
import { PHONE_CODE_NO_QUOTA_ERRNO } from '../../src/core/rules';
import { caught, setup } from './helpers';

type Source = 'getWeRunData' | 'getShareInfo' | 'getGroupEnterInfo' | 'getUserInfo' | 'getUserProfile' | 'getChatToolInfo';

const call: Record<Source, (client: CloudIdClient) => Promise<unknown>> = {
  getWeRunData: (client) => client.getWeRunData(),
  getShareInfo: (client) => client.getShareInfo({ shareTicket: 'share-ticket-1' }),
  getGroupEnterInfo: (client) => client.getGroupEnterInfo(),
  getUserInfo: (client) => client.getUserInfo(),
  getUserProfile: (client) => client.getUserProfile({ desc: 'to show your profile' }),
  getChatToolInfo: (client) => client.getChatToolInfo(),
};

const minimum: Record<Source, [ok: string, tooOld: string]> = {
  getWeRunData: ['2.7.0', '2.6.9'],
  getShareInfo: ['2.7.0', '2.6.9'],
  getGroupEnterInfo: ['2.10.4', '2.10.3'],
  getUserInfo: ['2.7.0', '2.6.9'],
  getUserProfile: ['2.10.4', '2.10.3'],
  getChatToolInfo: ['3.7.8', '3.7.7'],
};

describe.each(Object.keys(call) as Source[])('%s', (api) => {
  it('resolves a ticket with the cloudID, its source, its lifetime and the raw result', async () => {
    const { wx, client } = setup();
    const ticket = (await call[api](client)) as Awaited<ReturnType<CloudIdClient['getWeRunData']>>;
    const issued = wx.issuedCloudIds[wx.issuedCloudIds.length - 1];
    expect(ticket.cloudID).toBe(issued.cloudID);
    expect(ticket.api).toBe(api);
    expect(ticket.obtainedAt).toBe(wx.clock.now());
    expect(ticket.expiresAt).toBe(wx.clock.now() + CLOUD_ID_TTL_MS);
    expect(ticket.raw).toMatchObject({ cloudID: issued.cloudID, errMsg: `${api}:ok` });
  });

  it('works at its minimum base library', async () => {
    const { client } = setup({ baseLibrary: minimum[api][0] });
    await expect(call[api](client)).resolves.toMatchObject({ api });
  });

  it('rejects below its minimum base library without calling the API', async () => {
    const { wx, client } = setup({ baseLibrary: minimum[api][1] });
    const error = await caught(() => call[api](client));
    expect(error).toMatchObject({ code: 'BASE_LIBRARY_TOO_OLD', feature: api, required: minimum[api][0], actual: minimum[api][1] });
    expect(wx.issuedCloudIds).toHaveLength(0);
  });

  it('rejects with the API failure and its errMsg', async () => {
    const errMsg = `${api}:fail auth deny`;
    const { client } = setup({ failures: { [api]: { errMsg, errno: 103 } } });
    const error = await caught(() => call[api](client));
    expect(isCloudIdError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'OPEN_DATA_API_FAILED', api, errMsg, errno: 103 });
    expect((error as Error).message).toContain(errMsg);
  });

  it('rejects with CLOUD_ID_MISSING when cloud development is not enabled', async () => {
    const { client } = setup({ cloud: 'disabled' });
    const error = await caught(() => call[api](client));
    expect(error).toMatchObject({ code: 'CLOUD_ID_MISSING', api });
    expect((error as Error).message).toContain('enable cloud development');
  });

  it('rejects with CLOUD_UNAVAILABLE when wx.cloud is absent', async () => {
    const { client } = setup({ cloud: 'absent' });
    await expect(call[api](client)).rejects.toMatchObject({ code: 'CLOUD_UNAVAILABLE', reason: 'absent' });
  });
});

describe.each(Object.keys(call) as Source[])('%s against a platform that misbehaves', (api) => {
  /** A mock platform whose `wx[api]` is `replacement`. */
  function replaced(replacement: (options: { fail(error: unknown): void }) => void) {
    const { wx } = setup();
    (wx as unknown as Record<Source, unknown>)[api] = replacement;
    return wx;
  }

  afterEach(() => jest.useRealTimers());

  it(`fails with OPEN_DATA_API_FAILED after ${DEFAULT_CALL_TIMEOUT_MS} ms when the API never calls back`, async () => {
    jest.useFakeTimers();
    const wx = replaced(() => undefined);
    const settled = call[api](createCloudId({ wx, now: () => wx.clock.now() })).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await jest.advanceTimersByTimeAsync(DEFAULT_CALL_TIMEOUT_MS - 1);
    let outcome: unknown = 'pending';
    void settled.then((value) => (outcome = value));
    await Promise.resolve();
    expect(outcome).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(await settled).toMatchObject({ code: 'OPEN_DATA_API_FAILED', api, errMsg: `${api}:fail timeout: no answer in ${DEFAULT_CALL_TIMEOUT_MS} ms (option timeout)` });
  });

  it('honours its timeout option, and passes it on to the API', async () => {
    const seen: unknown[] = [];
    const wx = replaced((options) => void seen.push((options as { timeout?: unknown }).timeout));
    const client = createCloudId({ wx, now: () => wx.clock.now() });
    const options = { timeout: 20, shareTicket: 'share-ticket-1', desc: 'to show your profile' };
    await expect((client[api] as (options: object) => Promise<unknown>)(options)).rejects.toMatchObject({ code: 'OPEN_DATA_API_FAILED', api });
    expect(seen).toEqual([20]);
    await expect((client[api] as (options: object) => Promise<unknown>)({ ...options, timeout: -1 })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'timeout' });
  });

  it('settles with OPEN_DATA_API_FAILED when fail() gets a revoked Proxy, later or at once', async () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    for (const wx of [replaced((options) => void setTimeout(() => options.fail(revoked()))), replaced((options) => options.fail(revoked()))]) {
      await expect(call[api](createCloudId({ wx, now: () => wx.clock.now() }))).rejects.toMatchObject({ code: 'OPEN_DATA_API_FAILED', api });
    }
  });
});

describe('required options', () => {
  it('getShareInfo rejects without a shareTicket, naming it', async () => {
    const { client } = setup();
    const error = await caught(() => client.getShareInfo({} as { shareTicket: string }));
    expect(error).toMatchObject({ code: 'INVALID_OPTION', option: 'shareTicket' });
    expect((error as Error).message).toContain('shareTicket');
  });

  it('getUserProfile rejects without a desc, naming it', async () => {
    const { client } = setup();
    await expect(client.getUserProfile({ desc: '' })).rejects.toThrow(/desc/);
  });

  it('passes the options through to the API', async () => {
    const { wx } = setup();
    const original = wx.getShareInfo!;
    const seen: unknown[] = [];
    wx.getShareInfo = ((options?: Parameters<typeof original>[0]) => {
      seen.push(options && options.shareTicket);
      return original(options);
    }) as typeof original;
    await createCloudId({ wx, now: () => wx.clock.now() }).getShareInfo({ shareTicket: 'abc' });
    expect(seen).toEqual(['abc']);
  });
});

describe('refresh', () => {
  it('fetches a new ticket from the same source with the same options', async () => {
    const { wx, client } = setup();
    const first = await client.getShareInfo({ shareTicket: 'share-ticket-1' });
    wx.clock.advance(60_000);
    const second = await first.refresh();
    expect(second.cloudID).not.toBe(first.cloudID);
    expect(second.api).toBe('getShareInfo');
    expect(second.obtainedAt).toBe(first.obtainedAt + 60_000);
    expect(first.refreshable && second.refreshable).toBe(true);
  });

  it('is refused for getUserProfile, which needs a tap', async () => {
    const { client } = setup();
    const ticket = await client.getUserProfile({ desc: 'profile' });
    expect(ticket.refreshable).toBe(false);
    await expect(ticket.refresh()).rejects.toMatchObject({ code: 'TICKET_NOT_REFRESHABLE', api: 'getUserProfile' });
  });
});

describe('ticketFromEvent', () => {
  it('reads the cloudID of a getPhoneNumber button event', () => {
    const { wx, client } = setup();
    const event = wx.tapGetPhoneNumber();
    const ticket = client.ticketFromEvent(event);
    expect(ticket).toMatchObject({ api: 'getPhoneNumber', cloudID: event.detail.cloudID, obtainedAt: wx.clock.now(), refreshable: false });
    expect(ticket.raw).toBe(event.detail);
  });

  it('reads a getUserInfo button event', () => {
    const { wx, client } = setup();
    expect(client.ticketFromEvent(wx.tapGetUserInfo())).toMatchObject({ api: 'getUserInfo' });
  });

  it('throws OPEN_DATA_API_FAILED when the user declined', () => {
    const { wx, client } = setup();
    const event = wx.tapGetPhoneNumber({ deny: true });
    expect(() => client.ticketFromEvent(event)).toThrow(expect.objectContaining({ code: 'OPEN_DATA_API_FAILED', api: 'getPhoneNumber', errMsg: event.detail.errMsg }));
  });

  it('throws CLOUD_ID_MISSING below base library 2.8.0, naming the version', () => {
    const { wx, client } = setup({ baseLibrary: '2.7.9' });
    expect(() => client.ticketFromEvent(wx.tapGetPhoneNumber())).toThrow(/2\.8\.0/);
  });

  it('throws INVALID_OPTION for an event that is not an open-data button event, whatever its type', () => {
    const { client } = setup();
    for (const type of ['tap', 'constructor', '__proto__', 'toString']) {
      expect(() => client.ticketFromEvent({ type, detail: {} })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option: 'event' }));
    }
    expect(() => client.ticketFromEvent(undefined as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('says a getrealtimephonenumber event has no cloudID and points to phoneCodeFromEvent, never a TypeError', () => {
    const { client } = setup();
    const error = (() => {
      try {
        client.ticketFromEvent({ type: 'getrealtimephonenumber', detail: { errMsg: 'getRealtimePhoneNumber:ok', code: 'abc' } });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toMatchObject({ code: 'CLOUD_ID_MISSING', api: 'getRealtimePhoneNumber' });
    expect((error as Error).message).toContain('phoneCodeFromEvent');
  });

  it('names every known cause of a missing cloudID', () => {
    const { client } = setup();
    const userInfo = caughtSync(() => client.ticketFromEvent({ type: 'getuserinfo', detail: { errMsg: 'getUserInfo:ok' } }));
    expect(userInfo).toMatchObject({ code: 'CLOUD_ID_MISSING', api: 'getUserInfo' });
    expect((userInfo as Error).message).toMatch(/cloud development.*2\.7\.0\+.*withCredentials after wx\.login/);
    const phone = caughtSync(() => client.ticketFromEvent({ type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok' } }));
    expect((phone as Error).message).toMatch(/cloud development.*2\.8\.0\+/);
    expect((phone as Error).message).not.toContain('withCredentials');
  });
});

function caughtSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('phoneCodeFromEvent', () => {
  it('reads the code of a getPhoneNumber button event into a PhoneCode valid five minutes', () => {
    const { wx, client } = setup();
    const event = wx.tapGetPhoneNumber();
    const code = client.phoneCodeFromEvent(event);
    expect(code).toBeInstanceOf(PhoneCode);
    expect(code).toMatchObject({ code: event.detail.code, api: 'getPhoneNumber', obtainedAt: wx.clock.now(), expiresAt: wx.clock.now() + 5 * 60_000 });
    wx.clock.advance(60_000);
    expect(code.remainingMs()).toBe(4 * 60_000);
    expect(code.isExpired()).toBe(false);
    wx.clock.advance(3 * 60_000 + 30_000);
    expect(code.isExpired()).toBe(true);
  });

  it('reads a getrealtimephonenumber event (code only, no cloudID)', () => {
    const { client } = setup();
    const code = client.phoneCodeFromEvent({ type: 'getrealtimephonenumber', detail: { errMsg: 'getRealtimePhoneNumber:ok', code: 'realtime-code' } });
    expect(code).toMatchObject({ code: 'realtime-code', api: 'getRealtimePhoneNumber' });
  });

  it.each([
    ['the user declined', { errMsg: 'getPhoneNumber:fail user deny' }, 'declined', /declined/],
    ['the quota is used up', { errMsg: 'getPhoneNumber:fail no quota', errno: PHONE_CODE_NO_QUOTA_ERRNO }, 'no-quota', /quota used up \(errno 1400001\): buy more/],
    ['the button failed otherwise', { errMsg: 'getPhoneNumber:fail no permission' }, 'failed', /no permission/],
    ['the base library gives no code', { errMsg: 'getPhoneNumber:ok', cloudID: 'x' }, 'no-code', /2\.21\.2\+.*getRealtimePhoneNumber 2\.24\.4\+/],
  ])('throws PHONE_CODE_UNAVAILABLE when %s, saying what to do', (_, detail, reason, message) => {
    const { client } = setup();
    const error = caughtSync(() => client.phoneCodeFromEvent({ type: 'getphonenumber', detail }));
    expect(isCloudIdError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PHONE_CODE_UNAVAILABLE', reason, eventType: 'getphonenumber' });
    expect((error as Error).message).toMatch(message);
  });

  it('uses the mock platform\'s deny event and old base library as they come', () => {
    const { wx, client } = setup();
    expect(caughtSync(() => client.phoneCodeFromEvent(wx.tapGetPhoneNumber({ deny: true })))).toMatchObject({ reason: 'declined' });
    const old = setup({ baseLibrary: '2.21.1' });
    expect(caughtSync(() => old.client.phoneCodeFromEvent(old.wx.tapGetPhoneNumber()))).toMatchObject({ reason: 'no-code' });
  });

  it('refuses an event of another kind, including getuserinfo', () => {
    const { wx, client } = setup();
    for (const event of [wx.tapGetUserInfo(), { type: 'tap', detail: {} }, { type: 'constructor', detail: {} }, undefined]) {
      expect(caughtSync(() => client.phoneCodeFromEvent(event as never))).toMatchObject({ code: 'PHONE_CODE_UNAVAILABLE', reason: 'not-a-phone-event' });
    }
  });
});

describe('ticketFromResult', () => {
  it('wraps a result obtained elsewhere; it cannot be refreshed', async () => {
    const { wx, client } = setup();
    const raw = await wx.getWeRunData!();
    const ticket = client.ticketFromResult('getWeRunData', raw);
    expect(ticket).toMatchObject({ api: 'getWeRunData', cloudID: raw!.cloudID, refreshable: false });
    await expect(ticket.refresh()).rejects.toMatchObject({ code: 'TICKET_NOT_REFRESHABLE' });
  });

  it.each([[{ errMsg: 'getWeRunData:ok' }], [{ cloudID: '' }], [null]])('throws CLOUD_ID_MISSING for %j', (raw) => {
    const { client } = setup();
    expect(() => client.ticketFromResult('getWeRunData', raw)).toThrow(expect.objectContaining({ code: 'CLOUD_ID_MISSING' }));
  });
});
