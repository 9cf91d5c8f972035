import { CLOUD_ID_MARK, type PhoneCodeMarked } from '../core/cloud-id-mark';
import { PHONE_CODE_TTL_MS } from '../core/rules';
import { isExpired, remainingMs } from './lifetime';

/** The buttons that hand out a phone-number `code`. */
export type PhoneCodeApi = 'getPhoneNumber' | 'getRealtimePhoneNumber';

/**
 * Code strings already sent by this copy of the package: WeChat accepts a code once, so a
 * PhoneCode made again from the same event is refused too.
 */
const sentCodes: Record<string, true> = Object.create(null);

/**
 * A phone-number `code` from a button event, with its lifetime. Put it in call data at the
 * top level: it is sent as the code string, which the backend exchanges once for the
 * number. It can never be refreshed: when it expires, or once it was sent, the user must
 * tap the button again.
 */
export class PhoneCode implements PhoneCodeMarked {
  declare readonly [CLOUD_ID_MARK]: 'phone-code';
  /** When the code stops working: `obtainedAt` plus five minutes. */
  readonly expiresAt: number;

  constructor(
    readonly code: string,
    readonly api: PhoneCodeApi,
    /** When the code was received (ms since the epoch, by the context's clock). */
    readonly obtainedAt: number,
    private readonly clock: () => number,
  ) {
    this.expiresAt = obtainedAt + PHONE_CODE_TTL_MS;
    Object.defineProperty(this, CLOUD_ID_MARK, { value: 'phone-code' });
  }

  /** Milliseconds until the code expires (negative once it has). */
  remainingMs(now?: number): number {
    return remainingMs(this.expiresAt, this.clock, now);
  }

  /** True when fewer than `marginMs` (default 30 s) remain: too late to send it safely. */
  isExpired(now?: number, marginMs?: number): boolean {
    return isExpired(this.remainingMs(now), marginMs);
  }
}

/** Records that a request carrying `code` went out: call data holding it again is refused. */
export function markPhoneCodeSent(code: PhoneCode): void {
  sentCodes[code.code] = true;
}

/** True once a PhoneCode with this code string was marked sent. */
export function wasPhoneCodeSent(code: string): boolean {
  return sentCodes[code] === true;
}
