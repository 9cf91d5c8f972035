import { cloudID, createCloudId, isCloudIdError, PhoneCode, type WxLike, type CloudIdError, type CallDataErrorCode } from '../../src/client';
import { containerCheck } from '../../src/client/call-container';
import { buildCallDataIn, inspectCallDataIn, prepareReading, readCallDataIn } from '../../src/client/call-data';
import type { ClientContext } from '../../src/client/context';
import { markPhoneCodeSent } from '../../src/client/phone-code';
import { CLOUD_ID_MARK } from '../../src/core/cloud-id-mark';
import { PHONE_CODE_TTL_MS } from '../../src/core/rules';
import { caught, setup } from './helpers';

/** The call data callContainer would send, and its report. */
const forContainer = (context: ClientContext, data: object) => prepareReading(context, readCallDataIn(context, data, undefined, containerCheck)).data;
const inspectForContainer = (context: ClientContext, data: object) => readCallDataIn(context, data, undefined, containerCheck).report;

const codesAndPaths = (problems: { code: string; path: string }[]) => problems.map(({ code, path }) => `${code} @ ${path}`);

/** A platform whose wx.cloud also has CDN (2.12.0), as the real one does. */
let codeSerial = 0;

function platform() {
  const { wx, client } = setup({ functions: { echo: (event) => event } });
  class CDN {
    constructor(readonly target: unknown) {}
  }
  (wx.cloud as unknown as { CDN: (target: unknown) => object }).CDN = (target) => new CDN(target);
  const context: ClientContext = { wx: () => wx as WxLike, now: () => wx.clock.now() };
  // Each code string unique: the package remembers the code strings it sent.
  const phoneCode = (code = `code-${++codeSerial}`, obtainedAt = wx.clock.now()) => new PhoneCode(code, 'getPhoneNumber', obtainedAt, () => wx.clock.now());
  const cdn = (target: unknown) => (wx.cloud as unknown as { CDN: (target: unknown) => object }).CDN(target);
  return { wx, client, context, phoneCode, cdn };
}

