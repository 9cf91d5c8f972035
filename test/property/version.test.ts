import fc from 'fast-check';
import { compareVersion } from '../../src/client';
import { compareVersionModel } from './model';
import { logRandomSeed, property } from './runner';

logRandomSeed('test/property/version.test.ts');

/** A version as numbers, and as written: segments maybe with leading zeros. */
const versionArbitrary = fc
  .array(fc.tuple(fc.nat({ max: 10 ** 6 }), fc.nat({ max: 2 })), { minLength: 1, maxLength: 5 })
  .map((segments) => ({ numbers: segments.map(([value]) => value), text: segments.map(([value, zeros]) => '0'.repeat(zeros) + value).join('.') }));

/** Versions near each other, so that equal and one-apart segments come up often. */
const closeVersionArbitrary = fc
  .array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 4 })
  .map((numbers) => ({ numbers, text: numbers.join('.') }));

const anyVersion = fc.oneof(versionArbitrary, closeVersionArbitrary);

describe('compareVersion', () => {
  property('equals numeric segment comparison, a missing segment counting as 0', 1000, () =>
    fc.property(anyVersion, anyVersion, (a, b) => {
      expect(compareVersion(a.text, b.text)).toBe(compareVersionModel(a.numbers, b.numbers));
    }),
  );

  property('is antisymmetric and reflexive', 1000, () =>
    fc.property(anyVersion, anyVersion, (a, b) => {
      expect(compareVersion(a.text, a.text)).toBe(0);
      expect(compareVersion(b.text, a.text)).toBe(-compareVersion(a.text, b.text) || 0);
    }),
  );

  property('is transitive', 1000, () =>
    fc.property(anyVersion, anyVersion, anyVersion, (a, b, c) => {
      const [x, y, z] = [a, b, c].map((version) => version.text).sort(compareVersion);
      expect(compareVersion(x, y)).toBeLessThanOrEqual(0);
      expect(compareVersion(y, z)).toBeLessThanOrEqual(0);
      expect(compareVersion(x, z)).toBeLessThanOrEqual(0);
      if (compareVersion(x, y) < 0 || compareVersion(y, z) < 0) expect(compareVersion(x, z)).toBe(-1);
    }),
  );

  property('trailing zero segments change nothing', 500, () =>
    fc.property(anyVersion, fc.integer({ min: 1, max: 3 }), (a, zeros) => {
      expect(compareVersion(a.text + '.0'.repeat(zeros), a.text)).toBe(0);
      expect(compareVersion(a.text, a.text + '.0'.repeat(zeros))).toBe(0);
    }),
  );
});
