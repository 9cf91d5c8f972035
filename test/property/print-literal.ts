/**
 * A payload spec written as the JavaScript a page would contain: object and array
 * literals, tickets as `wx.cloud.CloudID('id')`, references as the package's
 * `cloudID('id')`, platform CloudIDs as `new wx.cloud.CloudID('id')`. Shared objects are
 * written out at each place they occur. Cycles cannot be written as literals.
 */
import type { PayloadSpec, Special, ValueSpec } from './arbitraries';

const SPECIAL_SOURCE: Record<Special, string> = {
  date: 'new Date(0)',
  undefined: 'undefined',
  NaN: 'NaN',
  Infinity: 'Infinity',
  '-Infinity': '-Infinity',
  bigint: '1n',
  symbol: "Symbol('s')",
  function: '() => 0',
  Map: "new Map([['k', 1]])",
  Set: 'new Set([1])',
  WeakMap: 'new WeakMap()',
  Promise: 'Promise.resolve(1)',
  ArrayBuffer: 'new ArrayBuffer(2)',
  Uint8Array: 'new Uint8Array([1, 2])',
  RegExp: '/x/',
  Error: "new Error('e')",
  NumberObject: 'Object(1)',
  DataView: 'new DataView(new ArrayBuffer(1))',
};

/** A key as a literal field name; `__proto__` computed, so that it stays a field instead of setting the prototype. */
function keySource(key: string): string {
  if (key === '__proto__') return '["__proto__"]';
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/**
 * Fields in the order the object has them at run time: integer-like keys first, ascending,
 * then the rest as written. The checker reads the order of the source, so the page is
 * written in the order its objects will have.
 */
function inRuntimeOrder(fields: readonly [string, ValueSpec][]): [string, ValueSpec][] {
  const isIndex = (key: string) => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
  const indexes = fields.filter(([key]) => isIndex(key)).sort(([a], [b]) => Number(a) - Number(b));
  return [...indexes, ...fields.filter(([key]) => !isIndex(key))];
}

function numberSource(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

export function printValue(value: ValueSpec, shared: readonly ValueSpec[], available = shared.length): string {
  const print = (inner: ValueSpec) => printValue(inner, shared, available);
  switch (value.type) {
    case 'json':
      return typeof value.value === 'number' ? numberSource(value.value) : JSON.stringify(value.value);
    case 'cloudId': {
      const id = JSON.stringify(`${value.cloudId.api}-id`);
      return value.cloudId.kind === 'ticket' ? `wx.cloud.CloudID(${id})` : value.cloudId.kind === 'reference' ? `cloudID(${id})` : `new wx.cloud.CloudID(${id})`;
    }
    case 'special':
      return SPECIAL_SOURCE[value.special];
    case 'hole':
      return '';
    case 'shared': {
      if (!available) return 'null';
      const index = value.index % available;
      return printValue(shared[index], shared, index);
    }
    case 'cycle':
      throw new TypeError('a circular reference has no literal form');
    case 'toJSON':
    case 'phoneCode':
    case 'forged':
      throw new TypeError(`${value.type} values are only in extended payloads, which are not written as literals`);
    case 'object': {
      // Inherited fields are not the literal's business: JSON does not send them either.
      const fields = inRuntimeOrder(value.fields).map(([key, field]) => `${keySource(key)}: ${print(field)}`);
      return `{ ${[...(value.prototype === 'null' ? ['__proto__: null'] : []), ...fields].join(', ')} }`;
    }
    case 'array':
      // A trailing hole needs its own comma: `[1, ]` has one element, `[1, , ]` two.
      return `[${value.items.map(print).join(', ')}${value.items.length && value.items[value.items.length - 1].type === 'hole' ? ',' : ''}]`;
    case 'deep':
      return value.keys.reduceRight<string>((inner, key) => (typeof key === 'number' ? `[${'null, '.repeat(key)}${inner}]` : `{ ${keySource(key)}: ${inner} }`), print(value.value));
  }
}

/** A module that sends the payload with `wx.cloud.callFunction`. */
export function printCall(spec: PayloadSpec): string {
  const { root } = spec;
  const data = root.type === 'other' ? printValue(root.value, spec.shared) : printValue({ type: 'object', prototype: root.prototype, fields: root.fields }, spec.shared);
  return `import { cloudID } from 'miniprogram-cloudid';\n\nwx.cloud.callFunction({ name: 'f', data: ${data} });\n`;
}
