import { isObject } from '../core/is-object';
import { markOf } from '../core/cloud-id-mark';
import { callDataError, invalidOption, type CallDataIssue, type CallDataIssueCode } from '../core/errors';
import { formatDataPath } from '../core/data-path';
import { CLOUD_ID_SINCE, DEFAULT_EXPIRY_MARGIN_MS, MAX_CLOUD_IDS_PER_CALL } from '../core/rules';
import type { ClientContext } from './context';
import { wasPhoneCodeSent, type PhoneCode } from './phone-code';
import { baseLibraryTooOld, cloudOf, requireCloud } from './version';

export interface CallDataOptions {
  /** A ticket or phone code with less than this left counts as expired (default 30 000 ms). */
  marginMs?: number;
}

/**
 * Data for callContainer, where the platform replaces nothing: tickets are sent as their
 * cloudID strings for the container to exchange, and a platform value or binary data
 * cannot go. Given what was found (a platform value's index in PLATFORM_VALUES, or binary
 * data's tag), the problem's code and message. Without it (buildCallData, callFunction),
 * tickets become `wx.cloud.CloudID(id)`, which the platform replaces with open data. These
 * problems are worded with callContainer, so buildCallData alone does not ship them.
 */
export type ContainerCheck = (found: number | string) => [CallDataIssueCode, string];

export interface CallDataReport {
  /** Top-level keys whose values are sent as CloudIDs (for callContainer: as cloudID strings). */
  cloudIdKeys: string[];
  /** Top-level keys whose values are phone codes, sent as the code string. */
  phoneCodeKeys: string[];
  /** Every reason the data cannot be sent (the first of each kind, then up to a cap); empty when it can. */
  problems: CallDataIssue[];
  /** How many more problems were found than `problems` lists. */
  unlisted: number;
}

/** The data to send, and the phone codes in it (mark them sent once the request goes out). */
export interface PreparedCallData {
  data: Record<string, unknown>;
  phoneCodes: PhoneCode[];
}

/**
 * A choice, not a platform number: data nested deeper is refused, well before
 * JSON.stringify (or this walk) overflows the stack (V8's JSON fails at about 4,200 levels).
 * The fast path keeps no ancestors: a cycle takes it this deep, then the full walk finds it.
 */
const MAX_NESTING = 1000;
/**
 * The fast path gives up on a top-level field after this many objects; past this many, the
 * full walk remembers the objects it walked, so shared subtrees are walked once:
 * data with many paths to the same objects stays linear, and a field of a million plain
 * objects stays on the fast path.
 */
const SHARED_WALK_LIMIT = 1000000;
/** Problems listed before the rest are only counted; the first of each kind is always listed. */
const LISTED_PROBLEMS = 20;

/** Binary data, which callFunction sends as `{ type: 'Buffer', data: [...] }` (Node's Buffer is a Uint8Array). */
const BINARY = /^(ArrayBuffer|(Big)?(Int|Uint|Float)\d+(Clamped)?Array)$/;
/**
 * Built-ins JSON sends as `{}` (their state is in internal slots), unwraps (Number,
 * String, Boolean: `new Number(NaN)` becomes null) or cannot convert (BigInt). Any other
 * object, whatever its toStringTag, is sent as its own fields, as JSON does.
 */
const CHANGED_BY_JSON = /^(Map|Set|Weak\w+|Promise|RegExp|Error|DataView|SharedArrayBuffer|Number|String|Boolean|BigInt|Symbol)$/;

/** The built-ins, as the package found them: a Date whose toJSON is another's is not a leaf. */
const dateToJSON = Date.prototype.toJSON;
const dateToISOString = Date.prototype.toISOString;
const dateGetTime = Date.prototype.getTime;

const tagOf = (value: object): string => Object.prototype.toString.call(value).slice(8, -1);

/** Sets `key` as an own field, `__proto__` too (Object.assign and ES2015 object spread would set the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Strings, booleans and finite numbers arrive as they are. */
function isSendableLeaf(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && value - value === 0);
}

const NESTED_CLOUD_ID = 'a nested CloudID arrives as a bare string: move it to the top level';

/**
 * The class of what `make('probe')` returns, if the platform has `make` (a `make` that is no
 * function throws here, and there is no class). A plain object's class is Object, which
 * `platformValue` never looks up.
 */
function platformClass(make: unknown): unknown {
  try {
    return (make as (id: string) => object)('probe').constructor;
  } catch {
    return undefined;
  }
}

