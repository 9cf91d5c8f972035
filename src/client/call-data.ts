import { CLOUD_ID_MARK, type CloudIdMarked } from '../core/cloud-id-mark';
import { BaseLibraryTooOldError, CallDataError, type CallDataIssue, type CallDataIssueCode } from '../core/errors';
import { formatDataPath } from '../core/data-path';
import { CLOUD_ID_SINCE, DEFAULT_EXPIRY_MARGIN_MS, MAX_CLOUD_IDS_PER_CALL } from '../core/rules';
import type { ClientContext } from './context';
import type { CloudIdTicket } from './ticket';
import { readBaseLibraryVersion, requireCloud } from './version';
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

/** Objects JSON turns into `{}`. */
const EMPTIED_BY_JSON = /^(Map|Set|WeakMap|WeakSet|Promise|ArrayBuffer|\w+Array)$/;

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

/** Strings, booleans and finite numbers arrive as they are. */
function isSendableLeaf(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && value - value === 0);
}

/** The one analysis behind `inspectCallData` and `buildCallData`. Never mutates `data`. */
export function inspectCallDataIn(context: ClientContext, data: unknown, options: CallDataOptions = {}): CallDataReport {
  const isCloudId = cloudIdDetector(context.wx().cloud);
  const marginMs = options.marginMs === undefined ? DEFAULT_EXPIRY_MARGIN_MS : options.marginMs;
  const cloudIdKeys: string[] = [];
  const problems: CallDataIssue[] = [];
  const keys: (string | number)[] = [];
  const ancestors: object[] = [];
  let budget = SHARED_WALK_LIMIT;
  let seen: Set<object> | undefined;

  const report = (code: CallDataIssueCode, message: string, path = formatDataPath(keys)) => {
    problems.push({ code, path, message });
  };
  const unsendable = (what: unknown) => report('NOT_SENDABLE', `${what} cannot be sent as JSON: convert or remove it`);

  // The fast path: trees of object literals and arrays whose leaves are strings,
  // booleans, finite numbers and null, no deeper than the cycle check. It keeps no path
  // and checks leaves inline (no call per leaf), so it costs about what a bare walk does;
  // a field it cannot vouch for goes through `visit`, which finds and words every
  // problem. Reading `constructor` is much faster here than Object.getPrototypeOf.
  const isPlainTree = (value: object, depthLeft: number): boolean => {
    if (depthLeft === 0 || --budget < 0) return false;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const child: unknown = value[index];
        if (typeof child === 'object' ? child !== null && !isPlainTree(child, depthLeft - 1) : !isSendableLeaf(child)) return false;
      }
      return true;
    }
    // Tickets, references and platform CloudIDs are class instances, never plain objects.
    if (value.constructor !== Object) return false;
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' ? child !== null && !isPlainTree(child, depthLeft - 1) : child !== undefined && !isSendableLeaf(child)) return false;
    }
    return true;
  };

  const visit = (value: unknown, inArray?: boolean): void => {
    if (typeof value !== 'object' || value === null) {
      if (value === undefined ? inArray : value !== null && !isSendableLeaf(value)) {
        unsendable(value === undefined ? 'undefined in an array' : typeof value === 'number' ? value : `a ${typeof value}`);
      }
      return;
    }
    if (isCloudId(value)) return report('CLOUD_ID_NESTED', 'a nested CloudID arrives as a bare id string: move it to the top level of data');
    if (ancestors.length > CYCLE_CHECK_DEPTH || seen) {
      if (ancestors.lastIndexOf(value) >= 0) return reportCycle(value);
      if (seen) {
        if (seen.has(value)) return;
        seen.add(value);
      }
    }
    if (--budget < 0 && !seen) seen = new Set();
    const isArray = Array.isArray(value);
    if (!isArray && value.constructor !== Object) {
      const tag = Object.prototype.toString.call(value).slice(8, -1);
      if (EMPTIED_BY_JSON.test(tag)) return unsendable(`a ${tag}`);
      // Sent as its toJSON() result, like a Date.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
    }
    ancestors.push(value);
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      keys.push(isArray ? +key : key);
      visit((value as Record<string, unknown>)[key], isArray);
      keys.pop();
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
    report('CIRCULAR_REFERENCE', 'a circular reference cannot be sent: remove it', formatDataPath(keys, end));
    throw CYCLE;
  };

  if (typeof data !== 'object' || data === null || Array.isArray(data) || isCloudId(data)) {
    report('NOT_SENDABLE', 'data must be a plain object', '');
    return { cloudIdKeys, problems };
  }
  const now = context.now();
  for (const key of Object.keys(data)) {
    const value = (data as Record<string, unknown>)[key];
    keys[0] = key;
    keys.length = 1;
    if (typeof value === 'object' && value !== null && isCloudId(value)) {
      cloudIdKeys.push(key);
      const ticket = value as CloudIdTicket;
      if (ticket[CLOUD_ID_MARK] === 'ticket' && ticket.isExpired(now, marginMs)) {
        const remainingMs = ticket.remainingMs(now);
        report('TICKET_EXPIRED', `${ticket.api} ticket ${remainingMs > 0 ? `expires in ${Math.round(remainingMs / 1000)} s (margin ${marginMs / 1000} s)` : 'expired'}: refresh it, or send with callFunction`);
      }
    } else if (typeof value === 'object' ? value !== null && !isPlainTree(value, CYCLE_CHECK_DEPTH) : value !== undefined && !isSendableLeaf(value)) {
      ancestors[0] = data;
      ancestors.length = 1;
      try {
        visit(value);
      } catch (error) {
        if (error !== CYCLE) throw error;
      }
    }
  }
  if (cloudIdKeys.length > MAX_CLOUD_IDS_PER_CALL) {
    report('TOO_MANY_CLOUD_IDS', `${cloudIdKeys.length} CloudIDs (${cloudIdKeys.join(', ')}), at most ${MAX_CLOUD_IDS_PER_CALL} per call: send the rest in another call`, '');
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
  const built: Record<string, unknown> = Object.assign({}, data as Record<string, unknown>);
  for (const key of cloudIdKeys) {
    const value = built[key] as Partial<CloudIdMarked>;
    if (value[CLOUD_ID_MARK] === undefined) continue; // already a wx.cloud.CloudID
    const cloud = requireCloud(context);
    if (typeof cloud.CloudID !== 'function') throw new BaseLibraryTooOldError('CloudID', CLOUD_ID_SINCE, readBaseLibraryVersion(context.wx()) || 'unknown');
    built[key] = cloud.CloudID(value.cloudID as string);
  }
  return built;
}
