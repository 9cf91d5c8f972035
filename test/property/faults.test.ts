/**
 * Fault injection: every way the wx APIs, wx.cloud and a cloud function can fail must end
 * in a typed CloudIdError with the expected code, never an unhandled rejection, a hang,
 * or a change to the caller's data.
 */
import fc from 'fast-check';
import { createCloudId, isCloudIdError, type CloudIdClient, type CloudIdSourceApi, type WxLike } from '../../src/client';
import { createFailureEnvelope, type OpenDataFailureReason } from '../../src/core/envelope';
import { CLOUD_ID_TTL_MS, CLOUD_NOT_INITIALIZED_MESSAGE, MIN_BASE_LIBRARY } from '../../src/core/rules';
import { compareVersion } from '../../src/core/version';
import { createMockWx, type MockWx, type MockWxOptions } from '../../src/testing';
import { logRandomSeed, property, unhandledRejectionsDuring } from './runner';
import { changeSince, takeSnapshot } from './snapshot';

logRandomSeed('test/property/faults.test.ts');

const SOURCE_APIS: CloudIdSourceApi[] = ['getWeRunData', 'getShareInfo', 'getGroupEnterInfo', 'getUserInfo', 'getUserProfile', 'getChatToolInfo'];
const REASONS: OpenDataFailureReason[] = ['expired', 'invalid', 'user-mismatch', 'error', 'missing', 'forged', 'watermark-appid', 'watermark-stale'];
/** How long a call may take before it counts as hanging: the mock answers within a few turns. */
const SETTLE_WITHIN_MS = 250;

/** What `fail` gets: usually `{ errMsg, errno/errCode }`, sometimes anything at all. */
const failPayload = (codeField: 'errno' | 'errCode') =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ errMsg: fc.string(), [codeField]: fc.integer() }, { requiredKeys: ['errMsg'] }) },
    fc.record({ errMsg: fc.anything() }),
    fc.anything(),
  );

/** What an API or a cloud function throws: an Error, or any value. */
const thrownValue = fc.oneof(
  fc.string().map((message) => new Error(message)),
  fc.anything(),
);

/** When a callback runs: later, like the platform, or before the API returns, like some shims. */
const timing = fc.constantFrom<'async' | 'sync'>('async', 'sync');

function later(run: () => void, when: 'async' | 'sync'): void {
  if (when === 'sync') run();
  else setTimeout(run, 0);
}

/** `wx` as the mock has it, with some members replaced (the rest still looked up on the mock). */
function withOverrides(mock: MockWx, overrides: Partial<Record<string, unknown>>, cloudOverrides?: Partial<Record<string, unknown>>): WxLike {
  const wx = Object.assign(Object.create(mock), overrides) as WxLike;
  if (cloudOverrides) (wx as { cloud?: unknown }).cloud = Object.assign(Object.create(mock.cloud!), cloudOverrides);
  return wx;
}

/** The outcome of `run`: its value or rejection, whether it hung, and the unhandled rejections meanwhile. */
async function outcomeOf(run: () => Promise<unknown>): Promise<{ settled: boolean; value?: unknown; error?: unknown; unhandled: unknown[] }> {
  let outcome: { settled: boolean; value?: unknown; error?: unknown } = { settled: false };
  const unhandled = await unhandledRejectionsDuring(async () => {
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_WITHIN_MS)));
    const settled = Promise.resolve()
      .then(run)
      .then(
        (value) => void (outcome = { settled: true, value }),
        (error) => void (outcome = { settled: true, error }),
      );
    await Promise.race([settled, hung]);
    clearTimeout(timer);
  });
  return { ...outcome, unhandled };
}

function expectTypedFailure(outcome: Awaited<ReturnType<typeof outcomeOf>>, code: string): void {
  expect(outcome.unhandled).toEqual([]);
  expect(outcome.settled).toBe(true);
  expect(outcome.value).toBeUndefined();
  expect(isCloudIdError(outcome.error)).toBe(true);
  expect((outcome.error as { code: string }).code).toBe(code);
}

type SourceFault =
  | { kind: 'fail'; when: 'async' | 'sync'; payload: unknown }
  | { kind: 'throw'; thrown: unknown }
  | { kind: 'missing' }
  | { kind: 'success-without-cloudID'; when: 'async' | 'sync'; result: unknown }
  | { kind: 'cloud-absent' }
  | { kind: 'base-library-unreadable'; read: 'throw' | 'empty' | 'absent' }
  | { kind: 'base-library-too-old'; version: string };

