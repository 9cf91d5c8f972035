import { cloudID, CLOUD_ID_TTL_MS, isCloudIdError, type CloudIdTicket, CloudIdError, type CallDataErrorCode } from '../../src/client';
import { caught, setup } from './helpers';

async function platformWithTicket() {
  const { wx, client } = setup();
  const ticket = await client.getWeRunData();
  return { wx, client, ticket };
}

const codesAndPaths = (problems: { code: string; path: string }[]) => problems.map(({ code, path }) => [code, path]);

describe('buildCallData', () => {
  it('turns top-level tickets, references and raw CloudIDs into wx.cloud.CloudID and copies the rest', async () => {
    const { wx, client, ticket } = await platformWithTicket();
    const raw = wx.cloud!.CloudID('raw-id');
    const nestedPlain = { a: [1, 'two', null, true], b: { c: new Date(0) } };
    const data = { weRun: ticket, ref: cloudID('ref-id'), raw, plain: nestedPlain, n: 1 };
    const built = client.buildCallData(data);
    const CloudID = raw.constructor;
    expect(built.weRun).toBeInstanceOf(CloudID);
    expect(built.ref).toBeInstanceOf(CloudID);
    expect(built.raw).toBe(raw);
    expect(built.plain).toBe(nestedPlain);
    expect(built.n).toBe(1);
    expect(built).not.toBe(data);
  });

  it('is what the platform replaces with open data', async () => {
    const { wx, client } = setup({ functions: { echo: (event) => event } });
    const ticket = await client.getWeRunData();
    const response = await wx.cloud!.callFunction({ name: 'echo', data: client.buildCallData({ weRun: ticket }) });
    expect(response!.result).toMatchObject({ weRun: { cloudID: ticket.cloudID, data: { stepInfoList: expect.any(Array) } } });
  });

  it('never mutates its input', async () => {
    const { client, ticket } = await platformWithTicket();
    const data = { weRun: ticket, list: [{ id: 1 }], obj: { deep: { x: 1 } } };
    const snapshot = JSON.stringify(data);
    const keys = Object.keys(data);
    client.buildCallData(data);
    expect(JSON.stringify(data)).toBe(snapshot);
    expect(Object.keys(data)).toEqual(keys);
    expect(data.weRun).toBe(ticket);
  });

  it('throws ONE error listing every problem with its dotted path', async () => {
    const { client, ticket } = await platformWithTicket();
    class Holder {
      constructor(readonly inner: unknown) {}
    }
    const data = {
      obj: { shareInfo: cloudID('yyy') },
      list: [0, 1, { id: ticket }],
      tuple: [cloudID('t')] as const,
      instance: new Holder(cloudID('c')),
      'odd key': { 'a-b': cloudID('q') },
    };
    // @ts-expect-error CallData<T> refuses it at compile time too; this is the run-time guard for plain JS.
    const error = (await caught(() => client.buildCallData(data))) as CloudIdError<CallDataErrorCode>;
    expect(isCloudIdError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CLOUD_ID_NESTED' });
    expect(error.code).toBe('CLOUD_ID_NESTED');
    expect(codesAndPaths(error.issues as never)).toEqual([
      ['CLOUD_ID_NESTED', 'obj.shareInfo'],
      ['CLOUD_ID_NESTED', 'list[2].id'],
      ['CLOUD_ID_NESTED', 'tuple[0]'],
      ['CLOUD_ID_NESTED', 'instance.inner'],
      ['CLOUD_ID_NESTED', '["odd key"]["a-b"]'],
    ]);
    expect(error.message).toContain('obj.shareInfo: a nested CloudID arrives as a bare string: move it to the top level');
  });

  it('reports a raw wx.cloud.CloudID nested at any depth', async () => {
    const { wx, client } = await platformWithTicket();
    const report = client.inspectCallData({ a: { b: [{ c: wx.cloud!.CloudID('x') }] } });
    expect(codesAndPaths(report.problems)).toEqual([['CLOUD_ID_NESTED', 'a.b[0].c']]);
  });

  it('accepts 5 CloudIDs at the top level and refuses 6', async () => {
    const { client } = setup();
    const five = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((key) => [key, cloudID(key)]));
    expect(client.inspectCallData(five)).toEqual({ cloudIdKeys: ['a', 'b', 'c', 'd', 'e'], phoneCodeKeys: [], problems: [], unlisted: 0 });
    const six = { ...five, f: cloudID('f') };
    const error = (await caught(() => client.buildCallData(six))) as CloudIdError<CallDataErrorCode>;
    expect(error).toMatchObject({ code: 'TOO_MANY_CLOUD_IDS' });
    expect(error.code).toBe('TOO_MANY_CLOUD_IDS');
    expect(error.issues).toEqual([expect.objectContaining({ code: 'TOO_MANY_CLOUD_IDS', path: '' })]);
    expect(error.message).toContain('6 CloudIDs (a, b, c, d, e, f), at most 5 per call');
  });

  it('mixed problems give INVALID_CALL_DATA with all of them', async () => {
    const { client } = setup();
    // @ts-expect-error CallData<T> refuses the nested CloudID at compile time too.
    const error = (await caught(() => client.buildCallData({ a: { b: cloudID('x') }, f: () => 1 }))) as CloudIdError<CallDataErrorCode>;
    expect(error.code).toBe('INVALID_CALL_DATA');
    expect(error).toBeInstanceOf(CloudIdError);
    expect(codesAndPaths(error.issues as never)).toEqual([
      ['CLOUD_ID_NESTED', 'a.b'],
      ['NOT_SENDABLE', 'f'],
    ]);
  });
});