describe('call data for callContainer', () => {
  it('sends top-level tickets and references as their cloudID strings', async () => {
    const { client, context } = platform();
    const ticket = await client.getWeRunData();
    const built = forContainer(context, { weRun: ticket, ref: cloudID('ref-id'), n: 1 });
    expect(built).toEqual({ weRun: ticket.cloudID, ref: 'ref-id', n: 1 });
  });

  it('refuses a wx.cloud.CloudID object anywhere, saying to pass the ticket or the id', () => {
    const { wx, context } = platform();
    const data = { top: wx.cloud!.CloudID('a'), deep: { id: wx.cloud!.CloudID('b') } };
    const report = inspectForContainer(context, data);
    expect(codesAndPaths(report.problems)).toEqual(['PLATFORM_VALUE_IN_CONTAINER @ top', 'PLATFORM_VALUE_IN_CONTAINER @ deep.id']);
    expect(report.problems[0].message).toMatch(/pass the ticket or the id/);
    const error = (() => {
      try {
        forContainer(context, data);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toMatchObject({ code: 'PLATFORM_VALUE_IN_CONTAINER' });
  });

  it('refuses a nested ticket with the same error as callFunction', async () => {
    const { client, context } = platform();
    const ticket = await client.getWeRunData();
    expect(() => forContainer(context, { obj: { weRun: ticket } })).toThrow(expect.objectContaining({ code: 'CLOUD_ID_NESTED' }));
  });

  it('keeps the limit of five CloudIDs, so data moves between transports unchanged', () => {
    const { context } = platform();
    const six = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => [key, cloudID(key)]));
    expect(() => forContainer(context, six)).toThrow(expect.objectContaining({ code: 'TOO_MANY_CLOUD_IDS' }));
  });

  it('refuses binary data and CDN values, which only callFunction turns into something', () => {
    const { context, cdn } = platform();
    const report = inspectForContainer(context, { bytes: new Uint8Array([1]), file: cdn('a.png') });
    expect(codesAndPaths(report.problems)).toEqual(['NOT_SENDABLE @ bytes', 'PLATFORM_VALUE_IN_CONTAINER @ file']);
  });
});

describe('phone codes in call data', () => {
  it('are sent as the code string at the top level, on both transports, and do not count as CloudIDs', () => {
    const { context, phoneCode } = platform();
    const code = phoneCode('the-code');
    const five = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((key) => [key, cloudID(key)]));
    const prepared = prepareReading(context, readCallDataIn(context, { ...five, phone: code }));
    expect(prepared.data.phone).toBe('the-code');
    expect(prepared.phoneCodes).toEqual([code]);
    expect(forContainer(context, { phone: code })).toEqual({ phone: 'the-code' });
    expect(inspectCallDataIn(context, { phone: code }).phoneCodeKeys).toEqual(['phone']);
  });

  it('are refused nested, with a message about phone codes', () => {
    const { context, phoneCode } = platform();
    const report = inspectCallDataIn(context, { form: { phone: phoneCode() } });
    expect(codesAndPaths(report.problems)).toEqual(['CLOUD_ID_NESTED @ form.phone']);
    expect(report.problems[0].message).toMatch(/phone code/);
  });

  it('are refused once expired (with the margin): the user must tap again', () => {
    const { wx, context, phoneCode } = platform();
    const code = phoneCode();
    wx.clock.advance(PHONE_CODE_TTL_MS - 10_000);
    const error = (() => {
      try {
        buildCallDataIn(context, { phone: code });
      } catch (thrown) {
        return thrown as CloudIdError<CallDataErrorCode>;
      }
    })();
    expect(error).toMatchObject({ code: 'PHONE_CODE_EXPIRED' });
    expect(error!.message).toMatch(/ask the user to tap again/);
    expect(() => buildCallDataIn(context, { phone: code }, { marginMs: 0 })).not.toThrow();
  });

  it('are refused once sent: WeChat accepts a code once', () => {
    const { context, phoneCode } = platform();
    const code = phoneCode();
    markPhoneCodeSent(code);
    expect(() => buildCallDataIn(context, { phone: code })).toThrow(expect.objectContaining({ code: 'PHONE_CODE_USED' }));
    // The same code made into a PhoneCode again (a replayed button event) is refused too.
    expect(() => buildCallDataIn(context, { phone: phoneCode(code.code) })).toThrow(expect.objectContaining({ code: 'PHONE_CODE_USED' }));
    expect(() => buildCallDataIn(context, { phone: phoneCode() })).not.toThrow();
  });

  it('have a five-minute lifetime and no way to refresh', () => {
    const { wx, phoneCode } = platform();
    const code = phoneCode();
    expect(code.expiresAt).toBe(code.obtainedAt + PHONE_CODE_TTL_MS);
    wx.clock.advance(60_000);
    expect(code.remainingMs()).toBe(PHONE_CODE_TTL_MS - 60_000);
    expect(code.isExpired()).toBe(false);
    expect(code.isExpired(undefined, PHONE_CODE_TTL_MS)).toBe(true);
    expect('refresh' in code).toBe(false);
  });
});