const sourceFault: fc.Arbitrary<SourceFault> = fc.oneof(
  fc.record({ kind: fc.constant('fail' as const), when: timing, payload: failPayload('errno') }),
  fc.record({ kind: fc.constant('throw' as const), thrown: thrownValue }),
  fc.constant({ kind: 'missing' as const }),
  fc.record({
    kind: fc.constant('success-without-cloudID' as const),
    when: timing,
    result: fc.oneof(fc.anything(), fc.record({ errMsg: fc.string(), cloudID: fc.oneof(fc.constant(''), fc.integer(), fc.constant(null)) })),
  }),
  fc.constant({ kind: 'cloud-absent' as const }),
  fc.record({ kind: fc.constant('base-library-unreadable' as const), read: fc.constantFrom<'throw' | 'empty' | 'absent'>('throw', 'empty', 'absent') }),
  fc.record({ kind: fc.constant('base-library-too-old' as const), version: fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.')) }),
);

const EXPECTED_SOURCE_CODE: Record<SourceFault['kind'], string> = {
  fail: 'OPEN_DATA_API_FAILED',
  throw: 'OPEN_DATA_API_FAILED',
  missing: 'OPEN_DATA_API_FAILED',
  'success-without-cloudID': 'CLOUD_ID_MISSING',
  'cloud-absent': 'CLOUD_UNAVAILABLE',
  'base-library-unreadable': 'BASE_LIBRARY_UNKNOWN',
  'base-library-too-old': 'BASE_LIBRARY_TOO_OLD',
};

/** A client on a `wx` that fails calling `api` the way `fault` says. */
function clientWithSourceFault(api: CloudIdSourceApi, fault: SourceFault): CloudIdClient {
  const mock = createMockWx(fault.kind === 'cloud-absent' ? { cloud: 'absent' } : fault.kind === 'base-library-too-old' ? { baseLibrary: fault.version } : {});
  const callbacks = (options: { success(result: unknown): void; fail(error: unknown): void }) => options;
  let wx: WxLike;
  switch (fault.kind) {
    case 'fail':
      wx = withOverrides(mock, { [api]: (options: never) => later(() => callbacks(options).fail(fault.payload), fault.when) });
      break;
    case 'throw':
      wx = withOverrides(mock, {
        [api]: () => {
          throw fault.thrown;
        },
      });
      break;
    case 'missing':
      wx = withOverrides(mock, { [api]: undefined });
      break;
    case 'success-without-cloudID':
      wx = withOverrides(mock, { [api]: (options: never) => later(() => callbacks(options).success(fault.result), fault.when) });
      break;
    case 'base-library-unreadable': {
      const read = fault.read === 'absent' ? undefined : fault.read === 'empty' ? () => ({}) : () => {
        throw new Error('getSystemInfoSync:fail');
      };
      wx = withOverrides(mock, { getAppBaseInfo: read, getSystemInfoSync: read });
      break;
    }
    default:
      wx = mock;
  }
  return createCloudId({ wx, now: () => mock.clock.now() });
}

describe('open-data sources under faults', () => {
  property('end in the typed error for the fault, with the caller\'s options unchanged', 300, () =>
    fc.asyncProperty(fc.constantFrom(...SOURCE_APIS), sourceFault, async (api, fault) => {
      // Too old only when the version really is below what this API needs.
      if (fault.kind === 'base-library-too-old') fc.pre(compareVersion(fault.version, MIN_BASE_LIBRARY[api]) < 0 && compareVersion(fault.version, MIN_BASE_LIBRARY.cloud) >= 0);
      const client = clientWithSourceFault(api, fault);
      const options = { shareTicket: 'share-ticket', desc: 'to show your steps', extra: { nested: [1, 'two'] } };
      const before = takeSnapshot(options);

      const outcome = await outcomeOf(() => (client[api] as (options: object) => Promise<unknown>)(options));

      expectTypedFailure(outcome, EXPECTED_SOURCE_CODE[fault.kind]);
      expect(changeSince(before)).toBeUndefined();
      if (fault.kind === 'fail') {
        const given = (fault.payload || {}) as { errMsg?: unknown; errno?: unknown };
        if (typeof given.errMsg === 'string' && given.errMsg !== '') expect(outcome.error).toMatchObject({ errMsg: given.errMsg });
        if (typeof given.errno === 'number') expect(outcome.error).toMatchObject({ errno: given.errno });
      }
    }),
  );
});

type CallFault =
  | { kind: 'cloud'; state: 'absent' | 'not-initialized' | 'disabled' }
  | { kind: 'fail'; when: 'async' | 'sync'; payload: unknown }
  | { kind: 'throw'; thrown: unknown }
  | { kind: 'function-missing' }
  | { kind: 'function-throws'; thrown: unknown }
  | { kind: 'envelope'; failures: unknown[] }
  | { kind: 'refresh-fails'; errMsg: string }
  | { kind: 'CloudID-missing' };

const envelopeFailure = fc.oneof(
  { weight: 5, arbitrary: fc.record({ key: fc.constantFrom('weRun', 'note', 'absent', ''), reason: fc.constantFrom(...REASONS), errMsg: fc.string(), errCode: fc.integer() }, { requiredKeys: ['key', 'reason', 'errMsg'] }) },
  fc.anything(),
);

const callFault: fc.Arbitrary<CallFault> = fc.oneof(
  fc.record({ kind: fc.constant('cloud' as const), state: fc.constantFrom<'absent' | 'not-initialized' | 'disabled'>('absent', 'not-initialized', 'disabled') }),
  fc.record({
    kind: fc.constant('fail' as const),
    when: timing,
    payload: fc.oneof({ weight: 6, arbitrary: failPayload('errCode') }, fc.constant({ errMsg: `cloud.callFunction:fail ${CLOUD_NOT_INITIALIZED_MESSAGE}`, errCode: -1 })),
  }),
  fc.record({ kind: fc.constant('throw' as const), thrown: thrownValue }),
  fc.constant({ kind: 'function-missing' as const }),
  fc.record({ kind: fc.constant('function-throws' as const), thrown: thrownValue }),
  fc.record({ kind: fc.constant('envelope' as const), failures: fc.array(envelopeFailure, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('refresh-fails' as const), errMsg: fc.string() }),
  fc.constant({ kind: 'CloudID-missing' as const }),
);

function expectedCallCode(fault: CallFault): string {
  switch (fault.kind) {
    case 'cloud':
      return fault.state === 'disabled' ? 'CALL_FAILED' : 'CLOUD_UNAVAILABLE';
    case 'fail': {
      const errMsg = (fault.payload as { errMsg?: unknown } | null | undefined)?.errMsg;
      return typeof errMsg === 'string' && errMsg.includes(CLOUD_NOT_INITIALIZED_MESSAGE) ? 'CLOUD_UNAVAILABLE' : 'CALL_FAILED';
    }
    case 'envelope':
      return 'OPEN_DATA_REJECTED';
    case 'refresh-fails':
      return 'OPEN_DATA_API_FAILED';
    case 'CloudID-missing':
      return 'BASE_LIBRARY_TOO_OLD';
    default:
      return 'CALL_FAILED';
  }
}

describe('callFunction under faults', () => {
  property('ends in the typed error for the fault, with the caller\'s data unchanged', 300, () =>
    fc.asyncProperty(callFault, async (fault) => {
      const functions: MockWxOptions['functions'] = {
        echo: (event) => {
          if (fault.kind === 'function-throws') throw fault.thrown;
          if (fault.kind === 'envelope') return createFailureEnvelope(fault.failures as never);
          return event;
        },
      };
      // The ticket comes from a working page; the faulty one shares its platform.
      const mock = createMockWx({ functions });
      const ticket = await createCloudId({ wx: mock, now: () => mock.clock.now() }).getWeRunData();
      const faultyMock = fault.kind === 'cloud' && fault.state !== 'absent' ? createMockWx({ platform: mock, cloud: fault.state }) : mock;
      const data = { weRun: ticket, note: { text: 'hello', list: [1, { deep: true }] } };
      if (fault.kind === 'refresh-fails') {
        mock.clock.advance(CLOUD_ID_TTL_MS); // stale: callFunction refreshes it first
        mock.setFailure('getWeRunData', { errMsg: fault.errMsg });
      }

      const call = (options: { fail(error: unknown): void }) => options;
      const cloudOverrides: Record<string, unknown> | undefined =
        fault.kind === 'fail'
          ? { callFunction: (options: never) => later(() => call(options).fail(fault.payload), fault.when) }
          : fault.kind === 'throw'
            ? {
                callFunction: () => {
                  throw fault.thrown;
                },
              }
            : fault.kind === 'CloudID-missing'
              ? { CloudID: undefined }
              : undefined;
      const wx = fault.kind === 'cloud' && fault.state === 'absent' ? withOverrides(mock, { cloud: undefined }) : withOverrides(faultyMock, {}, cloudOverrides);
      const faulty = createCloudId({ wx, now: () => mock.clock.now() });
      const before = takeSnapshot(data);

      const outcome = await outcomeOf(() => faulty.callFunction({ name: fault.kind === 'function-missing' ? 'nowhere' : 'echo', data }));

      expectTypedFailure(outcome, expectedCallCode(fault));
      expect(changeSince(before)).toBeUndefined();
      if (fault.kind === 'function-throws') expect(outcome.error).toMatchObject({ errCode: -504002 });
      if (fault.kind === 'function-missing') expect(outcome.error).toMatchObject({ errCode: -501000 });
      if (fault.kind === 'envelope') expect(mock.calls.length).toBeLessThanOrEqual(2);
    }),
  );

  property('a cloud function may return anything: the caller gets it as JSON, or OPEN_DATA_REJECTED for the envelope', 200, () =>
    fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ cloudIdFailure: fc.record({ version: fc.constantFrom(1, 2), failures: fc.oneof(fc.array(envelopeFailure, { maxLength: 2 }), fc.jsonValue()) }, { requiredKeys: ['version'] }) })), async (returned) => {
      const mock = createMockWx({ functions: { any: () => returned } });
      const client = createCloudId({ wx: mock, now: () => mock.clock.now() });
      const outcome = await outcomeOf(() => client.callFunction({ name: 'any', data: {} }));
      expect(outcome.unhandled).toEqual([]);
      expect(outcome.settled).toBe(true);
      const asJson = JSON.parse(JSON.stringify(returned) ?? 'null');
      const body = asJson && asJson.cloudIdFailure;
      if (body && body.version === 1 && Array.isArray(body.failures)) {
        // The envelope: rejected with its failures; a malformed one may also pass as a plain result, but never fail untyped.
        const wellFormed = body.failures.every((failure: unknown) => typeof failure === 'object' && failure !== null && typeof (failure as { key?: unknown }).key === 'string');
        if (wellFormed || outcome.error !== undefined) {
          expect(isCloudIdError(outcome.error)).toBe(true);
          if (wellFormed) expect((outcome.error as { code: string }).code).toBe('OPEN_DATA_REJECTED');
        }
      } else {
        expect(outcome.error).toBeUndefined();
        // Compared as JSON text: the mock keeps -0 where JSON would send 0.
        expect(JSON.stringify((outcome.value as { result: unknown }).result)).toBe(JSON.stringify(asJson));
      }
    }),
  );
});

