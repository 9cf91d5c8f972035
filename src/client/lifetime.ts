import { DEFAULT_EXPIRY_MARGIN_MS } from '../core/rules';

/**
 * The lifetime a ticket and a phone code share, as both classes' `remainingMs` and
 * `isExpired` compute it: milliseconds from `now` (default: the clock's time) to
 * `expiresAt`, negative once past.
 */
export function remainingMs(expiresAt: number, clock: () => number, now: number | undefined): number {
  // Defaults written out: an ES5 compile pads default parameters.
  return expiresAt - (now === undefined ? clock() : now);
}

/** True when `remaining` ms are fewer than `marginMs` (default 30 s): too late to send it safely. */
export function isExpired(remaining: number, marginMs: number | undefined): boolean {
  return remaining <= (marginMs === undefined ? DEFAULT_EXPIRY_MARGIN_MS : marginMs);
}