describe('values JSON changes or drops', () => {
  it('looks into what toJSON returns, as JSON does (a CloudID behind toJSON is nested)', () => {
    const { wx, client } = platform();
    const report = client.inspectCallData({ a: { b: { toJSON: () => wx.cloud!.CloudID('id') } } });
    expect(codesAndPaths(report.problems)).toEqual(['CLOUD_ID_NESTED @ a.b']);
  });

  it('counts a CloudID returned by a top-level toJSON, so a sixth one is caught', () => {
    const { wx, client } = platform();
    const five = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((key) => [key, cloudID(key)]));
    const report = client.inspectCallData({ ...five, f: { toJSON: () => wx.cloud!.CloudID('f') } });
    expect(codesAndPaths(report.problems)).toEqual(['TOO_MANY_CLOUD_IDS @ ']);
  });

  it('refuses a toJSON that throws or returns a bigint', () => {
    const { client } = platform();
    const report = client.inspectCallData({
      big: { toJSON: () => BigInt(10) },
      throws: {
        toJSON: () => {
          throw new Error('no');
        },
      },
    });
    expect(codesAndPaths(report.problems)).toEqual(['NOT_SENDABLE @ big', 'NOT_SENDABLE @ throws']);
  });

  it('sends a nested Date as its ISO string, and honours a toJSON or toISOString of its own', () => {
    const { wx, client } = platform();
    const own = Object.assign(new Date(0), { toJSON: () => wx.cloud!.CloudID('id') });
    const iso = Object.assign(new Date(0), { toISOString: () => BigInt(1) });
    const fake = Object.create(Date.prototype) as Date;
    const report = client.inspectCallData({ list: [{ at: new Date(0), never: new Date(NaN) }], own: { d: own }, iso: [iso], fake: { d: fake } });
    expect(codesAndPaths(report.problems)).toEqual(['CLOUD_ID_NESTED @ own.d', 'NOT_SENDABLE @ iso[0]', 'NOT_SENDABLE @ fake.d']);
    expect(JSON.stringify(client.buildCallData({ list: [{ at: new Date(0) }] }))).toBe('{"list":[{"at":"1970-01-01T00:00:00.000Z"}]}');
  });

  it('honours a Date.prototype.toJSON replaced after the package loaded', () => {
    const { client } = platform();
    const builtIn = Object.getOwnPropertyDescriptor(Date.prototype, 'toJSON')!;
    Object.defineProperty(Date.prototype, 'toJSON', { ...builtIn, value: () => cloudID('x') });
    try {
      expect(codesAndPaths(client.inspectCallData({ a: [new Date(0)] }).problems)).toEqual(['CLOUD_ID_NESTED @ a[0]']);
    } finally {
      Object.defineProperty(Date.prototype, 'toJSON', builtIn);
    }
  });

  it('refuses built-ins JSON turns into {} or null or cannot convert', () => {
    const { client } = platform();
    const data = { r: /x/, e: new Error('e'), w: new (globalThis as unknown as { WeakRef: new (target: object) => object }).WeakRef({}), n: new Number(NaN), b: Object(BigInt(10)), s: new String('ab') };
    expect(codesAndPaths(client.inspectCallData(data).problems)).toEqual(['r', 'e', 'w', 'n', 'b', 's'].map((key) => `NOT_SENDABLE @ ${key}`));
    expect(() => client.buildCallData(new String('ab') as never)).toThrow(expect.objectContaining({ code: 'NOT_SENDABLE' }));
  });

  it('accepts ArrayBuffer, typed arrays and Buffer, which the platform sends as { type: "Buffer", data }', () => {
    const { client } = platform();
    const data = { buffer: new ArrayBuffer(2), bytes: new Uint8Array([1, 2]), floats: [new Float64Array(1)], node: Buffer.from('ab') };
    expect(client.inspectCallData(data).problems).toEqual([]);
    const built = client.buildCallData(data);
    expect(built.node).toBe(data.node);
    expect(client.inspectCallData({ view: new DataView(new ArrayBuffer(1)) }).problems).toHaveLength(1);
  });

  it('recognises wx.cloud.CDN values as platform values, neither unsendable nor CloudIDs', () => {
    const { client, cdn } = platform();
    const data = { top: cdn('a.png'), list: [cdn('b.png')] };
    expect(client.inspectCallData(data)).toMatchObject({ cloudIdKeys: [], problems: [] });
    expect(client.buildCallData(data).top).toBe(data.top);
  });
});

