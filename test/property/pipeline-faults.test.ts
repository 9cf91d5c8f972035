/**
 * Fault injection for the send pipeline behind callFunction and callContainer: whatever the
 * platform's `wx.cloud` method does (never calls back, answers through a Promise and ignores
 * the callbacks, hands `fail` a hostile object, calls `success` with nothing, throws), and
 * whatever the caller passes, every call settles with a result or a typed CloudIdError, never
 * a synchronous throw, a hang or an unhandled rejection.
 */
import fc from 'fast-check';
import { createCloudId, isCloudIdError, type CloudIdClient, type WxLike } from '../../src/client';
import { createFailureEnvelope } from '../../src/core/envelope';
import { createMockWx, type MockWx } from '../../src/testing';
import { logRandomSeed, property, unhandledRejectionsDuring } from './runner';

logRandomSeed('test/property/pipeline-faults.test.ts');

/** The pipeline's timeout in these tests, and how long a call may take before it counts as hanging. */
const TIMEOUT_MS = 20;
const SETTLE_WITHIN_MS = 250;

type Transport = 'callFunction' | 'callContainer';

const OK_RESULT = { callFunction: { result: 'done', errMsg: 'cloud.callFunction:ok' }, callContainer: { data: 'done', statusCode: 200, header: {}, errMsg: 'cloud.callContainer:ok' } };

/** What the platform's method does with a request. */
type PlatformFault =
  | { kind: 'silent' }
  | { kind: 'promise-never' }
  | { kind: 'promise-reject'; value: unknown }
  | { kind: 'promise-resolve' }
  | { kind: 'fail-hostile'; errCode: boolean }
  | { kind: 'success-empty'; value: null | undefined | 0 | '' }
  | { kind: 'throw'; value: unknown }
  | { kind: 'success-then-fail' }
  | { kind: 'fail-then-success'; value: unknown };

const platformFault: fc.Arbitrary<PlatformFault> = fc.oneof(
  fc.constant({ kind: 'silent' as const }),
  fc.constant({ kind: 'promise-never' as const }),
  fc.anything().map((value) => ({ kind: 'promise-reject' as const, value })),
  fc.constant({ kind: 'promise-resolve' as const }),
  fc.boolean().map((errCode) => ({ kind: 'fail-hostile' as const, errCode })),
  fc.constantFrom(null, undefined, 0 as const, '' as const).map((value) => ({ kind: 'success-empty' as const, value })),
  fc.anything().map((value) => ({ kind: 'throw' as const, value })),
  fc.constant({ kind: 'success-then-fail' as const }),
  fc.anything().map((value) => ({ kind: 'fail-then-success' as const, value })),
);

/** What the fault must end in: the platform's result, or a CloudIdError with this code. */
function expectedOutcome(fault: PlatformFault): 'resolves' | string {
  switch (fault.kind) {
    case 'silent':
    case 'promise-never':
      return 'CALL_TIMEOUT';
    case 'promise-resolve':
    case 'success-then-fail':
      return 'resolves';
    default:
      return 'CALL_FAILED';
  }
}

/** A `wx.cloud` method that misbehaves as `fault` says, at once or a turn later. */
function faultyMethod(fault: PlatformFault, transport: Transport, sync: boolean) {
  return (options: { success: (result: unknown) => void; fail: (error: unknown) => void }) => {
    const later = (run: () => void) => (sync ? run() : setTimeout(run, 0));
    switch (fault.kind) {
      case 'silent':
        return undefined;
      case 'promise-never':
        return new Promise(() => undefined);
      case 'promise-reject':
        return Promise.reject(fault.value);
      case 'promise-resolve':
        return Promise.resolve(OK_RESULT[transport]);
      case 'fail-hostile': {
        const hostile = {
          get errMsg(): string {
            throw new TypeError('errMsg getter');
          },
          get message(): string {
            throw new TypeError('message getter');
          },
          ...(fault.errCode
            ? {
                get errCode(): number {
                  throw new TypeError('errCode getter');
                },
              }
            : {}),
        };
        return later(() => options.fail(hostile));
      }
      case 'success-empty':
        return later(() => options.success(fault.value));
      case 'throw':
        throw fault.value;
      case 'success-then-fail':
        return later(() => {
          options.success(OK_RESULT[transport]);
          options.fail({ errMsg: 'late failure' });
        });
      case 'fail-then-success':
        return later(() => {
          options.fail(fault.value);
          options.success(OK_RESULT[transport]);
        });
    }
  };
}

function clientWith(mock: MockWx, cloudOverrides: Record<string, unknown>): CloudIdClient {
  const wx = Object.create(mock) as WxLike;
  (wx as { cloud?: unknown }).cloud = Object.assign(Object.create(mock.cloud!), cloudOverrides);
  return createCloudId({ wx, now: () => mock.clock.now() });
}

function call(client: CloudIdClient, transport: Transport, params: Record<string, unknown>): Promise<unknown> {
  return transport === 'callFunction'
    ? client.callFunction({ name: 'target', timeout: TIMEOUT_MS, ...params })
    : client.callContainer({ service: 'api', path: '/target', timeout: TIMEOUT_MS, ...params });
}