/** Values that fight back when read: throwing getters and traps, revoked Proxies, deep chains, odd toJSON results, broken platform functions. */
type Hostile =
  | { kind: 'throwingGetter' }
  | { kind: 'throwingTrap'; trap: 'get' | 'ownKeys' | 'getOwnPropertyDescriptor' | 'getPrototypeOf' }
  | { kind: 'revoked' }
  | { kind: 'deep'; levels: number }
  | { kind: 'toJSON'; returns: unknown; throws: boolean }
  | { kind: 'changingGetter' };

const hostileArbitrary: fc.Arbitrary<Hostile> = fc.oneof(
  fc.constant<Hostile>({ kind: 'throwingGetter' }),
  fc.constantFrom('get', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf').map((trap): Hostile => ({ kind: 'throwingTrap', trap: trap as 'get' })),
  fc.constant<Hostile>({ kind: 'revoked' }),
  fc.integer({ min: 900, max: 30_000 }).map((levels): Hostile => ({ kind: 'deep', levels })),
  fc.record({ kind: fc.constant('toJSON' as const), returns: fc.anything(), throws: fc.boolean() }),
  fc.constant<Hostile>({ kind: 'changingGetter' }),
);

function makeHostile(spec: Hostile, ticket: object): object {
  const fail = () => {
    throw new Error('hostile');
  };
  switch (spec.kind) {
    case 'throwingGetter':
      return Object.defineProperty({}, 'x', { get: fail, enumerable: true });
    case 'throwingTrap':
      return new Proxy({ x: 1 }, { [spec.trap]: fail });
    case 'revoked': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 'deep': {
      let deep: object = {};
      for (let level = 0; level < spec.levels; level++) deep = { d: deep };
      return deep;
    }
    case 'toJSON':
      return { toJSON: () => (spec.throws ? fail() : spec.returns) };
    case 'changingGetter': {
      let reads = 0;
      return Object.defineProperty({}, 'x', { get: () => (++reads % 2 ? 'plain' : ticket), enumerable: true });
    }
  }
}

describe('call data under hostile values', () => {
  property('inspectCallData reports and buildCallData throws only call-data errors, and what is built survives JSON', 200, () =>
    fc.property(fc.array(fc.tuple(fc.constantFrom('top', 'nested', 'inArray'), hostileArbitrary), { minLength: 1, maxLength: 4 }), fc.boolean(), (placed, brokenCloudId) => {
      const wx = createMockWx();
      if (brokenCloudId) {
        (wx.cloud as { CloudID: unknown }).CloudID = () => {
          throw new Error('CloudID broken');
        };
      }
      const client = createCloudId({ wx: wx as WxLike, now: () => wx.clock.now() });
      const data: Record<string, unknown> = {};
      placed.forEach(([where, spec], index) => {
        const value = makeHostile(spec, {});
        data[`f${index}`] = where === 'top' ? value : where === 'nested' ? { inner: value } : [value];
      });
      expect(() => client.inspectCallData(data)).not.toThrow();
      let built: Record<string, unknown> | undefined;
      try {
        built = client.buildCallData(data);
      } catch (error) {
        expect(isCloudIdError(error)).toBe(true);
        expect((error as { code: string }).code).toMatch(/^(NOT_SENDABLE|CLOUD_ID_NESTED|CIRCULAR_REFERENCE|INVALID_CALL_DATA)$/);
        return;
      }
      expect(() => JSON.stringify(built)).not.toThrow();
    }),
  );
});

/** Inputs the properties above found, pinned so that they are checked on every run. */
describe('counterexamples found by the properties', () => {
  const mockWithFunctions = () => createMockWx({ functions: { malformed: () => ({ cloudIdFailure: { version: 1, failures: [null] } }) } });

  it('an open-data API that throws ends in OPEN_DATA_API_FAILED', async () => {
    const outcome = await outcomeOf(() => clientWithSourceFault('getWeRunData', { kind: 'throw', thrown: new Error('getWeRunData:fail internal') }).getWeRunData());
    expectTypedFailure(outcome, 'OPEN_DATA_API_FAILED');
  });

  it('an open-data API failing with fail(null) ends in OPEN_DATA_API_FAILED', async () => {
    const outcome = await outcomeOf(() => clientWithSourceFault('getWeRunData', { kind: 'fail', when: 'async', payload: null }).getWeRunData());
    expectTypedFailure(outcome, 'OPEN_DATA_API_FAILED');
  });

  it('wx.cloud.callFunction throwing ends in CALL_FAILED', async () => {
    const wx = withOverrides(mockWithFunctions(), {}, {
      callFunction: () => {
        throw new Error('cloud.callFunction:fail network');
      },
    });
    expectTypedFailure(await outcomeOf(() => createCloudId({ wx }).callFunction({ name: 'malformed' })), 'CALL_FAILED');
  });

  it('wx.cloud.callFunction failing with a non-string errMsg ends in CALL_FAILED', async () => {
    const wx = withOverrides(mockWithFunctions(), {}, { callFunction: (options: { fail(error: unknown): void }) => setTimeout(() => options.fail({ errMsg: 5, errCode: -1 }), 0) });
    expectTypedFailure(await outcomeOf(() => createCloudId({ wx }).callFunction({ name: 'malformed' })), 'CALL_FAILED');
  });

  it('a malformed failure envelope never fails untyped', async () => {
    const outcome = await outcomeOf(() => createCloudId({ wx: mockWithFunctions() }).callFunction({ name: 'malformed' }));
    expect(outcome.unhandled).toEqual([]);
    expect(outcome.settled).toBe(true);
    if (outcome.error !== undefined) expect(isCloudIdError(outcome.error)).toBe(true);
  });
});
