import fc from 'fast-check';
import { cloudID, createCloudId, isCloudIdError, type CloudIdError } from '../../src/client';
import { CLOUD_ID_TTL_MS } from '../../src/core/rules';
import { createMockWx } from '../../src/testing';
import { ANY_PAYLOAD, materialize, payloadArbitrary, type Materials } from './arbitraries';
import { expectedErrorCode, judge, type Verdict } from './model';
import { logRandomSeed, property } from './runner';
import { changeSince, takeSnapshot } from './snapshot';

logRandomSeed('test/property/call-data.test.ts');

const NOW = Date.UTC(2026, 0, 1);
const mock = createMockWx();
const client = createCloudId({ wx: mock, now: () => NOW });
const CloudID = mock.cloud!.CloudID;
const PlatformCloudId = CloudID('probe').constructor as new () => object;

let minted = 0;
const materials: Materials = { now: NOW, mintId: () => `id-${++minted}`, platformCloudId: (id) => CloudID(id) };

/** Sometimes the default margin, sometimes another one. */
const marginArbitrary = fc.option(fc.integer({ min: 0, max: CLOUD_ID_TTL_MS }), { nil: undefined });

const withMargin = (marginMs: number | undefined) => (marginMs === undefined ? undefined : { marginMs });
const sorted = (issues: { code: string; path: string }[]) => issues.map((issue) => `${issue.code} @ ${issue.path}`).sort();

/**
 * The problems listed are the model's: all of them, or, past the cap on what is listed, some
 * of them with `unlisted` counting the rest.
 */
function expectModelProblems(listed: { code: string; path: string }[], unlisted: number, expected: { code: string; path: string }[]): void {
  if (unlisted === 0) return expect(sorted(listed)).toEqual(sorted(expected));
  const model = sorted(expected);
  expect(sorted(listed).filter((problem) => !model.includes(problem))).toEqual([]);
  expect(listed.length + unlisted).toBeGreaterThanOrEqual(expected.length);
}

function verdictOf(data: unknown, marginMs: number | undefined): Verdict {
  return judge(data, { now: NOW, marginMs, platformCloudId: PlatformCloudId });
}

describe('inspectCallData agrees with the model', () => {
  property('top-level CloudIDs and every problem with its path, on acyclic payloads', 400, () =>
    fc.property(payloadArbitrary({ ...ANY_PAYLOAD, cycles: false, extended: true }), marginArbitrary, (spec, marginMs) => {
      const data = materialize(spec, materials);
      const verdict = verdictOf(data, marginMs);
      const report = client.inspectCallData(data, withMargin(marginMs));
      expect(report.cloudIdKeys).toEqual(verdict.cloudIdKeys);
      expect(report.phoneCodeKeys).toEqual(verdict.phoneCodeKeys);
      expectModelProblems(report.problems, report.unlisted, verdict.issues);
    }),
  );

  property('cyclic payloads: cycles reported where they close, in every field that has one, and every other problem at its path', 200, () =>
    fc.property(payloadArbitrary({ ...ANY_PAYLOAD, extended: true }), marginArbitrary, (spec, marginMs) => {
      const data = materialize(spec, materials);
      const verdict = verdictOf(data, marginMs);
      fc.pre(verdict.backEdges.size > 0);
      const report = client.inspectCallData(data, withMargin(marginMs));
      expect(report.cloudIdKeys).toEqual(verdict.cloudIdKeys);
      // The first cycle of a field, or all of them: each where a back reference closes it.
      const cycles = report.problems.filter((problem) => problem.code === 'CIRCULAR_REFERENCE').map((problem) => problem.path);
      const closing = [...verdict.backEdges.values()].flat();
      expect(cycles.filter((path) => !closing.includes(path))).toEqual([]);
      // Every field with a cycle has one listed, unless the cap on the list left some out.
      if (report.unlisted === 0) for (const edges of verdict.backEdges.values()) expect(cycles.some((path) => edges.includes(path))).toBe(true);
      else expect(cycles.length).toBeGreaterThan(0);
      expectModelProblems(
        report.problems.filter((problem) => problem.code !== 'CIRCULAR_REFERENCE'),
        report.unlisted,
        verdict.issues,
      );
    }),
  );
});

