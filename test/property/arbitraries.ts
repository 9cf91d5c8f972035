/**
 * Generators of call data. They produce a description (a `PayloadSpec`: plain data that
 * fast-check can shrink and print), which `materialize` turns into the real payload with
 * tickets, `cloudID(id)` references and the mock's `wx.cloud.CloudID` objects in it.
 */
import fc from 'fast-check';
import { CloudIdTicket, cloudID, PhoneCode } from '../../src/client';
import { CLOUD_ID_MARK } from '../../src/core/cloud-id-mark';
import { CLOUD_ID_TTL_MS, DEFAULT_EXPIRY_MARGIN_MS, MAX_CLOUD_IDS_PER_CALL, type CloudIdApi } from '../../src/core/rules';

export type CloudIdKind = 'ticket' | 'reference' | 'platform';

export interface CloudIdSpec {
  kind: CloudIdKind;
  api: CloudIdApi;
  /** Tickets only: how long ago the client obtained it (negative: the clock went back since). */
  ageMs: number;
}

/**
 * Values the platform keeps (`date` via toJSON; `undefined` as a field, which is dropped;
 * binary data as `{ type: 'Buffer', data }`) and values JSON cannot carry or changes.
 */
const SENDABLE_SPECIALS = ['date', 'undefined', 'ArrayBuffer', 'Uint8Array'] as const;
const UNSENDABLE_SPECIALS = ['NaN', 'Infinity', '-Infinity', 'bigint', 'symbol', 'function', 'Map', 'Set', 'WeakMap', 'Promise', 'RegExp', 'Error', 'NumberObject', 'DataView'] as const;
export type Special = (typeof SENDABLE_SPECIALS)[number] | (typeof UNSENDABLE_SPECIALS)[number];

/**
 * What an object is made as: a literal, `Object.create(null)`, an instance of a class
 * without toJSON, or an object inheriting enumerable fields (which JSON does not send).
 */
export type Prototype = 'object' | 'null' | 'class' | 'inherits';

export type ValueSpec =
  | { type: 'json'; value: string | number | boolean | null }
  | { type: 'cloudId'; cloudId: CloudIdSpec }
  | { type: 'special'; special: Special }
  | { type: 'object'; prototype: Prototype; fields: [string, ValueSpec][] }
  /** `named`: fields set on the array besides its elements, which JSON does not send. */
  | { type: 'array'; items: ValueSpec[]; named: [string, ValueSpec][] }
  /** An array hole (`[1, , 2]`): JSON sends it as null. */
  | { type: 'hole' }
  /** A chain of single-field objects and single-element arrays around `value`, deeper than a walk usually looks. */
  | { type: 'deep'; keys: (string | number)[]; value: ValueSpec }
  /** The same object as `shared[index]` (modulo the pool's size): one subtree reached by several paths. */
  | { type: 'shared'; index: number }
  /** The object `up` levels above (modulo the depth): a circular reference. */
  | { type: 'cycle'; up: number }
  /** An object whose toJSON returns `value` (built once). */
  | { type: 'toJSON'; value: ValueSpec }
  /** A phone code `ageMs` old. */
  | { type: 'phoneCode'; ageMs: number }
  /** Data that answers the package's mark: a literal with the mark as a field, or a Proxy answering every key. */
  | { type: 'forged'; form: 'literal' | 'proxy'; kind: string; cloudID: string | number };

export interface PayloadSpec {
  /** Objects placed at several points of the payload; each may use the ones before it. */
  shared: ValueSpec[];
  /** Usually the data object; sometimes something else, which the rule refuses as data. */
  root: { type: 'data'; prototype: Prototype; fields: [string, ValueSpec][] } | { type: 'other'; value: ValueSpec };
}

export interface PayloadOptions {
  /** CloudIDs below the top level. */
  nested: boolean;
  /** Values JSON cannot carry, holes, and data that is not an object. */
  unsendable: boolean;
  /** Circular references. */
  cycles: boolean;
  /** Tickets with no more than the safety margin left (else every ticket is fresh by the default margin). */
  staleTickets: boolean;
  /** At most this many CloudIDs at the top level. */
  maxTopCloudIds: number;
  /** Also toJSON wrappers, phone codes and values forging the package's mark. */
  extended?: boolean;
}

