/**
 * miniprogram_dist/index.js is written so that WeChat DevTools' default "compile JS to
 * ES5" adds little (scripts/es5-friendly.mjs). Whichever way a user ships it, as is or
 * compiled by DevTools (Babel 7, @babel/preset-env for { chrome: 53, ios: 8 }, helpers
 * from @babel/runtime, as scripts/size.mjs measures it), the errors must stay what users
 * catch: `instanceof CloudIdError` and `Error`, `name` 'CloudIdError', `code` and its
 * fields, a stack trace from where they were thrown.
 * `npm test` builds before jest runs.
 */
import { transformSync } from '@babel/core';
import { parse } from 'acorn';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';

const root = join(__dirname, '../..');
const file = join(root, 'miniprogram_dist/index.js');
const shipped = readFileSync(file, 'utf8');

/** What DevTools' ES5 compile makes of `code`: the compile scripts/size.mjs measures. */
const DEVTOOLS_ES5 = JSON.parse(readFileSync(join(root, 'scripts/devtools-es5.json'), 'utf8'));
delete DEVTOOLS_ES5['//'];
const devToolsEs5 = (code: string) => transformSync(code, DEVTOOLS_ES5)!.code!;

/** Loads a CommonJS script in the test's realm (so `Error` is this test's `Error`); it may require @babel/runtime helpers. */
function load(code: string, filename: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', `${code}\n//# sourceURL=${filename}`)(module, module.exports, require);
  return module.exports;
}

type ErrorClass = new (code: string, message: string, fields: object) => Error & { code: string };

function errorClasses(client: Record<string, unknown>): string[] {
  return Object.keys(client).filter((name) => typeof client[name] === 'function' && (client[name] as ErrorClass).prototype instanceof Error);
}

describe.each([
  ['as shipped', shipped],
  ["after DevTools' ES5 compile", devToolsEs5(shipped)],
])('miniprogram_dist/index.js %s', (_way, code) => {
  const client = load(code, file);
  const CloudIdError = client.CloudIdError as ErrorClass;
  const isCloudIdError = client.isCloudIdError as (value: unknown) => boolean;

  it('exports one error class', () => {
    expect(errorClasses(client)).toEqual(['CloudIdError']);
  });

  it('CloudIdError: instanceof, name, code, fields, message and stack trace', () => {
    function throwsFromHere(): never {
      throw new CloudIdError('CALL_FAILED', 'fn: cloud.callFunction:fail', { functionName: 'fn', errMsg: 'cloud.callFunction:fail', errCode: -1 });
    }
    let caught: unknown;
    try {
      throwsFromHere();
    } catch (error) {
      caught = error;
    }
    const error = caught as Error & { code: string };
    expect(error).toBeInstanceOf(CloudIdError);
    expect(error).toBeInstanceOf(Error);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
    expect(Object.getPrototypeOf(error)).toBe(CloudIdError.prototype);
    expect(error.constructor).toBe(CloudIdError);
    expect(isCloudIdError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'CloudIdError', code: 'CALL_FAILED', functionName: 'fn', errMsg: 'cloud.callFunction:fail', errCode: -1 });
    expect(String(error)).toBe(`CloudIdError: ${error.message}`);
    // What console.error prints in Node (DevTools' console too): the class's own name.
    expect(CloudIdError.name).toBe('CloudIdError');
    expect(inspect(error).startsWith(`CloudIdError: ${error.message}\n`)).toBe(true);
    // V8 (Android, DevTools) writes the name and message first, then the frames from the throw site on.
    expect(error.stack!.startsWith(`CloudIdError: ${error.message}\n`)).toBe(true);
    expect(error.stack!.split('\n')[1]).toMatch(/^\s+at throwsFromHere /);
  });

  it('the errors of the real flow are CloudIdErrors with their code and fields', () => {
    const buildCallData = client.buildCallData as (data: unknown, options?: object) => unknown;
    const cloudID = client.cloudID as (id: string) => unknown;
    const caught = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('did not throw');
    };
    const nested = caught(() => buildCallData({ nested: { ticket: cloudID('an-id') } }));
    const badOption = caught(() => buildCallData({}, { marginMs: -1 }));
    for (const error of [nested, badOption]) {
      expect(error).toBeInstanceOf(CloudIdError);
      expect(error).toBeInstanceOf(Error);
      expect(isCloudIdError(error)).toBe(true);
    }
    expect(nested).toMatchObject({ name: 'CloudIdError', code: 'CLOUD_ID_NESTED', issues: [{ path: 'nested.ticket' }], unlisted: 0 });
    expect(badOption).toMatchObject({ name: 'CloudIdError', code: 'INVALID_OPTION', option: 'marginMs' });
  });

  it('tickets keep their methods, fields and class', () => {
    const CloudIdTicket = client.CloudIdTicket as new (...args: unknown[]) => { remainingMs(now?: number): number; isExpired(now?: number): boolean; refreshable: boolean; refresh(): Promise<unknown> };
    const ttl = client.CLOUD_ID_TTL_MS as number;
    const ticket = new CloudIdTicket('an-id', 'getWeRunData', 1_000, {}, () => 2_000);
    expect(ticket).toBeInstanceOf(CloudIdTicket);
    expect(ticket.remainingMs()).toBe(1_000 + ttl - 2_000);
    expect(ticket.isExpired(1_000 + ttl)).toBe(true);
    expect(ticket.isExpired(1_000)).toBe(false);
    expect(ticket.refreshable).toBe(false);
    expect(new CloudIdTicket('an-id', 'getWeRunData', 1_000, {}, () => 2_000, () => Promise.resolve()).refreshable).toBe(true);
    return expect(ticket.refresh()).rejects.toMatchObject({ constructor: CloudIdError, code: 'TICKET_NOT_REFRESHABLE', api: 'getWeRunData' });
  });
});

