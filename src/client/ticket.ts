import { isObject } from '../core/is-object';
import { CLOUD_ID_MARK, type CloudIdMarked } from '../core/cloud-id-mark';
import { TicketNotRefreshableError } from '../core/errors';
import { CLOUD_ID_TTL_MS, type CloudIdApi } from '../core/rules';
import { Lifetime } from './lifetime';

/**
 * A cloudID with its source and lifetime (five minutes). Put it in call data at the top
 * level: it is sent as `wx.cloud.CloudID(cloudID)`. Tickets are immutable; `refresh()` gives a new one.
 */
export class CloudIdTicket<Api extends CloudIdApi = CloudIdApi, Raw = unknown> extends Lifetime implements CloudIdMarked {
  declare readonly [CLOUD_ID_MARK]: 'ticket';

  constructor(
    readonly cloudID: string,
    readonly api: Api,
    obtainedAt: number,
    /** The API's own success result (or the button event's `detail`). */
    readonly raw: Raw,
    clock: () => number,
    private readonly refresher?: () => Promise<CloudIdTicket<Api, Raw>>,
  ) {
    super('ticket', obtainedAt, CLOUD_ID_TTL_MS, clock);
  }

  /** False for sources that need a user's tap (`getUserProfile`, button events) and for `ticketFromResult`. */
  get refreshable(): boolean {
    return this.refresher !== undefined;
  }

  /** Fetches a new ticket from the same source with the same options. */
  refresh(): Promise<CloudIdTicket<Api, Raw>> {
    return this.refresher ? this.refresher() : Promise.reject(new TicketNotRefreshableError(this.api));
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
  if (typeof id !== 'string' || id === '') throw new TypeError(`cloudID(id) needs a non-empty string, got ${id === '' ? 'an empty string' : isObject(id) ? 'an object' : typeof id === 'function' ? 'a function' : String(id)}`);
  return new CloudIdReference(id);
}
