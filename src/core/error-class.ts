import type { CloudIdErrorCode } from './errors';

/** Marks the package's errors across realms and across copies of the package. */
export const ERROR_MARK = Symbol.for('miniprogram-cloudid.error');

/**
 * One class for every failure; the code's fields are own properties. `instanceof` holds in
 * the mini program build as shipped and after DevTools' "ES6 to ES5"; `isCloudIdError`
 * also recognises errors from another realm or another copy of the package. `name` is
 * always 'CloudIdError': a class name would not survive the minifier of a mini program's
 * upload. The class is named so too (in a module of its own, apart from the type
 * `CloudIdError<Code>`), which is what Node's `util.inspect` and `console.error` print.
 */
export class CloudIdError extends Error {
  code: CloudIdErrorCode;

  constructor(code: CloudIdErrorCode, message: string, fields: object) {
    super(message);
    this.name = 'CloudIdError';
    this.code = code;
    Object.assign(this, fields);
    Object.defineProperty(this, ERROR_MARK, { value: true });
  }
}
