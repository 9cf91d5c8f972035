import { CLOUD_ID_MARK, type CloudIdKind } from '../core/cloud-id-mark';
import { DEFAULT_EXPIRY_MARGIN_MS } from '../core/rules';

/**
 * What a ticket and a phone code share: the mark call data finds them by, when they were
 * obtained and how long they work, by a clock.
 */
export class Lifetime {
  /** When it stops working: `obtainedAt` plus its lifetime. */
  readonly expiresAt: number;

  constructor(
    kind: CloudIdKind,
    /** When it was obtained (ms since the epoch, by the context's clock). */
    readonly obtainedAt: number,
    lifetimeMs: number,
    private readonly clock: () => number,
  ) {
    this.expiresAt = obtainedAt + lifetimeMs;
    Object.defineProperty(this, CLOUD_ID_MARK, { value: kind });
  }

  /** Milliseconds until it expires (negative once it has). */
  remainingMs(now?: number): number {
    // Defaults written out: an ES5 compile pads default parameters.
    return this.expiresAt - (now === undefined ? this.clock() : now);
  }

  /** True when fewer than `marginMs` (default 30 s) remain: too late to send it safely. */
  isExpired(now?: number, marginMs?: number): boolean {
    return this.remainingMs(now) <= (marginMs === undefined ? DEFAULT_EXPIRY_MARGIN_MS : marginMs);
  }
}