describe('buildCallData', () => {
  property('accepts exactly what the model accepts, and never mutates its input', 400, () =>
    fc.property(payloadArbitrary({ ...ANY_PAYLOAD, extended: true }), marginArbitrary, (spec, marginMs) => {
      const data = materialize(spec, materials);
      const verdict = verdictOf(data, marginMs);
      const before = takeSnapshot(data);
      let built: Record<string, unknown> | undefined;
      let thrown: unknown;
      try {
        built = client.buildCallData(data as object, withMargin(marginMs));
      } catch (error) {
        thrown = error;
      }
      expect(changeSince(before)).toBeUndefined();

      if (!verdict.acceptable) {
        expect(isCloudIdError(thrown)).toBe(true);
        // The code of cyclic data is left to the cyclic property above, which lists its issues.
        if (verdict.backEdges.size === 0) expect((thrown as CloudIdError).code).toBe(expectedErrorCode(verdict.issues.map((issue) => issue.code)));
        return;
      }
      expect(thrown).toBeUndefined();
      const sent = built as Record<string, unknown>;
      expect(sent).not.toBe(data);
      expect(Object.keys(sent)).toEqual(Object.keys(data as object));
      for (const key of Object.keys(sent)) {
        const given = (data as Record<string, unknown>)[key];
        if (verdict.cloudIdKeys.includes(key)) {
          expect(sent[key]).toBeInstanceOf(PlatformCloudId);
          if (given instanceof PlatformCloudId) expect(sent[key]).toBe(given);
        } else {
          // What JSON sends (a toJSON result, a Date's string) and a phone code's string.
          expect(sent[key]).toBe(verdict.sent.get(key));
        }
      }
    }),
  );
});

/** Inputs the properties above found, pinned so that they are checked on every run. */
describe('counterexamples found by the properties', () => {
  const codesAndPaths = (data: unknown) => sorted(client.inspectCallData(data).problems);

  it('an array hole arrives as null, like an undefined element: NOT_SENDABLE at its index', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(codesAndPaths({ list: [, 1] })).toEqual(['NOT_SENDABLE @ list[0]']);
  });

  it('fields set on an array are not sent, so they are not checked', () => {
    const list = Object.assign([cloudID('in')], { extra: cloudID('x'), '': NaN });
    expect(codesAndPaths({ list })).toEqual(['CLOUD_ID_NESTED @ list[0]']);
  });

  it('an own "__proto__" field stays a field of the built data', () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "n": 1}') as object;
    const built = client.buildCallData(data);
    expect(Object.keys(built)).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
  });

  it('a CloudID reached again through a cycle is not reported as nested: the cycle is the problem', () => {
    const data: Record<string, unknown> = { weRun: cloudID('x') };
    data.self = data;
    expect(codesAndPaths(data)).toEqual(['CIRCULAR_REFERENCE @ self']);
    expect(() => client.buildCallData(data)).toThrow(expect.objectContaining({ code: 'CIRCULAR_REFERENCE' }));
  });

  it('a problem after a cycle in the same field is still reported', () => {
    const a: Record<string, unknown> = { x: null, y: { id: cloudID('x') } };
    a.x = a;
    expect(codesAndPaths({ a })).toEqual(['CIRCULAR_REFERENCE @ a.x', 'CLOUD_ID_NESTED @ a.y.id']);
  });

  it('a cycle back to data itself is reported where it closes', () => {
    const data: Record<string, unknown> = {};
    data[''] = data;
    data.a = { a: data };
    expect(codesAndPaths(data)).toEqual(['CIRCULAR_REFERENCE @ [""]', 'CIRCULAR_REFERENCE @ a.a']);
  });

  it.each([
    ['a Map', new Map([['k', 1]])],
    ['a Set', new Set([1])],
    ['a Date', new Date(0)],
  ])('%s is refused as data, as it is inside data', (_name, data) => {
    expect(codesAndPaths(data)).toEqual(['NOT_SENDABLE @ ']);
    expect(codesAndPaths({ field: data })).toEqual(data instanceof Date ? [] : ['NOT_SENDABLE @ field']);
  });
});