/** The outcome of `run`: whether it threw synchronously, its value or rejection, whether it hung, and the unhandled rejections meanwhile. */
async function outcomeOf(run: () => Promise<unknown>): Promise<{ threw: boolean; settled: boolean; value?: unknown; error?: unknown; unhandled: unknown[] }> {
  let outcome: { threw: boolean; settled: boolean; value?: unknown; error?: unknown } = { threw: false, settled: false };
  const unhandled = await unhandledRejectionsDuring(async () => {
    let pending: Promise<unknown>;
    try {
      pending = run();
    } catch (error) {
      outcome = { threw: true, settled: true, error };
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_WITHIN_MS)));
    const settled = pending.then(
      (value) => void (outcome = { threw: false, settled: true, value }),
      (error) => void (outcome = { threw: false, settled: true, error }),
    );
    await Promise.race([settled, hung]);
    clearTimeout(timer);
    // Let late callbacks run: they must not reject anything unhandled.
    await new Promise((resolve) => setTimeout(resolve, 5));
  });
  return { ...outcome, unhandled };
}

function expectTypedFailure(outcome: Awaited<ReturnType<typeof outcomeOf>>, code: string): void {
  expect(outcome).toMatchObject({ threw: false, settled: true, unhandled: [] });
  expect(outcome.value).toBeUndefined();
  expect(isCloudIdError(outcome.error)).toBe(true);
  expect((outcome.error as { code: string }).code).toBe(code);
}

describe('the send pipeline under platform faults', () => {
  property('every call settles: the result, CALL_TIMEOUT or CALL_FAILED, never a hang or an unhandled rejection', 120, () =>
    fc.asyncProperty(fc.constantFrom<Transport>('callFunction', 'callContainer'), platformFault, fc.boolean(), async (transport, fault, sync) => {
      const mock = createMockWx({ functions: {} });
      const client = clientWith(mock, { [transport]: faultyMethod(fault, transport, sync) });
      const outcome = await outcomeOf(() => call(client, transport, { data: { note: 'n' } }));
      const expected = expectedOutcome(fault);
      if (expected === 'resolves') {
        expect(outcome).toMatchObject({ threw: false, settled: true, unhandled: [], value: OK_RESULT[transport] });
      } else {
        expectTypedFailure(outcome, expected);
      }
    }),
  );

  it('a timeout names the callee and the option', async () => {
    const mock = createMockWx({ functions: {} });
    const client = clientWith(mock, { callFunction: () => undefined });
    const outcome = await outcomeOf(() => call(client, 'callFunction', {}));
    expectTypedFailure(outcome, 'CALL_TIMEOUT');
    expect(outcome.error).toMatchObject({ functionName: 'target', timeout: TIMEOUT_MS });
    expect((outcome.error as Error).message).toMatch(/target: no answer in 20 ms \(option timeout\)/);
  });

  it.each([0, -1, NaN, Infinity, 2 ** 31, '100', null])('refuses timeout %p with INVALID_OPTION', async (timeout) => {
    const mock = createMockWx({ functions: { target: () => 'ok' } });
    const client = createCloudId({ wx: mock as WxLike, now: () => mock.clock.now() });
    expectTypedFailure(await outcomeOf(() => client.callFunction({ name: 'target', timeout: timeout as number })), 'INVALID_OPTION');
    expect(mock.calls).toHaveLength(0);
  });
});

describe('the send pipeline under bad parameters', () => {
  const mock = createMockWx({ functions: { target: () => 'ok' } });
  const client = createCloudId({ wx: mock as WxLike, now: () => mock.clock.now() });

  it.each<[string, () => Promise<unknown>, string]>([
    ['callFunction()', () => (client.callFunction as (params?: unknown) => Promise<unknown>)(), 'INVALID_OPTION'],
    ['callFunction(null)', () => client.callFunction(null as never), 'INVALID_OPTION'],
    ['callFunction({})', () => client.callFunction({} as never), 'INVALID_OPTION'],
    ['callFunction({ name: 42 })', () => client.callFunction({ name: 42 } as never), 'INVALID_OPTION'],
    ['callFunction({ name, data: null })', () => client.callFunction({ name: 'target', data: null as never }), 'NOT_SENDABLE'],
    ['callFunction({ name, data: "text" })', () => client.callFunction({ name: 'target', data: 'text' as never }), 'NOT_SENDABLE'],
    ['callContainer()', () => (client.callContainer as (params?: unknown) => Promise<unknown>)(), 'INVALID_OPTION'],
    ['callContainer({ service, path, data: null })', () => client.callContainer({ service: 'api', path: '/x', data: null as never }), 'NOT_SENDABLE'],
  ])('%s rejects with a typed error, never a synchronous throw or a TypeError', async (_, run, code) => {
    expectTypedFailure(await outcomeOf(run), code);
  });
});

describe('the envelope', () => {
  it('lists the same expired key three times: the ticket is refreshed once and the call retried once', async () => {
    let calls = 0;
    const expired = { key: 'weRun', reason: 'expired' as const, errMsg: 'cloudID expired.' };
    const mock = createMockWx({ functions: { steps: () => (++calls === 1 ? createFailureEnvelope([expired, expired, expired]) : 'ok') } });
    const client = createCloudId({ wx: mock as WxLike, now: () => mock.clock.now() });
    const ticket = await client.getWeRunData();
    await expect(client.callFunction({ name: 'steps', data: { weRun: ticket } })).resolves.toMatchObject({ result: 'ok' });
    expect(mock.issuedCloudIds).toHaveLength(2);
    expect(calls).toBe(2);
  });
});
