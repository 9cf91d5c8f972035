/**
 * `typeof value === 'object' && value !== null`, written without comparing `typeof` to
 * 'object': DevTools' ES6-to-ES5 compile (Babel's typeof-symbol transform) wraps every such
 * `typeof` in a helper, and one left anywhere ships the helper. `Object(value)` is `value`
 * itself only for objects and functions.
 */
export function isObject(value: unknown): value is object {
  return Object(value) === value && typeof value !== 'function';
}

/** An object that is not an array: a JSON object, an options bag, a headers record. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Array.isArray(value);
}
