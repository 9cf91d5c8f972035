const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A path inside call data as users write it: `obj.shareInfo`, `list[2].id`,
 * `['share-info']`; `''` is `data` itself. Only the first `length` keys are used.
 */
export function formatDataPath(keys: readonly (string | number)[], length = keys.length): string {
  let path = '';
  for (let index = 0; index < length; index++) {
    const key = keys[index];
    path += typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(key) ? (index ? '.' : '') + key : `['${key.replace(/[\\']/g, '\\$&')}']`;
  }
  return path;
}
