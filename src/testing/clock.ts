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

/** Where the built-in clock starts: 2026-01-01T00:00:00Z. */
export const DEFAULT_CLOCK_START = Date.UTC(2026, 0, 1);

/** A fake clock starting at `startMs` (default 2026-01-01T00:00:00Z). `now` is bound: pass it around. */
export function createFakeClock(startMs: number = DEFAULT_CLOCK_START): MockClock {
  if (typeof startMs !== 'number' || !Number.isFinite(startMs)) throw new TypeError(`createFakeClock(startMs) needs a finite number of milliseconds since the epoch, got ${String(startMs)}.`);
  let current = startMs;
  return {
    now: () => current,
    advance: (ms: number) => {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new TypeError(`clock.advance(ms) needs a non-negative number of milliseconds, got ${String(ms)}.`);
      current += ms;
    },
  };
}

/** The clock option as a MockClock: a start time, a clock of the user's, or the default. */
export function toMockClock(option: number | ClockLike | undefined, field: string): MockClock {
  if (option === undefined || typeof option === 'number') return createFakeClock(option);
  if (typeof option !== 'object' || option === null || typeof option.now !== 'function') {
    throw new TypeError(`${field} must be a start time in ms or an object with now(): got ${String(option)}.`);
  }
  const given = option;
  return {
    now: () => given.now(),
    advance: (ms: number) => {
      if (typeof given.advance !== 'function') throw new TypeError(`${field} was given without advance(ms): move that clock yourself.`);
      given.advance(ms);
    },
  };
}