/** Anything the rule has to judge. */
export const ANY_PAYLOAD: PayloadOptions = { nested: true, unsendable: true, cycles: true, staleTickets: true, maxTopCloudIds: MAX_CLOUD_IDS_PER_CALL + 3 };
/** Only payloads the rule accepts (still with shared subtrees, odd keys, Dates, ...). */
export const SENDABLE_PAYLOAD: PayloadOptions = { nested: false, unsendable: false, cycles: false, staleTickets: false, maxTopCloudIds: MAX_CLOUD_IDS_PER_CALL };

const API_NAMES: CloudIdApi[] = ['getWeRunData', 'getShareInfo', 'getGroupEnterInfo', 'getUserInfo', 'getUserProfile', 'getChatToolInfo', 'getPhoneNumber'];

/** Keys as pages write them, keys that need quoting, keys objects already have, and arbitrary text. */
const keyArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'id', 'list', 'obj', 'shareInfo', 'weRunData', 'data', 'cloudID', 'userInfo', '$', '_x', 'A1') },
  { weight: 2, arbitrary: fc.constantFrom('odd key', 'a-b', 'a.b', '[0]', '0', '2', '10', '', 'é', '"q"', "it's", '__proto__', 'constructor', 'hasOwnProperty', 'valueOf') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
);

const jsonLeaf: fc.Arbitrary<ValueSpec> = fc
  .oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
  .map((value) => ({ type: 'json', value }));

const MAX_FRESH_AGE = CLOUD_ID_TTL_MS - DEFAULT_EXPIRY_MARGIN_MS - 1;

/** Ticket ages: fresh, around the default margin and TTL, long expired, and from a clock set back. */
function ageArbitrary(stale: boolean): fc.Arbitrary<number> {
  const fresh = fc.integer({ min: -60_000, max: MAX_FRESH_AGE });
  if (!stale) return fc.oneof(fresh, fc.constant(MAX_FRESH_AGE));
  return fc.oneof(
    fresh,
    fc.integer({ min: MAX_FRESH_AGE - 2, max: MAX_FRESH_AGE + 2 }),
    fc.integer({ min: CLOUD_ID_TTL_MS - 2, max: CLOUD_ID_TTL_MS + 2 }),
    fc.integer({ min: 0, max: 2 * CLOUD_ID_TTL_MS }),
  );
}

function cloudIdArbitrary(options: Pick<PayloadOptions, 'staleTickets'>): fc.Arbitrary<CloudIdSpec> {
  return fc.record({ kind: fc.constantFrom<CloudIdKind>('ticket', 'reference', 'platform'), api: fc.constantFrom(...API_NAMES), ageMs: ageArbitrary(options.staleTickets) });
}

const prototypeArbitrary = fc.oneof({ weight: 8, arbitrary: fc.constant<Prototype>('object') }, fc.constantFrom<Prototype>('null', 'class', 'inherits'));

function uniqueFields(value: fc.Arbitrary<ValueSpec>, maxLength: number): fc.Arbitrary<[string, ValueSpec][]> {
  return fc.uniqueArray(fc.tuple(keyArbitrary, value), { selector: ([key]) => key, maxLength });
}

