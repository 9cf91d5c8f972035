import { CLOUD_ID_MARK, type CloudIdMarked } from '../core/cloud-id-mark';
import { BaseLibraryTooOldError, CallDataError, type CallDataIssue, type CallDataIssueCode } from '../core/errors';
import { DEFAULT_EXPIRY_MARGIN_MS, MAX_CLOUD_IDS_PER_CALL, MIN_BASE_LIBRARY } from '../core/rules';
import type { ClientContext } from './context';
import type { CloudIdTicket } from './ticket';
import { baseLibraryVersion, requireCloud } from './version';
import type { WxCloudLike } from './wx';

export interface CallDataOptions {
  /** A ticket with less than this left counts as expired (default 30 000 ms). */
  marginMs?: number;
}

export interface CallDataReport {
  /** Top-level keys whose values are sent as CloudIDs. */
  cloudIdKeys: string[];
  /** Every reason the data cannot be sent; empty when it can. */
  problems: CallDataIssue[];
}

/** Below this depth ancestors are not searched for cycles: a cycle only shows past it. */
const CYCLE_CHECK_DEPTH = 64;
/** After this many objects, already-walked objects are remembered so shared subtrees are walked once. */
const SHARED_WALK_LIMIT = 100000;

/** Thrown inside the walk to stop at a field's first cycle: everything past it repeats. */
const CYCLE = {};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const NOT_SENDABLE_TAGS = /^\[object (Map|Set|WeakMap|WeakSet|Promise|ArrayBuffer|\w+Array)\]$/;

/**
 * What a value is to the platform: one of this package's tickets or references, or a
 * `wx.cloud.CloudID` made by the platform. The latter is recognised by comparing
 * constructors with a probe instance: its internal fields are the platform's business.
 */
function cloudIdDetector(cloud: WxCloudLike | undefined): (value: object) => boolean {
  const probe = cloud && typeof cloud.CloudID === 'function' ? (cloud.CloudID('probe') as object) : undefined;
  const platformClass = probe && probe.constructor !== Object ? probe.constructor : undefined;
  return (value) => (value as Partial<CloudIdMarked>)[CLOUD_ID_MARK] !== undefined || (platformClass !== undefined && value.constructor === platformClass);
}

function formatPath(keys: (string | number)[], length = keys.length): string {
  let path = '';
  for (let index = 0; index < length; index++) {
    const key = keys[index];
    path += typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(key) ? (index ? '.' : '') + key : `[${JSON.stringify(key)}]`;
  }
  return path;
}

