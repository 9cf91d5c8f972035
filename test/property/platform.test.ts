import fc from 'fast-check';
import { createCloudId } from '../../src/client';
import { DEFAULT_APPID, DEFAULT_OPENID, createMockWx } from '../../src/testing';
import { SENDABLE_PAYLOAD, materialize, payloadArbitrary } from './arbitraries';
import { judge } from './model';
import { logRandomSeed, property } from './runner';
import { changeSince, takeSnapshot } from './snapshot';

logRandomSeed('test/property/platform.test.ts');

/** The JSON a field arrives as (absent when JSON drops it). */
const asJson = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** `__proto__` as an own field, as JSON.parse makes it. */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

describe('what buildCallData accepts, the mock platform replaces completely', () => {
  property('every CloudID reaches the function as { cloudID, data } open data, and every other field as its JSON', 150, () =>
    fc.asyncProperty(payloadArbitrary(SENDABLE_PAYLOAD), async (spec) => {
      const mock = createMockWx({ functions: { echo: (event) => event } });
      const now = mock.clock.now();
      const client = createCloudId({ wx: mock, now: () => now });
      const CloudID = mock.cloud!.CloudID;
      const minted: string[] = [];
      const mintId = (api: Parameters<typeof mock.issueCloudId>[0]) => minted[minted.push(mock.issueCloudId(api)) - 1];
      const data = materialize(spec, { now, mintId, platformCloudId: (id) => CloudID(id) }) as Record<string, unknown>;
      const verdict = judge(data, { now, platformCloudId: CloudID('probe').constructor as new () => object });
      expect(verdict.acceptable).toBe(true);
      const before = takeSnapshot(data);

      const response = await mock.cloud!.callFunction({ name: 'echo', data: client.buildCallData(data) });

      expect(changeSince(before)).toBeUndefined();
      const expected: Record<string, unknown> = {};
      for (const key of Object.keys(data)) {
        if (verdict.cloudIdKeys.includes(key)) {
          const id = (mock.calls[0].data as Record<string, { CloudID: string }>)[key].CloudID;
          const given = data[key] as { cloudID?: string };
          if (given.cloudID !== undefined) expect(id).toBe(given.cloudID); // a ticket or reference; a raw CloudID keeps its id to itself
          const issued = mock.issuedCloudIds.find((record) => record.cloudID === id)!;
          setField(expected, key, { cloudID: id, data: { ...asJson(issued.data) as object, watermark: { appid: DEFAULT_APPID, timestamp: Math.floor(issued.issuedAt / 1000) } } });
        } else if (data[key] !== undefined) {
          setField(expected, key, asJson(data[key]));
        }
      }
      // The platform adds its deprecated userInfo unless the event has a field of that name.
      if (!Object.prototype.hasOwnProperty.call(expected, 'userInfo')) expected.userInfo = { appId: DEFAULT_APPID, openId: DEFAULT_OPENID };
      expect(response!.result).toEqual(expected);
      expect(Object.keys(response!.result as object)).toEqual(Object.keys(expected));
      const openDataKeys = JSON.parse(mock.calls[0].wxContext!.OPEN_DATA_INFO as string || '{"keys":[]}').keys;
      expect(openDataKeys).toEqual(verdict.cloudIdKeys);
      const sentIds = verdict.cloudIdKeys.map((key) => (mock.calls[0].data as Record<string, { CloudID: string }>)[key].CloudID);
      expect(sentIds.sort()).toEqual(minted.sort());
    }),
  );
});

/** Inputs the property above found, pinned so that they are checked on every run. */
describe('counterexamples found by the property', () => {
  it('-0 reaches the function as 0, as JSON sends it', async () => {
    const mock = createMockWx({ functions: { echo: (event) => event } });
    const response = await mock.cloud!.callFunction({ name: 'echo', data: { a: -0 } });
    expect((response!.result as { a: number }).a).toBe(0);
  });

  it('an own "__proto__" field arrives as a field', async () => {
    const mock = createMockWx({ functions: { echo: (event) => event } });
    const data = JSON.parse('{"__proto__": {"x": 1}}') as object;
    const response = await mock.cloud!.callFunction({ name: 'echo', data: createCloudId({ wx: mock }).buildCallData(data) });
    expect(Object.keys(response!.result as object)).toEqual(['__proto__', 'userInfo']);
  });
});

