const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A path inside call data as users write it: `obj.shareInfo`, `list[2].id`,
 * `["share-info"]` (quoted as JSON, so any key reads back exactly); `''` is `data` itself.
 */
export function formatDataPath(keys: readonly (string | number)[]): string {
  let path = '';
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    path += typeof key === 'number' ? `[${key}]` : IDENTIFIER.test(key) ? (index ? '.' : '') + key : `[${JSON.stringify(key)}]`;
  }
  return path;
}
