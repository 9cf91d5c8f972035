import fc from 'fast-check';
import { SOURCE_VALUES } from '../../src/core/rules';
import { parseSource } from '../../src/server';
import { logRandomSeed, property } from './runner';

logRandomSeed('test/property/parse-source.test.ts');

/** A trigger WeChat does not document: any text without a comma or surrounding blanks. */
const unknownSource = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((name) => !name.includes(',') && name.trim() === name);

const chainArbitrary = fc.array(fc.oneof(fc.constantFrom(...SOURCE_VALUES), unknownSource), { maxLength: 6 });

describe('parseSource', () => {
  property('round-trips a SOURCE chain of known and unknown names', 1000, () =>
    fc.property(chainArbitrary, (chain) => {
      expect(parseSource(chain.join(','))).toEqual(chain);
    }),
  );

  property('ignores blanks around names and empty links', 500, () =>
    fc.property(chainArbitrary, fc.array(fc.constantFrom(' ', '\t', ''), { minLength: 2, maxLength: 2 }), (chain, [before, after]) => {
      expect(parseSource(['', ...chain.map((name) => before + name + after), ''].join(','))).toEqual(chain);
    }),
  );
});