/** Values JSON treats specially: boxed primitives, toJSON, Dates, RegExps, holes, non-finite numbers, dropped values. */
const exoticLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(undefined, NaN, Infinity, -0, () => 1, Symbol('s'), /re/g, new Date(0), new Error('e')),
  fc.string().map((text) => new String(text)),
  fc.double().map((number) => new Number(number)),
  fc.boolean().map((flag) => new Boolean(flag)),
  fc.jsonValue().map((answer) => ({ toJSON: () => answer })),
);
const exoticTree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, exoticLeaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 })),
})).node;

/** `value` with every object behind a Proxy that counts the reads of each of its properties. */
function counted(value: unknown, reads: Map<object, Map<PropertyKey, number>>): unknown {
  if (typeof value !== 'object' || value === null || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? value.map((item) => counted(item, reads)) : {};
  if (!Array.isArray(value)) for (const key of Object.keys(value)) setField(copy as Record<string, unknown>, key, counted((value as Record<string, unknown>)[key], reads));
  const tally = new Map<PropertyKey, number>();
  const proxy = new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key !== 'length' && key !== 'toJSON') tally.set(key, (tally.get(key) || 0) + 1);
      return Reflect.get(target, key, receiver);
    },
  });
  reads.set(proxy, tally);
  return proxy;
}

describe('the mock platform sends call data as JSON does', () => {
  property('whatever the page sends, the function gets its JSON (or the call fails with -401003 before running), each property read once', 200, () =>
    fc.asyncProperty(exoticTree, async (tree) => {
      const mock = createMockWx({ functions: { echo: (event) => event } });
      const data = typeof tree === 'object' && tree !== null && !Array.isArray(tree) ? tree : { field: tree };
      const json = JSON.parse(JSON.stringify(data) || 'null') as unknown;
      const reads = new Map<object, Map<PropertyKey, number>>();
      const outcome = await mock.cloud!.callFunction({ name: 'echo', data: counted(data, reads) as object })!.then(
        (response) => ({ result: response.result as Record<string, unknown> }),
        (error: { errCode: number }) => ({ errCode: error.errCode }),
      );
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        expect(outcome).toEqual({ errCode: -401003 });
        expect(mock.calls).toHaveLength(0);
        return;
      }
      const expected = { ...(json as object) } as Record<string, unknown>;
      if (!Object.prototype.hasOwnProperty.call(expected, 'userInfo')) expected.userInfo = { appId: DEFAULT_APPID, openId: DEFAULT_OPENID };
      expect(outcome).toEqual({ result: expected });
      for (const tally of reads.values()) for (const count of tally.values()) expect(count).toBe(1);
    }),
  );
});

describe('the mock platform runs calls side by side', () => {
  property('overlapping calls of several mocks each see their own caller, and none waits for a stuck one', 25, () =>
    fc.asyncProperty(fc.array(fc.record({ user: fc.integer({ min: 0, max: 2 }), delayMs: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 8 }), async (plan) => {
      const seen: CloudFunctionLike = async (event: { delayMs: number }) => {
        const before = process.env.WX_OPENID;
        await new Promise((resolve) => setTimeout(resolve, event.delayMs));
        return [before, process.env.WX_OPENID];
      };
      let release: () => void = () => undefined;
      const stuck = createMockWx({ openid: 'oStuck', functions: { hang: () => new Promise<void>((resolve) => (release = resolve)) } });
      const hanging = stuck.cloud!.callFunction({ name: 'hang' })!;
      const mocks = [0, 1, 2].map((user) => createMockWx({ openid: `oUser${user}`, functions: { seen } }));
      const results = await Promise.all(plan.map((step) => mocks[step.user].cloud!.callFunction({ name: 'seen', data: { delayMs: step.delayMs } })!));
      expect(results.map((response) => response.result)).toEqual(plan.map((step) => [`oUser${step.user}`, `oUser${step.user}`]));
      expect(process.env.WX_OPENID).toBeUndefined();
      release();
      await hanging;
    }),
    20_000,
  );
});

type CloudFunctionLike = (event: { delayMs: number }) => Promise<unknown>;