describe('ticket lifetime in call data', () => {
  const atOffset = async (offsetMs: number, marginMs?: number) => {
    const { wx, client, ticket } = await platformWithTicket();
    wx.clock.advance(offsetMs);
    return client.inspectCallData({ weRun: ticket }, marginMs === undefined ? {} : { marginMs }).problems;
  };

  it('is fine until the 30 s safety margin', async () => {
    expect(await atOffset(CLOUD_ID_TTL_MS - 30_001)).toEqual([]);
  });

  it('is expired inside the default margin', async () => {
    expect(codesAndPaths(await atOffset(CLOUD_ID_TTL_MS - 30_000))).toEqual([['TICKET_EXPIRED', 'weRun']]);
  });

  it('makes buildCallData throw a TicketExpiredError', async () => {
    const { wx, client, ticket } = await platformWithTicket();
    wx.clock.advance(CLOUD_ID_TTL_MS);
    await expect(caught(() => client.buildCallData({ weRun: ticket }))).resolves.toMatchObject({ code: 'TICKET_EXPIRED' });
  });

  it('honours marginMs: with 0, valid until the last millisecond, expired at exactly five minutes', async () => {
    expect(await atOffset(CLOUD_ID_TTL_MS - 1, 0)).toEqual([]);
    expect(codesAndPaths(await atOffset(CLOUD_ID_TTL_MS, 0))).toEqual([['TICKET_EXPIRED', 'weRun']]);
  });

  it('says how long is left or that it has expired', async () => {
    expect((await atOffset(CLOUD_ID_TTL_MS - 10_000))[0].message).toContain('getWeRunData ticket expires in 10 s (margin 30 s)');
    expect((await atOffset(CLOUD_ID_TTL_MS + 1))[0].message).toContain('getWeRunData ticket expired');
  });

  it('tracks remainingMs and isExpired on the ticket with the fake clock', async () => {
    const { wx, ticket } = await platformWithTicket();
    expect(ticket.remainingMs()).toBe(CLOUD_ID_TTL_MS);
    wx.clock.advance(CLOUD_ID_TTL_MS - 30_001);
    expect(ticket.isExpired()).toBe(false);
    wx.clock.advance(1);
    expect(ticket.isExpired()).toBe(true);
    expect(ticket.isExpired(undefined, 0)).toBe(false);
    expect(ticket.isExpired(ticket.expiresAt, 0)).toBe(true);
  });

  it('does not track references, whose lifetime is unknown', () => {
    const { client } = setup();
    expect(client.inspectCallData({ ref: cloudID('old') }).problems).toEqual([]);
  });
});

describe('values that cannot be sent', () => {
  it.each([
    ['a function', { f: () => 1 }, 'f'],
    ['a symbol', { s: Symbol('s') }, 's'],
    ['a bigint', { b: BigInt(1) }, 'b'],
    ['NaN', { n: NaN }, 'n'],
    ['Infinity', { n: [Infinity] }, 'n[0]'],
    ['a Map', { m: new Map() }, 'm'],
    ['a Set', { s: { inner: new Set([1]) } }, 's.inner'],
    ['undefined in an array', { list: [1, undefined] }, 'list[1]'],
  ])('%s', (_, data, path) => {
    const { client } = setup();
    expect(codesAndPaths(client.inspectCallData(data).problems)).toEqual([['NOT_SENDABLE', path]]);
  });

  it('makes buildCallData throw a NotSendableError', async () => {
    const { client } = setup();
    await expect(caught(() => client.buildCallData({ f: () => 1 }))).resolves.toMatchObject({ code: 'NOT_SENDABLE' });
  });

  it('allows undefined fields of objects (they are left out, as JSON does)', () => {
    const { client } = setup();
    expect(client.inspectCallData({ a: undefined, b: { c: undefined } }).problems).toEqual([]);
  });

  it.each([[null], [[1, 2]], ['text'], [cloudID('x')]])('refuses %j as data itself', (data) => {
    const { client } = setup();
    expect(codesAndPaths(client.inspectCallData(data).problems)).toEqual([['NOT_SENDABLE', '']]);
  });
});

