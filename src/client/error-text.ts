import { isObject } from '../core/is-object';
/** A field of what a `fail` callback got or an API threw; undefined when reading it throws (a hostile getter). */
function field(error: unknown, name: string): unknown {
  try {
    return isObject(error) ? (error as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text of what a `fail` callback got or an API threw: its `errMsg`, else its
 * `message`, else the string itself, else `fallback`. Never throws, whatever it is given.
 */
export function errorText(error: unknown, fallback: string): string {
  const texts = [field(error, 'errMsg'), field(error, 'message'), error];
  for (let index = 0; index < texts.length; index++) if (typeof texts[index] === 'string' && texts[index]) return texts[index] as string;
  return fallback;
}

/** A numeric field (`errno`, `errCode`) of what a `fail` callback got, if it has one. */
export function errorNumber(error: unknown, name: 'errno' | 'errCode'): number | undefined {
  const value = field(error, name);
  return typeof value === 'number' ? value : undefined;
}