/** How many more objects the fast path may walk in the field it is on (see SHARED_WALK_LIMIT). */
let objectsLeft = 0;

/**
 * The fast path: trees of object literals and arrays whose leaves are strings, booleans,
 * finite numbers, null and Dates, no deeper than `depthLeft`. It keeps no path and checks
 * leaves inline (no call per leaf), so it costs about what a bare walk does; a field it
 * cannot vouch for goes through the full walk, which finds and words every problem. A
 * function of the module, not a closure of each call: V8 then calls it directly, which
 * makes the walk about a tenth faster. Reading `constructor` is much faster here than
 * Object.getPrototypeOf.
 */
function isPlainTree(value: object, depthLeft: number): boolean {
  if (depthLeft === 0 || --objectsLeft < 0) return false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const child: unknown = value[index];
      if (!isSendableLeaf(child) && child !== null && (child === undefined || !isPlainTree(child as object, depthLeft - 1))) return false;
    }
    return true;
  }
  const constructor = value.constructor;
  if (constructor !== Object) {
    // A Date with the built-in toJSON and toISOString is sent as its ISO string (null when
    // invalid): a leaf. getTime throws for what only inherits from Date.prototype, which
    // the full walk then reports. A top-level Date goes to the full walk, which records its string.
    return constructor === Date && depthLeft < MAX_NESTING && (value as Date).toJSON === dateToJSON && (value as Date).toISOString === dateToISOString && dateGetTime.call(value) !== undefined;
  }
  // Tickets, platform values, objects with toJSON, and functions, symbols and bigints (the
  // loops above pass any child that is not a leaf: no typeof 'object' here, which an ES5
  // compile would wrap in a helper) go to the full walk.
  if (typeof value === 'function' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (!isSendableLeaf(child) && child != null && !isPlainTree(child as object, depthLeft - 1)) return false;
  }
  return true;
}

/**
 * True when the fast path vouches for a top-level field. It may walk SHARED_WALK_LIMIT
 * objects of it (data with many paths to the same objects then goes to the full walk,
 * which walks each once). A throw (a getter, a Proxy trap) is found again, with its path,
 * by the full walk. A getter that calls back in only changes where the fast path gives up.
 */
function vouchedFor(value: object): boolean {
  objectsLeft = SHARED_WALK_LIMIT;
  try {
    return isPlainTree(value, MAX_NESTING);
  } catch {
    return false;
  }
}

/** A top-level field: the value read (once), and what it is sent as: that value (or its toJSON result), a cloudID to wrap, or a code string. */
type Field = { key: string; read: unknown; value: unknown; asCloudId?: boolean; phoneCode?: PhoneCode };

/** One reading of call data: what `inspectCallData` reports, and each top-level field as read and as sent. */
export interface CallDataReading {
  report: CallDataReport;
  fields: Field[];
}

/** The platform's own values in call data, found by their class. */
export const PLATFORM_VALUES = ['wx.cloud.CloudID', 'wx.cloud.CDN'];
const TAP_AGAIN = ': ask the user to tap again';

/**
 * The one analysis behind `inspectCallData`, `buildCallData` and both transports. Reads
 * `Object.keys(data)`, each top-level field and each field of a ticket once: what is
 * checked is what is sent.
 */
