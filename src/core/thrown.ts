import { isObject } from './is-object';

/**
 * Reading what was thrown, or what a `fail` callback got: one way for the client, the
 * server and the testing kit. Reading runs the value's own code (getters, `toString`),
 * which must not fail the report: nothing here throws.
 */

/** A field of a thrown value; undefined when it is not an object or reading the field throws. */
export function thrownField(thrown: unknown, name: string): unknown {
  try {
    return isObject(thrown) ? (thrown as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}

/** The text of a thrown value or failure object: its `errMsg`, else its `message`, else the string itself, else `fallback`. */
export function thrownText(thrown: unknown, fallback: string): string {
  const texts = [thrownField(thrown, 'errMsg'), thrownField(thrown, 'message'), thrown];
  for (let index = 0; index < texts.length; index++) if (typeof texts[index] === 'string' && texts[index]) return texts[index] as string;
  return fallback;
}

/** A numeric field (`errno`, `errCode`) of a thrown value or failure object, if it has one. */
export function thrownNumber(thrown: unknown, name: 'errno' | 'errCode'): number | undefined {
  const value = thrownField(thrown, name);
  return typeof value === 'number' ? value : undefined;
}

/** A thrown value as `String(error)` reads an Error (`Error: boom`), the value itself otherwise (`[object Object]` when it cannot be read). */
export function thrownString(thrown: unknown): string {
  const message = thrownField(thrown, 'message');
  if (typeof message === 'string') {
    const name = thrownField(thrown, 'name');
    return `${typeof name === 'string' && name ? name : 'Error'}: ${message}`;
  }
  try {
    return String(thrown);
  } catch {
    return Object.prototype.toString.call(thrown);
  }
}

/** `errMsg` and `errCode` of what an SDK threw (a CloudSDKError, a plain `{ errCode, errMsg }`, anything). */
export function describeThrown(thrown: unknown): { errMsg: string; errCode?: number } {
  const errMsg = thrownText(thrown, thrownString(thrown));
  const errCode = thrownNumber(thrown, 'errCode');
  return errCode === undefined ? { errMsg } : { errMsg, errCode };
}
