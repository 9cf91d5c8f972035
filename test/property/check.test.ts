import fc from 'fast-check';
import { checkSource } from '../../src/check';
import { MAX_CLOUD_IDS_PER_CALL } from '../../src/core/rules';
import { createMockWx } from '../../src/testing';
import { ANY_PAYLOAD, materialize, payloadArbitrary } from './arbitraries';
import { formatPath, judge } from './model';
import { printCall } from './print-literal';
import { logRandomSeed, property } from './runner';

logRandomSeed('test/property/check.test.ts');

const mock = createMockWx();
const CloudID = mock.cloud!.CloudID;
const NOW = mock.clock.now();

describe('cloudid-check agrees with the model on the payload written as a literal', () => {
  property('top-level: every nested CloudID at its path; max-five: at the first CloudID past the limit', 300, () =>
    fc.property(payloadArbitrary({ ...ANY_PAYLOAD, cycles: false }), (spec) => {
      const verdict = judge(materialize(spec, { now: NOW, mintId: (api) => `${api}-id`, platformCloudId: (id) => CloudID(id) }), {
        now: NOW,
        platformCloudId: CloudID('probe').constructor as new () => object,
      });
      const expected = verdict.issues.filter((issue) => issue.code === 'CLOUD_ID_NESTED').map((issue) => `cloudid/top-level @ ${issue.path}`);
      if (verdict.cloudIdKeys.length > MAX_CLOUD_IDS_PER_CALL) expected.push(`cloudid/max-five @ ${formatPath([verdict.cloudIdKeys[MAX_CLOUD_IDS_PER_CALL]])}`);

      const reported = checkSource(printCall(spec), 'page.js').map((diagnostic) => `${diagnostic.rule} @ ${diagnostic.path}`);
      expect(reported.sort()).toEqual(expected.sort());
    }),
  );
});