/** Payloads of the given kind. */
export function payloadArbitrary(options: PayloadOptions): fc.Arbitrary<PayloadSpec> {
  const cloudId = cloudIdArbitrary(options).map((spec): ValueSpec => ({ type: 'cloudId', cloudId: spec }));
  const specials = options.unsendable ? [...SENDABLE_SPECIALS, ...UNSENDABLE_SPECIALS] : ['date' as const];
  const special = fc.constantFrom(...specials).map((name): ValueSpec => ({ type: 'special', special: name }));
  const dropped: ValueSpec = { type: 'special', special: 'undefined' };

  const tree = fc.letrec<{ value: ValueSpec; field: ValueSpec; object: ValueSpec; array: ValueSpec; deep: ValueSpec }>((tie) => {
    const leaves: fc.WeightedArbitrary<ValueSpec>[] = [
      { weight: 8, arbitrary: jsonLeaf },
      { weight: 1, arbitrary: special },
      { weight: 2, arbitrary: fc.nat().map((index): ValueSpec => ({ type: 'shared', index })) },
    ];
    if (options.nested) leaves.push({ weight: 2, arbitrary: cloudId });
    if (options.cycles) leaves.push({ weight: 1, arbitrary: fc.nat().map((up): ValueSpec => ({ type: 'cycle', up })) });
    if (options.extended) {
      leaves.push(
        { weight: 1, arbitrary: ageArbitrary(options.staleTickets).map((ageMs): ValueSpec => ({ type: 'phoneCode', ageMs })) },
        { weight: 1, arbitrary: forgedArbitrary },
        { weight: 2, arbitrary: tie('value').map((value): ValueSpec => ({ type: 'toJSON', value })) },
      );
    }
    const item = options.unsendable ? fc.oneof({ weight: 12, arbitrary: tie('value') }, fc.constant<ValueSpec>({ type: 'hole' })) : tie('value');
    return {
      value: fc.oneof({ depthSize: 'small', maxDepth: 5 }, ...leaves, { weight: 3, arbitrary: tie('object') }, { weight: 2, arbitrary: tie('array') }, { weight: 1, arbitrary: tie('deep') }),
      field: fc.oneof({ weight: 12, arbitrary: tie('value') }, fc.constant(dropped)),
      object: fc.record({ type: fc.constant('object' as const), prototype: prototypeArbitrary, fields: uniqueFields(tie('field'), 4) }),
      array: fc.record({
        type: fc.constant('array' as const),
        items: fc.array(item, { maxLength: 4 }),
        named: fc.oneof({ weight: 9, arbitrary: fc.constant<[string, ValueSpec][]>([]) }, uniqueFields(tie('value'), 2).map((fields) => fields.filter(([key]) => !/^\d+$/.test(key) && key !== 'length'))),
      }),
      deep: fc.record({
        type: fc.constant('deep' as const),
        keys: fc.array(fc.oneof(keyArbitrary, fc.nat({ max: 3 })), { minLength: 1, maxLength: 90, size: 'max' }),
        value: tie('value'),
      }),
    };
  });

  const topField = options.extended ? fc.oneof(tree.field, cloudId, tree.value.map((value): ValueSpec => ({ type: 'toJSON', value }))) : fc.oneof(tree.field, cloudId);
  const data = fc.record({ type: fc.constant('data' as const), prototype: prototypeArbitrary, fields: uniqueFields(topField, 2 * MAX_CLOUD_IDS_PER_CALL + 2) }).map((root) => {
    // Past the limit, further top-level CloudIDs become plain values.
    let count = 0;
    const fields = root.fields.map(([key, value]): [string, ValueSpec] => (value.type === 'cloudId' && ++count > options.maxTopCloudIds ? [key, { type: 'json', value: null }] : [key, value]));
    return { ...root, fields };
  });
  const other = fc.oneof(tree.array, cloudId, jsonLeaf, fc.constantFrom<ValueSpec>({ type: 'special', special: 'Map' }, { type: 'special', special: 'Set' }, { type: 'special', special: 'date' })).map((value) => ({ type: 'other' as const, value }));
  const root = options.unsendable ? fc.oneof({ weight: 20, arbitrary: data }, { weight: 1, arbitrary: other }) : data;
  return fc.record({ shared: fc.array(tree.object, { maxLength: 3 }), root });
}

const forgedArbitrary: fc.Arbitrary<ValueSpec> = fc.record({
  type: fc.constant('forged' as const),
  form: fc.constantFrom<'literal' | 'proxy'>('literal', 'proxy'),
  kind: fc.constantFrom('ticket', 'reference', 'phone-code', 'v'),
  cloudID: fc.oneof(fc.constant('forged-id'), fc.integer()),
});

/** How a payload gets its cloudIDs and CloudID objects. */
export interface Materials {
  /** The client's clock: tickets are obtained `ageMs` before it. */
  now: number;
  /** A cloudID string for `api` (the platform tests mint real ones). */
  mintId(api: CloudIdApi): string;
  /** `wx.cloud.CloudID(id)` of the platform under test. */
  platformCloudId(id: string): object;
}

/** A class without toJSON: JSON sends its own fields, like a plain object's. */
class Holder {}

/** Enumerable fields an `inherits` object gets from its prototype: not its own, so never sent. */
const INHERITED = { inheritedFunction: () => 0, inheritedCloudId: cloudID('inherited'), inheritedNaN: NaN };

function makeObject(prototype: Prototype): Record<string, unknown> {
  if (prototype === 'null') return Object.create(null);
  if (prototype === 'inherits') return Object.create(INHERITED);
  return prototype === 'class' ? (new Holder() as Record<string, unknown>) : {};
}