function analyse(context: ClientContext, data: unknown, options: CallDataOptions | undefined, container: ContainerCheck | undefined, fields: Field[]): CallDataReport {
  if (options !== undefined && !isObject(options)) throw invalidOption('options', 'an object', options);
  const given = options && options.marginMs;
  const marginMs = given === undefined ? DEFAULT_EXPIRY_MARGIN_MS : given;
  if (typeof marginMs !== 'number' || !(marginMs >= 0 && marginMs < Infinity)) throw invalidOption('marginMs', 'a finite number, 0 or more', marginMs);
  const cloudIdKeys: string[] = [];
  const phoneCodeKeys: string[] = [];
  const problems: CallDataIssue[] = [];
  const listedCodes: string[] = [];
  const result = { cloudIdKeys, phoneCodeKeys, problems, unlisted: 0 };
  const keys: (string | number)[] = [];
  const ancestors: object[] = [];
  const now = context.now();
  let field: Field;
  let budget = SHARED_WALK_LIMIT;
  let seen: Set<object> | undefined;
  // The platform's classes, found on first need: plain data never makes a probe.
  let classes: unknown[] | undefined;
  /** 0 for a wx.cloud.CloudID, 1 for a wx.cloud.CDN value, else -1. */
  const platformValue = (value: object): number => {
    const constructor = value.constructor;
    if (typeof constructor !== 'function' || constructor === Object || constructor === Array) return -1;
    if (!classes) {
      const cloud = cloudOf(context) as { CloudID?: unknown; CDN?: unknown } | undefined;
      classes = cloud ? [platformClass(cloud.CloudID), platformClass(cloud.CDN)] : [];
    }
    return classes.indexOf(constructor);
  };

  // The path is where the walk is: `keys` is empty for data itself.
  const report = (code: CallDataIssueCode, message: string) => {
    if (problems.length < LISTED_PROBLEMS || listedCodes.indexOf(code) < 0) {
      listedCodes.push(code);
      problems.push({ code, path: formatDataPath(keys), message });
    } else result.unlisted++;
  };
  const reportProblem = (problem: [CallDataIssueCode, string]) => report(problem[0], problem[1]);
  const unsendable = (what: unknown) => report('NOT_SENDABLE', `${what} cannot be sent as JSON: convert or remove it`);

  // The full walk, for a field the fast path could not vouch for: it keeps the path and
  // the ancestors (a cycle is found where it closes, at any depth) and reports every
  // problem. At the top (one key on the path) it records what the field is sent as.
  // `resolved` is a toJSON result: JSON calls no toJSON of it.
  const visit = (value: unknown, inArray?: boolean, resolved?: boolean): void => {
    const top = keys.length < 2;
    if (!isObject(value)) {
      if (value === undefined ? inArray : value !== null && !isSendableLeaf(value)) {
        // What else JSON cannot send: NaN, an infinity, a function, a bigint or a symbol
        // (each typeof compared with a string: a bare typeof costs an ES5 compile a helper).
        unsendable(value === undefined ? 'undefined (or a hole) in an array' : typeof value === 'number' ? value : typeof value === 'function' ? 'a function' : typeof value === 'bigint' ? 'a bigint' : 'a symbol');
      }
      return;
    }
    const kind = markOf(value);
    if (kind && !top) return report('CLOUD_ID_NESTED', kind === 'phone-code' ? 'a nested phone code is never read: move it to the top level' : NESTED_CLOUD_ID);
    if (kind) {
      // A marked value's fields are read once; the expiry check fails closed (NaN counts as expired).
      const marked = value as { cloudID?: unknown; code?: unknown; expiresAt?: number; api?: string };
      const id = kind === 'phone-code' ? marked.code : marked.cloudID;
      const remainingMs = kind === 'reference' ? Infinity : (marked.expiresAt as number) - now;
      const expiry = `${marked.api} ${kind === 'ticket' ? 'ticket' : 'code'} ${remainingMs > 0 ? `expires in ${Math.round(remainingMs / 1000)} s (margin ${marginMs / 1000} s)` : 'expired'}`;
      if (typeof id === 'string' && id) {
        const key = keys[0] as string;
        field.value = id;
        if (kind === 'phone-code') {
          phoneCodeKeys.push(key);
          field.phoneCode = value as PhoneCode;
          if (wasPhoneCodeSent(id)) report('PHONE_CODE_USED', `code already sent, it works once${TAP_AGAIN}`);
          else if (!(remainingMs > marginMs)) report('PHONE_CODE_EXPIRED', expiry + TAP_AGAIN);
        } else {
          cloudIdKeys.push(key);
          // For a container the id goes as its string, for the container to exchange.
          field.asCloudId = !container;
          if (!(remainingMs > marginMs)) report('TICKET_EXPIRED', `${expiry}: refresh it first`);
        }
        return;
      }
    }
    const platform = platformValue(value);
    if (platform >= 0) {
      if (container) return reportProblem(container(platform));
      if (platform) return;
      return top ? void cloudIdKeys.push(keys[0] as string) : report('CLOUD_ID_NESTED', NESTED_CLOUD_ID);
    }
    if (ancestors.indexOf(value) >= 0) return report('CIRCULAR_REFERENCE', 'a circular reference cannot be sent: remove it');
    if (keys.length > MAX_NESTING) return unsendable(`nesting over ${MAX_NESTING} levels`);
    if (--budget < 0 && !seen) seen = new Set();
    if (seen) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    const isArray = Array.isArray(value);
    const tag = isArray ? 'Array' : tagOf(value);
    if (BINARY.test(tag)) return container ? reportProblem(container(tag)) : undefined;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (!resolved && typeof toJSON === 'function') {
      let json: unknown;
      try {
        json = toJSON.call(value, String(keys[keys.length - 1]));
      } catch {
        return unsendable('a throwing toJSON');
      }
      if (top) field.value = json;
      // A toJSON returning a new object each time ends at MAX_NESTING, where JSON would overflow.
      return visit(json, inArray, true);
    }
    if (CHANGED_BY_JSON.test(tag)) return unsendable(`a ${tag}`);
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

  // data itself must be an object JSON sends as its own fields: not an array, binary data, a
  // built-in JSON changes, a CloudID or an object with toJSON. One whose reading throws (a
  // revoked Proxy, a throwing trap) is none either.
  let dataKeys: string[] | undefined;
  try {
    if (isObject(data) && tagOf(data) === 'Object' && !(markOf(data) || typeof (data as { toJSON?: unknown }).toJSON === 'function' || platformValue(data) >= 0)) {
      dataKeys = Object.keys(data as object);
    }
  } catch {
    // reported below
  }
  if (!dataKeys) {
    report('NOT_SENDABLE', 'data must be a plain object');
    return result;
  }
  for (let index = 0; index < dataKeys.length; index++) {
    const key = dataKeys[index];
    keys[0] = key;
    keys.length = 1;
    ancestors[0] = data as object;
    ancestors.length = 1;
    try {
      const value: unknown = (data as Record<string, unknown>)[key];
      fields.push((field = { key, read: value, value }));
      if (isObject(value) ? !vouchedFor(value) : value != null && !isSendableLeaf(value)) visit(value);
    } catch {
      // A getter or Proxy trap that throws (JSON.stringify would throw too), or a revoked Proxy.
      unsendable('a value that throws when read');
    }
  }
  if (cloudIdKeys.length > MAX_CLOUD_IDS_PER_CALL) {
    keys.length = 0;
    report('TOO_MANY_CLOUD_IDS', `${cloudIdKeys.length} CloudIDs (${cloudIdKeys.join(', ')}), at most ${MAX_CLOUD_IDS_PER_CALL} per call: send the rest in another call`);
  }
  return result;
}

/** The report behind `inspectCallData`. */
export function inspectCallDataIn(context: ClientContext, data: unknown, options?: CallDataOptions): CallDataReport {
  return readCallDataIn(context, data, options).report;
}

/** Reads call data once: each top-level field is read here and nowhere else. */
export function readCallDataIn(context: ClientContext, data: unknown, options?: CallDataOptions, container?: ContainerCheck): CallDataReading {
  const fields: Field[] = [];
  return { report: analyse(context, data, options, container, fields), fields };
}

/** The top-level fields as they were read, in an object of their own: what a caller refreshes and resends without reading the data again. */
export function fieldsAsRead(reading: CallDataReading): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (let index = 0; index < reading.fields.length; index++) define(copy, reading.fields[index].key, reading.fields[index].read);
  return copy;
}

