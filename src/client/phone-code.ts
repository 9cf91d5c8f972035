import { CLOUD_ID_MARK, type PhoneCodeMarked } from '../core/cloud-id-mark';
import { PHONE_CODE_TTL_MS } from '../core/rules';
import { Lifetime } from './lifetime';

/** The buttons that hand out a phone-number `code`. */
export type PhoneCodeApi = 'getPhoneNumber' | 'getRealtimePhoneNumber';

/**
 * Code strings already sent by this copy of the package: WeChat accepts a code once, so a
 * PhoneCode made again from the same event is refused too.
 */
const sentCodes: Record<string, true> = Object.create(null);

/**
 * A phone-number `code` from a button event, with its lifetime (five minutes). Put it in call data at the
 * top level: it is sent as the code string, which the backend exchanges once for the
 * number. It can never be refreshed: when it expires, or once it was sent, the user must
 * tap the button again.
 */
export class PhoneCode extends Lifetime implements PhoneCodeMarked {
  declare readonly [CLOUD_ID_MARK]: 'phone-code';

  constructor(
    readonly code: string,
    readonly api: PhoneCodeApi,
    obtainedAt: number,
    clock: () => number,
  ) {
    super('phone-code', obtainedAt, PHONE_CODE_TTL_MS, clock);
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