/** Own, enumerable, writable: `__proto__` too stays a field, as JSON.parse makes it. */
function setField(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function makeSpecial(special: Special): unknown {
  switch (special) {
    case 'date':
      return new Date(0);
    case 'undefined':
      return undefined;
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case 'bigint':
      return BigInt(1);
    case 'symbol':
      return Symbol('s');
    case 'function':
      return () => 0;
    case 'Map':
      return new Map([['k', 1]]);
    case 'Set':
      return new Set([1]);
    case 'WeakMap':
      return new WeakMap();
    case 'Promise':
      return Promise.resolve(1);
    case 'ArrayBuffer':
      return new ArrayBuffer(2);
    case 'Uint8Array':
      return new Uint8Array([1, 2]);
    case 'RegExp':
      return /x/;
    case 'Error':
      return new Error('e');
    case 'NumberObject':
      return Object(1);
    case 'DataView':
      return new DataView(new ArrayBuffer(1));
  }
}

function makeCloudId(spec: CloudIdSpec, materials: Materials): object {
  const id = materials.mintId(spec.api);
  if (spec.kind === 'reference') return cloudID(id);
  if (spec.kind === 'platform') return materials.platformCloudId(id);
  const { now } = materials;
  return new CloudIdTicket(id, spec.api, now - spec.ageMs, { errMsg: `${spec.api}:ok`, cloudID: id }, () => now);
}

/** The payload a spec describes. Shared specs become one object each; cycles point at real ancestors. */
export function materialize(spec: PayloadSpec, materials: Materials): unknown {
  const pool: object[] = [];

  /** Builds `value` below `ancestors` (outermost first); `available` shared objects may be used. */
  const build = (value: ValueSpec, ancestors: object[], available: number): unknown => {
    switch (value.type) {
      case 'json':
        return value.value;
      case 'cloudId':
        return makeCloudId(value.cloudId, materials);
      case 'special':
        return makeSpecial(value.special);
      case 'hole':
        return undefined; // the caller leaves the index unset
      case 'shared':
        return available ? pool[value.index % available] : null;
      case 'cycle':
        return ancestors.length ? ancestors[ancestors.length - 1 - (value.up % ancestors.length)] : null;
      case 'toJSON': {
        const holder = {};
        const json = build(value.value, [...ancestors, holder], available);
        return Object.assign(holder, { toJSON: () => json });
      }
      case 'phoneCode':
        return new PhoneCode(materials.mintId('getPhoneNumber'), 'getPhoneNumber', materials.now - value.ageMs, () => materials.now);
      case 'forged':
        if (value.form === 'literal') return { [CLOUD_ID_MARK]: value.kind, cloudID: value.cloudID, code: value.cloudID, expiresAt: materials.now + CLOUD_ID_TTL_MS };
        return new Proxy({}, { get: (_target, key) => (key === CLOUD_ID_MARK ? value.kind : key === 'cloudID' || key === 'code' ? value.cloudID : undefined) });
      case 'object': {
        const object = makeObject(value.prototype);
        for (const [key, field] of value.fields) setField(object, key, build(field, [...ancestors, object], available));
        return object;
      }
      case 'array': {
        const array: unknown[] = [];
        array.length = value.items.length;
        value.items.forEach((item, index) => {
          if (item.type !== 'hole') array[index] = build(item, [...ancestors, array], available);
        });
        for (const [key, field] of value.named) setField(array, key, build(field, [...ancestors, array], available));
        return array;
      }
      case 'deep': {
        // Built inside out, so cycles in `value` can only point at ancestors outside the chain.
        let inner = build(value.value, ancestors, available);
        for (let level = value.keys.length - 1; level >= 0; level--) {
          const key = value.keys[level];
          const wrapper: object = typeof key === 'number' ? new Array(key).fill(null) : {};
          setField(wrapper, key, inner);
          inner = wrapper;
        }
        return inner;
      }
    }
  };

  spec.shared.forEach((item, index) => pool.push(build(item, [], index) as object));
  const { root } = spec;
  if (root.type === 'other') return build(root.value, [], pool.length);
  const data = makeObject(root.prototype);
  for (const [key, field] of root.fields) setField(data, key, build(field, [data], pool.length));
  return data;
}
