import { invalidKitOption } from './errors';

/** The kit's notion of "now": milliseconds since the epoch, moved only by `advance`. */
export interface MockClock {
  now(): number;
  /** Moves the clock forward; cloudIDs expire by it. */
  advance(ms: number): void;
}

/** Anything that tells the time; give `advance` too so `mock.clock.advance` works. */
export interface ClockLike {
  now(): number;
  advance?(ms: number): void;
}

/**
 * A fake clock starting at `startMs`, by default the real time when it is made, and moved
 * only by `advance`: code that reads `Date.now()` (a `withOpenData` freshness check) agrees
 * with the platform's watermarks, and expiry is still driven by hand. `now` is bound: pass it around.
 */
export function createFakeClock(startMs: number = Date.now()): MockClock {
  if (typeof startMs !== 'number' || !Number.isFinite(startMs)) throw invalidKitOption('startMs', `createFakeClock(startMs) needs a finite number of milliseconds since the epoch, got ${String(startMs)}.`);
  let current = startMs;
  return {
    now: () => current,
    advance: (ms: number) => {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw invalidKitOption('ms', `clock.advance(ms) needs a non-negative number of milliseconds, got ${String(ms)}.`);
      current += ms;
    },
  };
}

/** The clock option as a MockClock: a start time, a clock of the user's, or the default. */
export function toMockClock(option: number | ClockLike | undefined, field: string): MockClock {
  if (option === undefined || typeof option === 'number') return createFakeClock(option);
  if (typeof option !== 'object' || option === null || typeof option.now !== 'function') {
    throw invalidKitOption(field, `${field} must be a start time in ms or an object with now(): got ${String(option)}.`);
  }
  const given = option;
  return {
    now: () => given.now(),
    advance: (ms: number) => {
      if (typeof given.advance !== 'function') throw invalidKitOption(field, `${field} was given without advance(ms): move that clock yourself.`);
      given.advance(ms);
    },
  };
}
