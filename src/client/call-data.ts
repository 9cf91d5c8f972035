import { CLOUD_ID_MARK, type CloudIdMarked } from '../core/cloud-id-mark';
import { BaseLibraryTooOldError, callDataError, type CallDataIssue, type CallDataIssueCode } from '../core/errors';
import { formatDataPath } from '../core/data-path';
import { CLOUD_ID_SINCE, DEFAULT_EXPIRY_MARGIN_MS, MAX_CLOUD_IDS_PER_CALL } from '../core/rules';
import type { ClientContext } from './context';
import type { CloudIdTicket } from './ticket';
import { requireCloud } from './version';
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

/** The fast path keeps no ancestors: past this depth it hands the field to the full walk, which finds cycles. */
const CYCLE_CHECK_DEPTH = 64;
/** After this many objects, already-walked objects are remembered so shared subtrees are walked once. */
const SHARED_WALK_LIMIT = 100000;

/** Objects JSON turns into `{}`. */
const EMPTIED_BY_JSON = /^(Map|Set|WeakMap|WeakSet|Promise|ArrayBuffer|SharedArrayBuffer|DataView|\w+Array)$/;

/** How JSON sends an object that is no array: 'toJSON' (its toJSON() result, like a Date), the tag of one it empties ('Map'), or '' (its own fields). */
function jsonForm(value: object): string {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return 'toJSON';
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return EMPTIED_BY_JSON.test(tag) ? tag : '';
}

/**
 * A copy of an object's own enumerable fields, with `replace` applied to each value. An own
 * `__proto__` field stays a field: Object.assign (and ES2015 object spread) would set the prototype.
 */
export function copyFields(data: object, replace?: (key: string, value: unknown) => unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    const value = (data as Record<string, unknown>)[key];
    Object.defineProperty(copy, key, { value: replace ? replace(key, value) : value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

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

  // The full walk, for a field the fast path could not vouch for: it keeps the path and
  // the ancestors (a cycle is found where it closes, at any depth) and reports every problem.
  const visit = (value: unknown, inArray?: boolean): void => {
    if (typeof value !== 'object' || value === null) {
      if (value === undefined ? inArray : value !== null && !isSendableLeaf(value)) {
        unsendable(value === undefined ? 'undefined (or a hole) in an array' : typeof value === 'number' ? value : `a ${typeof value}`);
      }
      return;
    }
    if (isCloudId(value)) return report('CLOUD_ID_NESTED', 'a nested CloudID arrives as a bare id string: move it to the top level of data');
    if (ancestors.indexOf(value) >= 0) return report('CIRCULAR_REFERENCE', 'a circular reference cannot be sent: remove it');
    if (--budget < 0 && !seen) seen = new Set();
    if (seen) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    const isArray = Array.isArray(value);
    const form = isArray ? '' : jsonForm(value);
    if (form) return form === 'toJSON' ? undefined : unsendable(`a ${form}`);
    ancestors.push(value);
    if (isArray) {
      // JSON sends indices only (a hole as null); other fields of an array are dropped.
      for (let index = 0; index < value.length; index++) {
        keys.push(index);
        visit(value[index], true);
        keys.pop();
      }
    } else {
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        keys.push(key);
        visit((value as Record<string, unknown>)[key]);
        keys.pop();
      }
    }
    ancestors.pop();
  };

  if (typeof data !== 'object' || data === null || Array.isArray(data) || isCloudId(data) || jsonForm(data)) {
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
      visit(value);
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
  if (problems.length) throw callDataError(problems);
  const cloud = cloudIdKeys.length ? requireCloud(context) : undefined;
  return copyFields(data, (key, value) => {
    // A wx.cloud.CloudID (no mark) is sent as it is.
    if (cloudIdKeys.indexOf(key) < 0 || (value as Partial<CloudIdMarked>)[CLOUD_ID_MARK] === undefined) return value;
    if (typeof cloud!.CloudID !== 'function') throw new BaseLibraryTooOldError('CloudID', CLOUD_ID_SINCE);
    return cloud!.CloudID((value as CloudIdMarked).cloudID);
  });
}
