import { isCdn } from './cdn';
import { isCloudId } from './cloud-id';

/** `data` refers back to one of its own ancestors, so it has no JSON form. */
export class CircularReferenceError extends Error {
  constructor(readonly path: string) {
    super(`circular reference at ${path}`);
  }
}

/** Called for each kit CloudID met; what it returns takes its place. `depth` 1 is a field of the top object, `key` its own key. */
export type CloudIdReplacer = (cloudId: object, depth: number, key: string) => unknown;

export interface CopyOptions {
  /** What a kit CloudID becomes. */
  onCloudId: CloudIdReplacer;
  /** What a kit `wx.cloud.CDN(...)` value becomes; without it, its JSON (`{}`). */
  onCdn?: (cdn: object, depth: number, key: string) => unknown;
  /** Send ArrayBuffers and their views as `{ type: 'Buffer', data: [bytes] }`, as wx.cloud does with call data; otherwise their JSON. */
  binaryAsBuffer?: boolean;
  /** The name of the top value in paths (`data`, `result`). */
  root?: string;
}

/** Whether `read` accepts `value` as its `this`: true when `value` has that primitive's internal slot. */
function hasSlot(read: (this: unknown) => unknown, value: object): boolean {
  try {
    read.call(value);
    return true;
  } catch {
    return false;
  }
}

const NONE = {};

/** Reads a boxed primitive the way JSON.stringify does, by its internal slot (so across realms too); NONE for anything else. */
function unbox(value: object): unknown {
  if (hasSlot(Number.prototype.valueOf, value)) return Number(value);
  if (hasSlot(String.prototype.valueOf, value)) return String(value);
  if (hasSlot(Boolean.prototype.valueOf, value)) return Boolean.prototype.valueOf.call(value);
  if (hasSlot(BigInt.prototype.valueOf, value)) return BigInt.prototype.valueOf.call(value);
  return NONE;
}

/** The bytes of an ArrayBuffer (of any realm) or of a view of one; undefined for anything else. */
function bytesOf(value: object): Uint8Array | undefined {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return new Uint8Array(value as ArrayBuffer);
  return undefined;
}

/**
 * A copy of `value` with the semantics of `JSON.parse(JSON.stringify(value))`: each property
 * is read once, `toJSON` is honoured (and what it returns is copied in turn), boxed
 * primitives are unwrapped by their internal slot, non-finite numbers become null,
 * undefined, functions and symbols are dropped from objects and become null in arrays, a
 * bigint (boxed or not) throws. What the platform does to call data before a cloud function sees it.
 */
export function copyAsJson(value: unknown, options: CopyOptions | CloudIdReplacer, rootName?: string): unknown {
  const { onCloudId, onCdn, binaryAsBuffer, root = rootName || 'data' } = typeof options === 'function' ? ({ onCloudId: options } as CopyOptions) : options;
  const ancestors: object[] = [];
  const path: string[] = [root];

  const copy = (key: string, input: unknown): unknown => {
    let current = input;
    if (typeof current === 'object' && current !== null) {
      if (isCloudId(current)) return onCloudId(current, ancestors.length, key);
      if (onCdn && isCdn(current)) return onCdn(current, ancestors.length, key);
      const bytes = binaryAsBuffer ? bytesOf(current) : undefined;
      if (bytes) return { type: 'Buffer', data: Array.from(bytes) };
    }
    if ((typeof current === 'object' && current !== null) || typeof current === 'function' || typeof current === 'bigint') {
      const toJSON = (current as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        current = toJSON.call(current, key);
        if (typeof current === 'object' && current !== null && isCloudId(current)) return onCloudId(current, ancestors.length, key);
        if (onCdn && typeof current === 'object' && current !== null && isCdn(current)) return onCdn(current, ancestors.length, key);
      }
    }
    if (typeof current === 'object' && current !== null) {
      const primitive = unbox(current);
      if (primitive !== NONE) current = primitive;
    }
    switch (typeof current) {
      case 'string':
      case 'boolean':
        return current;
      case 'number':
        // JSON has no -0: it arrives as 0.
        return Number.isFinite(current) ? (current === 0 ? 0 : current) : null;
      case 'bigint':
        throw new TypeError(`a bigint at ${path.join('.')} cannot be serialised as JSON`);
      case 'object':
        break;
      default:
        return undefined;
    }
    if (current === null) return null;
    if (ancestors.indexOf(current) >= 0) throw new CircularReferenceError(path.join('.'));
    ancestors.push(current);
    let result: unknown[] | Record<string, unknown>;
    if (Array.isArray(current)) {
      const list: unknown[] = [];
      const length = current.length;
      for (let index = 0; index < length; index++) {
        path.push(String(index));
        const item = copy(String(index), current[index]);
        path.pop();
        list.push(item === undefined ? null : item);
      }
      result = list;
    } else {
      const object: Record<string, unknown> = {};
      for (const field of Object.keys(current)) {
        path.push(field);
        const item = copy(field, (current as Record<string, unknown>)[field]);
        path.pop();
        // defineProperty: a "__proto__" field stays a field, as JSON.parse keeps it
        if (item !== undefined) Object.defineProperty(object, field, { value: item, enumerable: true, writable: true, configurable: true });
      }
      result = object;
    }
    ancestors.pop();
    return result;
  };

  return copy('', value);
}
