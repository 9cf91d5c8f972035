/**
 * A reference model of the call-data rule, written to be read rather than to be fast.
 * It shares nothing with the client's walk but the platform numbers, so a
 * misunderstanding in one shows up as a disagreement with the other.
 *
 * The rule: `data` is a plain object; each of its own fields holding a CloudID (a ticket,
 * a `cloudID(id)` reference or a `wx.cloud.CloudID`) is replaced by the platform, at most
 * MAX_CLOUD_IDS_PER_CALL of them; a CloudID anywhere deeper is not replaced; a ticket that
 * has no more than the safety margin left is too old to send; a phone code belongs at the
 * top level too, is sent as its code and is not counted; JSON sends what toJSON returns;
 * objects merely carrying the package's mark symbol are data; and everything else must
 * survive JSON as it is.
 */
import { CloudIdReference, CloudIdTicket, PhoneCode } from '../../src/client';
import type { CallDataIssueCode } from '../../src/core/errors';
import { CLOUD_ID_TTL_MS, DEFAULT_EXPIRY_MARGIN_MS, MAX_CLOUD_IDS_PER_CALL, PHONE_CODE_TTL_MS } from '../../src/core/rules';

/** The same codes the package reports issues with (and throws, when all issues share one). */
export interface ModelIssue {
  code: CallDataIssueCode;
  path: string;
}

export interface Verdict {
  /** Top-level keys whose values are CloudIDs, in key order. */
  cloudIdKeys: string[];
  /** Top-level keys whose values are phone codes (sent as the code, not counted). */
  phoneCodeKeys: string[];
  /** What each top-level field is sent as, but CloudIDs: its toJSON result, a phone code's string. */
  sent: Map<string, unknown>;
  /** Every problem, with its path, but cycles: those are `backEdges` (see below). */
  issues: ModelIssue[];
  /**
   * For each top-level key, the paths at which the object reached repeats one on its own
   * path from the top (every shorter prefix repeating nothing): where a cycle closes.
   */
  backEdges: Map<string, string[]>;
  acceptable: boolean;
}

export interface ModelOptions {
  /** The client's clock when the data is built. */
  now: number;
  /** The safety margin a ticket must have left (default DEFAULT_EXPIRY_MARGIN_MS). */
  marginMs?: number;
  /** The class of the platform's `wx.cloud.CloudID` objects. */
  platformCloudId: abstract new (...args: never[]) => object;
}

/** `obj.shareInfo`, `list[2].id`, `["odd key"]`: keys that are ASCII identifiers are dotted, indexes and others bracketed, quoted as JSON. */
export function formatPath(keys: readonly (string | number)[]): string {
  return keys
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return index === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}

/** Built-ins JSON sends as `{}` (or unwraps, for Number, String and Boolean objects) whatever they hold. */
function isOpaqueContainer(value: object): boolean {
  return (
    value instanceof Map ||
    value instanceof Set ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof Promise ||
    value instanceof RegExp ||
    value instanceof Error ||
    value instanceof DataView ||
    value instanceof Number ||
    value instanceof String ||
    value instanceof Boolean
  );
}

/** ArrayBuffer and typed arrays: callFunction sends them as `{ type: 'Buffer', data: [...] }`. */
function isBinary(value: object): boolean {
  return value instanceof ArrayBuffer || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** JSON.stringify sends what `toJSON` returns instead of the object (a Date, say). */
function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

export function judge(data: unknown, options: ModelOptions): Verdict {
  const { now, marginMs = DEFAULT_EXPIRY_MARGIN_MS, platformCloudId } = options;
  // Only the package's own classes carry a genuine mark: plain objects copying it are data.
  const isCloudId = (value: unknown): value is object =>
    typeof value === 'object' && value !== null && (value instanceof CloudIdTicket || value instanceof CloudIdReference || value instanceof platformCloudId);
  const issues: ModelIssue[] = [];
  const backEdges = new Map<string, string[]>();
  const cloudIdKeys: string[] = [];
  const phoneCodeKeys: string[] = [];
  const sent = new Map<string, unknown>();

  if (typeof data !== 'object' || data === null || Array.isArray(data) || isCloudId(data) || isOpaqueContainer(data) || hasToJson(data)) {
    return { cloudIdKeys, phoneCodeKeys, sent, issues: [{ code: 'NOT_SENDABLE', path: '' }], backEdges, acceptable: false };
  }

  /** Walks every path that repeats no object; `onPath` holds the objects from `data` down. */
  const walk = (value: unknown, keys: (string | number)[], onPath: object[], inArray: boolean, edges: string[], resolved = false): void => {
    const path = formatPath(keys);
    if (isCloudId(value) || value instanceof PhoneCode) return void issues.push({ code: 'CLOUD_ID_NESTED', path });
    const sendable =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      value === null ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      (value === undefined && !inArray) ||
      typeof value === 'object';
    if (!sendable) return void issues.push({ code: 'NOT_SENDABLE', path });
    if (typeof value !== 'object' || value === null || isBinary(value)) return;
    // JSON sends what toJSON returns (and calls no toJSON of that result itself).
    if (hasToJson(value) && !resolved) return walk((value as { toJSON(key: string): unknown }).toJSON(String(keys[keys.length - 1])), keys, onPath, inArray, edges, true);
    if (isOpaqueContainer(value)) return void issues.push({ code: 'NOT_SENDABLE', path });
    if (onPath.includes(value)) return void edges.push(path);
    const below = [...onPath, value];
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) walk(value[index], [...keys, index], below, true, edges);
    } else {
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], [...keys, key], below, false, edges);
    }
  };

  for (const key of Object.keys(data)) {
    let value = (data as Record<string, unknown>)[key];
    if (typeof value === 'object' && value !== null && hasToJson(value) && !isBinary(value)) value = (value as { toJSON(key: string): unknown }).toJSON(key);
    sent.set(key, value);
    if (value instanceof PhoneCode) {
      phoneCodeKeys.push(key);
      sent.set(key, value.code);
      if (value.obtainedAt + PHONE_CODE_TTL_MS - now <= marginMs) issues.push({ code: 'PHONE_CODE_EXPIRED', path: formatPath([key]) });
      continue;
    }
    if (isCloudId(value)) {
      cloudIdKeys.push(key);
      if (value instanceof CloudIdTicket && value.obtainedAt + CLOUD_ID_TTL_MS - now <= marginMs) {
        issues.push({ code: 'TICKET_EXPIRED', path: formatPath([key]) });
      }
      continue;
    }
    const edges: string[] = [];
    walk(value, [key], [data], false, edges, value !== (data as Record<string, unknown>)[key]);
    if (edges.length) backEdges.set(key, edges);
  }
  if (cloudIdKeys.length > MAX_CLOUD_IDS_PER_CALL) issues.push({ code: 'TOO_MANY_CLOUD_IDS', path: '' });
  return { cloudIdKeys, phoneCodeKeys, sent, issues, backEdges, acceptable: issues.length === 0 && backEdges.size === 0 };
}

/** The code of the error a rejected payload throws: the issues' code when they share one, else INVALID_CALL_DATA. */
export function expectedErrorCode(codes: readonly CallDataIssueCode[]): string {
  return codes.every((code) => code === codes[0]) ? codes[0] : 'INVALID_CALL_DATA';
}

/** Base library versions compared as numbers segment by segment, a missing segment being 0. */
export function compareVersionModel(a: readonly number[], b: readonly number[]): -1 | 0 | 1 {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a[index] || 0;
    const right = b[index] || 0;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}