describe('cycles and shared structures', () => {
  it('reports a cycle at the back edge closest to the top and goes on with other fields', () => {
    const { client } = setup();
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    const data = { tree: { node }, after: { bad: cloudID('x') } };
    const report = client.inspectCallData(data);
    expect(codesAndPaths(report.problems)).toEqual([
      ['CIRCULAR_REFERENCE', 'tree.node.self'],
      ['CLOUD_ID_NESTED', 'after.bad'],
    ]);
  });

  it('reports a cycle back to data itself', () => {
    const { client } = setup();
    const data: Record<string, unknown> = { a: 1 };
    data.back = { to: data };
    expect(codesAndPaths(client.inspectCallData(data).problems)).toEqual([['CIRCULAR_REFERENCE', 'back.to']]);
  });

  it('finds a cycle and a nested CloudID at their paths past a hundred levels, and refuses nesting over a thousand', () => {
    const { client } = setup();
    const deep: Record<string, unknown> = {};
    let node = deep;
    const path = ['deep'];
    for (let level = 0; level < 120; level++) {
      node = node.next = {} as Record<string, unknown>;
      path.push('next');
    }
    node.back = deep;
    node.id = cloudID('x');
    let tooDeep: unknown = 1;
    for (let level = 0; level < 1001; level++) tooDeep = [tooDeep];
    expect(codesAndPaths(client.inspectCallData({ deep, tooDeep }).problems)).toEqual([
      ['CIRCULAR_REFERENCE', `${path.join('.')}.back`],
      ['CLOUD_ID_NESTED', `${path.join('.')}.id`],
      ['NOT_SENDABLE', `tooDeep${'[0]'.repeat(1000)}`],
    ]);
  });

  it('accepts the same object in two places', () => {
    const { client } = setup();
    const shared = { x: 1 };
    expect(client.inspectCallData({ a: shared, b: [shared, shared] }).problems).toEqual([]);
  });

  it('finishes on a structure with 2^40 paths (each shared object is walked once)', () => {
    const { client } = setup();
    let node: object = { leaf: true };
    for (let level = 0; level < 40; level++) node = { left: node, right: node };
    expect(client.inspectCallData({ node }).problems).toEqual([]);
  });

  it('finds a problem in a field after one with 2^40 paths, and in each field when a getter checks other data midway', () => {
    const { client } = setup();
    let node: object = { leaf: true };
    for (let level = 0; level < 40; level++) node = { left: node, right: node };
    const list = Array.from({ length: 1000 }, (_, index) => ({ index, ref: index === 999 ? cloudID('late') : null }));
    expect(codesAndPaths(client.inspectCallData({ node, list }).problems)).toEqual([['CLOUD_ID_NESTED', 'list[999].ref']]);

    // A getter that calls back in (here: checks other data) while the walk is on its field.
    let inner: unknown;
    const calling = {
      get first() {
        inner = client.inspectCallData({ node, other: [{ bad: cloudID('inner') }] }).problems;
        return 1;
      },
      rest: list,
    };
    expect(codesAndPaths(client.inspectCallData({ calling }).problems)).toEqual([['CLOUD_ID_NESTED', 'calling.rest[999].ref']]);
    expect(codesAndPaths(inner as { code: string; path: string }[])).toEqual([['CLOUD_ID_NESTED', 'other[0].bad']]);
  });
});

describe('inspectCallData', () => {
  it('reports the CloudID keys and no problems for good data', async () => {
    const { client, ticket } = await platformWithTicket();
    expect(client.inspectCallData({ weRun: ticket, ref: cloudID('r'), other: { x: 1 } })).toEqual({ cloudIdKeys: ['weRun', 'ref'], phoneCodeKeys: [], problems: [], unlisted: 0 });
  });

  it('works without wx.cloud for tickets and references', () => {
    const { client } = setup({ cloud: 'absent' });
    expect(client.inspectCallData({ a: { b: cloudID('x') } }).problems).toHaveLength(1);
  });

  it('buildCallData fails with CLOUD_UNAVAILABLE when wx.cloud is absent and there is a CloudID to send', async () => {
    const { client } = setup({ cloud: 'absent' });
    await expect(caught(() => client.buildCallData({ a: cloudID('x') }))).resolves.toMatchObject({ code: 'CLOUD_UNAVAILABLE' });
    expect(client.buildCallData({ a: 1 })).toEqual({ a: 1 });
  });

  it('buildCallData fails with BASE_LIBRARY_TOO_OLD below 2.7.0, where wx.cloud.CloudID does not exist', async () => {
    const { client } = setup({ baseLibrary: '2.6.0' });
    await expect(caught(() => client.buildCallData({ a: cloudID('x') }))).resolves.toMatchObject({ code: 'BASE_LIBRARY_TOO_OLD', feature: 'CloudID', required: '2.7.0' });
  });

  it('buildCallData fails with the package\'s error naming the key when wx.cloud.CloudID throws', async () => {
    const { wx, client, ticket } = await platformWithTicket();
    wx.cloud!.CloudID = (() => {
      throw new Error('CloudID refused');
    }) as never;
    const error = await caught(() => client.buildCallData({ note: 'hi', 'we-run': ticket }));
    expect(isCloudIdError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NOT_SENDABLE', issues: [{ code: 'NOT_SENDABLE', path: '["we-run"]' }], unlisted: 0, cause: { message: 'CloudID refused' } });
    expect((error as Error).message).toContain('["we-run"]: wx.cloud.CloudID threw: check wx.cloud.init() and the id');
  });
});

export type { CloudIdTicket };