/**
 * The data to send and its phone codes. Top-level tickets and references become
 * `wx.cloud.CloudID(id)`, or for a container their cloudID strings; phone codes become
 * their code strings. Throws one error listing the problems (`issues`), coded by their kind.
 */
export function prepareReading(context: ClientContext, reading: CallDataReading): PreparedCallData {
  const report = reading.report;
  const fields = reading.fields;
  if (report.problems.length) throw callDataError(report.problems, report.unlisted);
  const sent: Record<string, unknown> = {};
  const phoneCodes: PhoneCode[] = [];
  let cloud: { CloudID?: unknown } | undefined;
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index];
    let value = field.value;
    if (field.phoneCode) phoneCodes.push(field.phoneCode);
    if (field.asCloudId) {
      cloud = cloud || requireCloud(context);
      if (typeof cloud.CloudID !== 'function') throw baseLibraryTooOld('CloudID', CLOUD_ID_SINCE);
      try {
        value = cloud.CloudID(value);
      } catch (error) {
        // The platform refused the id: the field cannot be sent, and the error names it (its own error is the cause).
        throw Object.assign(callDataError([{ code: 'NOT_SENDABLE', path: formatDataPath([field.key]), message: 'wx.cloud.CloudID threw: check wx.cloud.init() and the id' }], 0), { cause: error });
      }
    }
    define(sent, field.key, value);
  }
  return { data: sent, phoneCodes };
}

/** The object to pass as `data` to `wx.cloud.callFunction`. */
export function buildCallDataIn(context: ClientContext, data: object, options?: CallDataOptions): Record<string, unknown> {
  return prepareReading(context, readCallDataIn(context, data, options)).data;
}
