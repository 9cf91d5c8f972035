import { isCloudId } from './cloud-id';

/** `data` refers back to one of its own ancestors, so it has no JSON form. */
export class CircularReferenceError extends Error {
  constructor(readonly path: string) {
    super(`circular reference at ${path}`);
  }
}

/** Called for each kit CloudID met; what it returns takes its place. `depth` 1 is a field of the top object, `key` its own key. */
export type CloudIdReplacer = (cloudId: object, depth: number, key: string) => unknown;

/**
 * A copy of `value` with the semantics of `JSON.parse(JSON.stringify(value))`: `toJSON` is
 * honoured, boxed primitives are unwrapped, non-finite numbers become null, undefined,
 * functions and symbols are dropped from objects and become null in arrays, a bigint
 * throws. What the platform does to call data before a cloud function sees it.
 */
export function copyAsJson(value: unknown, onCloudId: CloudIdReplacer, root = 'data'): unknown {
  const ancestors: object[] = [];
  const path: string[] = [root];

  const copy = (key: string, input: unknown): unknown => {
    let current = input;
    if (typeof current === 'object' && current !== null && typeof (current as { toJSON?: unknown }).toJSON === 'function') {
      current = (current as { toJSON(key: string): unknown }).toJSON(key);
    }
    if (isCloudId(current)) return onCloudId(current, ancestors.length, key);
    if (current instanceof Number || current instanceof String || current instanceof Boolean) current = current.valueOf();
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
      for (let index = 0; index < current.length; index++) {
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
