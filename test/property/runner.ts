/**
 * How the property suites run: every property twice, once with a fixed seed (the same
 * inputs on every run, so CI is reproducible) and once with a fresh random seed, printed
 * so that a failure can be replayed with `FC_SEED=<seed> npx jest test/property`.
 * fast-check prints the seed and the shrunk counterexample's path on failure; with
 * `FC_PATH=<path>` as well, the random run replays that counterexample alone.
 */
import { runInThisContext } from 'node:vm';
import fc from 'fast-check';

export const FIXED_SEED = 20260101;

function seedFromEnvironment(): number | undefined {
  const given = process.env.FC_SEED;
  if (given === undefined || given === '') return undefined;
  const seed = Number(given);
  if (!Number.isInteger(seed)) throw new TypeError(`FC_SEED must be an integer seed as fast-check printed it, got "${given}".`);
  return seed;
}

/** One per test file; `FC_SEED` replaces it. */
export const RANDOM_SEED = seedFromEnvironment() ?? (Math.random() * 0x100000000) | 0;

const replayPath = process.env.FC_PATH || undefined;

/** Prints the random seed once per file, with the command that replays it. */
export function logRandomSeed(file: string): void {
  console.log(`fast-check random seed ${RANDOM_SEED} for ${file}; replay with FC_SEED=${RANDOM_SEED} npx jest ${file}`);
}

type Property = fc.IProperty<unknown> | fc.IAsyncProperty<unknown>;

/** Registers the property as two jest tests, fixed seed and random seed, each with `numRuns` runs. */
export function property(name: string, numRuns: number, make: () => Property, timeoutMs = 30_000): void {
  const runs: [string, fc.Parameters<unknown>][] = [
    [`fixed seed ${FIXED_SEED}`, { seed: FIXED_SEED, numRuns }],
    [`random seed ${RANDOM_SEED}`, { seed: RANDOM_SEED, numRuns, ...(replayPath ? { path: replayPath, endOnFailure: true } : {}) }],
  ];
  for (const [label, parameters] of runs) {
    it(`${name} (${numRuns} runs, ${label})`, () => fc.assert(make() as fc.IAsyncProperty<unknown>, parameters), timeoutMs);
  }
}

/**
 * Collects unhandled promise rejections while `run` runs and for a few turns after it.
 * Jest gives each test file a copy of `process` that Node never emits on, so the
 * listener goes on the process of the outer context.
 */
export async function unhandledRejectionsDuring(run: () => Promise<void>): Promise<unknown[]> {
  const nodeProcess = runInThisContext('process') as NodeJS.Process;
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  nodeProcess.on('unhandledRejection', listener);
  try {
    await run();
    // Node reports a rejection once the microtask queue drains with no handler attached.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
  } finally {
    nodeProcess.off('unhandledRejection', listener);
  }
  return reasons;
}