describe("DevTools' ES5 compile of miniprogram_dist/index.js", () => {
  const compiled = devToolsEs5(shipped);

  it('needs no class helpers (the classes are already ES5)', () => {
    for (const helper of ['classCallCheck', 'createClass', 'inherits', 'callSuper', 'wrapNativeSuper', 'possibleConstructorReturn']) {
      expect(compiled).not.toContain(helper);
    }
  });

  it('is ES5', () => {
    expect(() => parse(compiled, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
  });
});

/** Runs scripts/es5-friendly.mjs (an ES module) on `code` in a child Node. */
function es5Friendly(code: string): string {
  const script = `import { es5Friendly } from ${JSON.stringify(join(root, 'scripts/es5-friendly.mjs'))};
let input = ''; process.stdin.on('data', (chunk) => (input += chunk)).on('end', async () => {
  try { process.stdout.write(await es5Friendly(input, 'case.js')); } catch (error) { process.stdout.write('BUILD ERROR: ' + error.message); }
});`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: code, encoding: 'utf8' });
}

describe('scripts/es5-friendly.mjs', () => {
  it('lowers classes with the semantics of class syntax', () => {
    const lowered = es5Friendly(`'use strict';
class Shape {
  constructor(sides) { this.sides = sides; }
  describe(prefix = 'a') { return prefix + ' ' + this.sides + '-gon'; }
  grow() { this.sides++; }
}
class Failure extends TypeError {}
class Coded extends Error {
  constructor(message, code) { super(message); this.code = code; this.later = () => this.code; }
}
module.exports = { Shape, Failure, Coded };`);
    expect(lowered).not.toMatch(/\bclass\b/);
    type Instance = Error & { sides: number; describe(prefix?: string): string; grow(): void; later: () => unknown; code: unknown };
    const { Shape, Failure, Coded } = load(lowered, 'case.js') as Record<string, new (...args: unknown[]) => Instance>;
    const shape = new Shape(4);
    expect(shape).toBeInstanceOf(Shape);
    expect(shape.describe()).toBe('a 4-gon');
    expect(shape.describe('one')).toBe('one 4-gon');
    shape.grow();
    expect(shape.sides).toBe(5);
    expect(Object.keys(shape)).toEqual(['sides']);
    const coded = new Coded('bad', 7);
    expect(coded).toBeInstanceOf(Coded);
    expect(coded).toBeInstanceOf(Error);
    expect([coded.message, coded.code, coded.name, coded.later()]).toEqual(['bad', 7, 'Error', 7]);
    expect(Object.getPrototypeOf(Coded)).toBe(Error);
    expect(new Failure('plain')).toBeInstanceOf(Failure);
    expect(new Failure('plain')).toBeInstanceOf(TypeError);
    expect(new Failure('plain').message).toBe('plain');
  });

  it("lowers a class expression that is a declaration's value, keeping the class's own name (as rollup writes a renamed class)", () => {
    const lowered = es5Friendly(`'use strict';
let Renamed$1 = class Named extends Error {
  constructor(message) { super(message); this.name = 'Named'; }
  twice() { return this.message + this.message; }
};
module.exports = { Renamed: Renamed$1 };`);
    expect(lowered).not.toMatch(/\bclass\b/);
    const { Renamed } = load(lowered, 'case.js') as Record<string, new (message: string) => Error & { twice(): string }>;
    const error = new Renamed('ab');
    expect(error).toBeInstanceOf(Renamed);
    expect(error).toBeInstanceOf(Error);
    expect([Renamed.name, error.name, error.message, error.twice()]).toEqual(['Named', 'Named', 'ab', 'abab']);
    expect(error.stack).toMatch(/^Named: ab/);
  });

  it.each([
    ['a static member', 'class A { static make() {} }', 'a class member other than'],
    ['a getter', 'class A { get size() { return 1; } }', 'a class member other than a constructor or method'],
    ['a superclass other than a native error', 'class A {} class B extends A {}', 'a superclass other than a native error'],
    ['super.member', 'class B extends Error { m() { return super.m(); } }', '`super.member`'],
    ['new.target', 'class A { constructor() { this.t = new.target; } }', '`new.target`'],
    ['a constructor that returns', 'class A { constructor() { return {}; } }', 'return in a class constructor'],
    ['a class expression passed on', 'register(class {});', 'a class expression other than the only value of a declaration'],
    ['a class expression beside another declarator', 'let A = class {}, b = 1;', 'a class expression other than the only value of a declaration'],
  ])('fails the build on %s instead of shipping it wrong', (_shape, code, message) => {
    expect(es5Friendly(code)).toMatch(new RegExp(`^BUILD ERROR: .*es5-friendly: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
