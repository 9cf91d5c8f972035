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
