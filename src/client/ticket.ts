import { CLOUD_ID_MARK, type CloudIdMarked } from '../core/cloud-id-mark';
import { cloudIdError, invalidOption } from '../core/errors';
import { CLOUD_ID_TTL_MS, type CloudIdApi } from '../core/rules';
import { isExpired, remainingMs } from './lifetime';

/**
 * A cloudID with its source and lifetime. Put it in call data at the top level: it is
 * sent as `wx.cloud.CloudID(cloudID)`. Tickets are immutable; `refresh()` gives a new one.
 */
export class CloudIdTicket<Api extends CloudIdApi = CloudIdApi, Raw = unknown> implements CloudIdMarked {
  declare readonly [CLOUD_ID_MARK]: 'ticket';
  /** When the cloudID stops working: `obtainedAt` plus five minutes. */
  readonly expiresAt: number;
  /** False for sources that need a user's tap (`getUserProfile`, button events) and for `ticketFromResult`. */
  readonly refreshable: boolean;

  constructor(
    readonly cloudID: string,
    readonly api: Api,
    /** When the ticket was made (ms since the epoch, by the context's clock). */
    readonly obtainedAt: number,
    /** The API's own success result (or the button event's `detail`). */
    readonly raw: Raw,
    private readonly clock: () => number,
    private readonly refresher?: () => Promise<CloudIdTicket<Api, Raw>>,
  ) {
    this.expiresAt = obtainedAt + CLOUD_ID_TTL_MS;
    this.refreshable = refresher !== undefined;
    Object.defineProperty(this, CLOUD_ID_MARK, { value: 'ticket' });
  }

  /** Milliseconds until the cloudID expires (negative once it has). */
  remainingMs(now?: number): number {
    return remainingMs(this.expiresAt, this.clock, now);
  }

  /** True when fewer than `marginMs` (default 30 s) remain: too late to send it safely. */
  isExpired(now?: number, marginMs?: number): boolean {
    return isExpired(this.remainingMs(now), marginMs);
  }

  /** Fetches a new ticket from the same source with the same options. */
  refresh(): Promise<CloudIdTicket<Api, Raw>> {
    return this.refresher ? this.refresher() : Promise.reject(cloudIdError('TICKET_NOT_REFRESHABLE', `${this.api} needs a user's tap: ask the user to tap again`, { api: this.api }));
  }
}

/**
 * A CloudID for an id obtained elsewhere: no lifetime is known, so none is checked. A
 * class rather than a plain object, so plain data can never be mistaken for one.
 */
export class CloudIdReference implements CloudIdMarked {
  declare readonly [CLOUD_ID_MARK]: 'reference';

  constructor(readonly cloudID: string) {
    Object.defineProperty(this, CLOUD_ID_MARK, { value: 'reference' });
    Object.freeze(this);
  }
}

/** Wraps a cloudID string obtained elsewhere so call data can carry it. */
export function cloudID(id: string): CloudIdReference {
  if (typeof id !== 'string' || id === '') throw invalidOption('cloudID(id)', 'a non-empty string', id);
  return new CloudIdReference(id);
}