describe('hostile call data', () => {
  it.each([
    ['NaN', { marginMs: NaN }, 'marginMs'],
    ['a string', { marginMs: 'abc' }, 'marginMs'],
    ['-Infinity', { marginMs: -Infinity }, 'marginMs'],
    ['null options', null, 'options'],
  ])('refuses %s as options with a typed error naming the option', async (_name, options, option) => {
    const { client } = platform();
    const error = await caught(() => client.buildCallData({ a: 1 }, options as never));
    expect(error).toMatchObject({ code: 'INVALID_OPTION' });
    expect(error).toMatchObject({ code: 'INVALID_OPTION', option });
    expect(() => client.inspectCallData({ a: 1 }, options as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('reads each top-level field once: the value checked is the value sent', async () => {
    const { client } = platform();
    const ticket = await client.getWeRunData();
    let reads = 0;
    const data = {
      get sneaky() {
        return ++reads === 1 ? 'plain' : ticket;
      },
    };
    expect(client.buildCallData(data)).toEqual({ sneaky: 'plain' });
    expect(reads).toBe(1);
  });

  it('makes no probe CloudID when the data holds no class instances', () => {
    const { wx, client } = platform();
    wx.cloud!.CloudID = (() => {
      throw new Error('CloudID broken');
    }) as never;
    expect(client.buildCallData({ plain: 1, list: [{ a: 'b' }], when: new Date(0) })).toEqual({ plain: 1, list: [{ a: 'b' }], when: '1970-01-01T00:00:00.000Z' });
  });

  it('caps the problems it lists, says how many more, and keeps the first of each kind', () => {
    const { client } = platform();
    const data = { l: new Array(1e6), nested: { id: cloudID('x') } };
    const report = client.inspectCallData(data);
    expect(report.problems.length).toBeLessThanOrEqual(21);
    expect(report.unlisted).toBe(1e6 - 20);
    expect(report.problems.map((problem) => problem.code)).toContain('CLOUD_ID_NESTED');
    const error = (() => {
      try {
        client.buildCallData(data as never);
      } catch (thrown) {
        return thrown as CloudIdError<CallDataErrorCode>;
      }
    })();
    expect(error!.message).toMatch(/and 999980 more$/);
    expect(error!.message.length).toBeLessThan(5000);
  });

  it('refuses deep nesting with a call-data error, never a RangeError', () => {
    const { client } = platform();
    let deep: unknown = 1;
    for (let level = 0; level < 20000; level++) deep = { d: deep };
    const error = (() => {
      try {
        client.buildCallData({ deep });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(isCloudIdError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NOT_SENDABLE' });
  });

  it('does not take a Proxy or a plain object answering the mark for a CloudID', () => {
    const { client } = platform();
    const proxy = new Proxy({}, { get: () => 'v' });
    const forgedTicket = { [CLOUD_ID_MARK]: 'ticket', cloudID: 'x' };
    const forgedReference = { [CLOUD_ID_MARK]: 'reference', cloudID: 42 };
    const report = client.inspectCallData({ proxy, forgedTicket, forgedReference });
    expect(report.cloudIdKeys).toEqual([]);
    const built = client.buildCallData({ forgedTicket, forgedReference });
    expect(built.forgedTicket).toBe(forgedTicket);
    expect(built.forgedReference).toBe(forgedReference);
  });

  it('refuses a field whose getter or Proxy trap throws, at its path, instead of throwing', () => {
    const { client } = platform();
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const data = {
      get broken(): unknown {
        throw new Error('getter');
      },
      inner: {
        get deep(): unknown {
          throw new Error('getter');
        },
      },
      revoked: revoked.proxy,
      fine: 1,
    };
    expect(codesAndPaths(client.inspectCallData(data).problems)).toEqual(['NOT_SENDABLE @ broken', 'NOT_SENDABLE @ inner.deep', 'NOT_SENDABLE @ revoked']);
  });

  it('refuses data that throws when read (a revoked Proxy, a throwing ownKeys trap) as not a plain object', () => {
    const { client } = platform();
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const throwing = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    for (const data of [revoked.proxy, throwing]) {
      expect(codesAndPaths(client.inspectCallData(data).problems)).toEqual(['NOT_SENDABLE @ ']);
      expect(() => client.buildCallData(data)).toThrow(expect.objectContaining({ code: 'NOT_SENDABLE' }));
    }
  });

  it('sends an object with an unknown toStringTag as its own fields, as JSON does', () => {
    const { client } = platform();
    class Tagged {
      readonly n = 1;
      get [Symbol.toStringTag]() {
        return 'Tagged';
      }
    }
    expect(client.inspectCallData({ tagged: new Tagged(), args: [new Proxy({ a: 1 }, { get: () => 'v' })] }).problems).toEqual([]);
  });

  it('refuses a bad option before anything else and still works through createCloudId', () => {
    const { wx } = platform();
    const other = createCloudId({ wx: wx as WxLike });
    expect(() => other.inspectCallData({}, { marginMs: -1 })).toThrow(/marginMs must be a finite number, 0 or more, got -1/);
    expect(() => other.inspectCallData({}, { marginMs: 'abc' as never })).toThrow(/got 'abc'/);
  });
});