/** The one analysis behind `inspectCallData` and `buildCallData`. Never mutates `data`. */
export function inspectCallDataIn(context: ClientContext, data: unknown, options: CallDataOptions = {}): CallDataReport {
  const isCloudId = cloudIdDetector(context.wx().cloud);
  const marginMs = options.marginMs === undefined ? DEFAULT_EXPIRY_MARGIN_MS : options.marginMs;
  const cloudIdKeys: string[] = [];
  const problems: CallDataIssue[] = [];
  const keys: (string | number)[] = [];
  const ancestors: object[] = [];
  let walked = 0;
  let seen: Set<object> | undefined;

  const report = (code: CallDataIssueCode, message: string, path = formatPath(keys)) => problems.push({ code, path, message });

  const visit = (value: unknown, inArray: boolean): void => {
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'string' || typeof value === 'boolean' || value === null) return;
      if (typeof value === 'number') {
        if (value - value !== 0) report('not-sendable', `${value} is sent as null: send a finite number or a string.`);
      } else if (value !== undefined || inArray) {
        report('not-sendable', `a ${value === undefined ? 'undefined array element' : typeof value} cannot be sent${value === undefined ? ' (it arrives as null)' : ' (it is dropped)'}: remove it or convert it to JSON data.`);
      }
      return;
    }
    if (isCloudId(value)) {
      report('nested-cloud-id', 'CloudID is nested: only top-level fields of data are replaced, so the cloud function would get the bare id string. Move it to the top level of data.');
      return;
    }
    const depth = ancestors.length;
    if (depth > CYCLE_CHECK_DEPTH || seen) {
      if (ancestors.lastIndexOf(value) >= 0) return reportCycle(value);
      if (seen) {
        if (seen.has(value)) return;
        seen.add(value);
      }
    }
    if (++walked > SHARED_WALK_LIMIT && !seen) seen = new Set();
    ancestors.push(value);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        keys.push(index);
        visit(value[index], true);
        keys.pop();
      }
    } else {
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        if (NOT_SENDABLE_TAGS.test(Object.prototype.toString.call(value))) {
          report('not-sendable', `a ${value.constructor.name} arrives as {}: convert it to an object or array first.`);
          ancestors.pop();
          return;
        }
        if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
          ancestors.pop();
          return; // sent as its toJSON() result, like a Date
        }
      }
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        keys.push(key);
        visit((value as Record<string, unknown>)[key], false);
        keys.pop();
      }
    }
    ancestors.pop();
  };

  // Reports the back edge closest to the top: chain[n] is the object at the path of the first n
  // keys, and the first n where it repeats the object one cycle length up is where the cycle closes.
  const reportCycle = (value: object) => {
    const chain = ancestors.concat([value]);
    const length = ancestors.length - ancestors.lastIndexOf(value);
    let end = length;
    while (chain[end] !== chain[end - length]) end++;
    report('cycle', 'a circular reference cannot be sent: remove the back reference.', formatPath(keys, end));
    throw CYCLE;
  };

  if (typeof data !== 'object' || data === null || Array.isArray(data) || isCloudId(data)) {
    report('not-sendable', 'data must be a plain object whose fields are sent to the cloud function.', '');
    return { cloudIdKeys, problems };
  }
  const now = context.now();
  for (const key of Object.keys(data)) {
    const value = (data as Record<string, unknown>)[key];
    keys.length = 0;
    keys.push(key);
    if (typeof value === 'object' && value !== null && isCloudId(value)) {
      cloudIdKeys.push(key);
      const ticket = value as CloudIdTicket;
      if (ticket[CLOUD_ID_MARK] === 'ticket' && ticket.isExpired(now, marginMs)) {
        const remainingMs = ticket.remainingMs(now);
        report('expired-ticket', `the ${ticket.api} ticket ${remainingMs > 0 ? `has ${Math.round(remainingMs / 1000)} s left, inside the ${marginMs / 1000} s safety margin` : 'has expired'}: get a new one with ticket.refresh() (callFunction does this for you).`);
      }
      continue;
    }
    ancestors.length = 0;
    ancestors.push(data);
    try {
      visit(value, false);
    } catch (error) {
      if (error !== CYCLE) throw error;
    }
  }
  if (cloudIdKeys.length > MAX_CLOUD_IDS_PER_CALL) {
    report('too-many-cloud-ids', `${cloudIdKeys.length} CloudIDs at the top level (${cloudIdKeys.join(', ')}): at most ${MAX_CLOUD_IDS_PER_CALL} are replaced per call. Send the rest in another call.`, '');
  }
  return { cloudIdKeys, problems };
}

/**
 * The object to pass as `data` to `wx.cloud.callFunction`: top-level tickets and
 * references become `wx.cloud.CloudID(id)`. Throws one `CallDataError` listing every problem.
 */
export function buildCallDataIn(context: ClientContext, data: object, options?: CallDataOptions): Record<string, unknown> {
  const { cloudIdKeys, problems } = inspectCallDataIn(context, data, options);
  if (problems.length) throw new CallDataError(problems);
  const built: Record<string, unknown> = { ...data };
  for (const key of cloudIdKeys) {
    const value = built[key] as Partial<CloudIdMarked>;
    if (value[CLOUD_ID_MARK] === undefined) continue; // already a wx.cloud.CloudID
    const cloud = requireCloud(context);
    if (typeof cloud.CloudID !== 'function') throw new BaseLibraryTooOldError('CloudID', MIN_BASE_LIBRARY.CloudID, versionOrUnknown(context));
    built[key] = cloud.CloudID(value.cloudID as string);
  }
  return built;
}

function versionOrUnknown(context: ClientContext): string {
  try {
    return baseLibraryVersion(context);
  } catch {
    return 'unknown';
  }
}
