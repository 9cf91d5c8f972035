/**
 * miniprogram_dist/index.js is written so that WeChat DevTools' default "compile JS to
 * ES5" adds little (scripts/es5-friendly.mjs). Whichever way a user ships it, as is or
 * compiled by DevTools (Babel 7, @babel/preset-env for { chrome: 53, ios: 8 }, helpers
 * from @babel/runtime, as scripts/size.mjs measures it), the errors must stay what users catch: `instanceof` their class, `CloudIdError` and
 * `Error`, `name` 'CloudIdError', a stack trace from where they were thrown.
 * `npm test` builds before jest runs.
 */
import { transformSync } from '@babel/core';
import { parse } from 'acorn';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

const failure = { key: 'weRun', reason: 'expired', errMsg: 'cloudID expired.' };
const issue = { code: 'CLOUD_ID_NESTED', path: 'a.b', message: 'move it to the top level' };
/** Constructor arguments for the error classes that need more than strings (every `CallDataError` takes its issues). */
const argsFor = (client: Record<string, unknown>, name: string): unknown[] =>
  name === 'OpenDataRejectedError'
    ? ['fn', [failure]]
    : (client[name] as ErrorClass) === client.CallDataError || (client[name] as ErrorClass).prototype instanceof (client.CallDataError as ErrorClass)
      ? [[issue]]
      : ['getWeRunData', 'a reason', 'a third'];

type ErrorClass = new (...args: unknown[]) => Error & { code: string };

function errorClasses(client: Record<string, unknown>): [string, ErrorClass][] {
  return Object.entries(client).filter((entry): entry is [string, ErrorClass] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error);
}

describe.each([
  ['as shipped', shipped],
  ["after DevTools' ES5 compile", devToolsEs5(shipped)],
])('miniprogram_dist/index.js %s', (_way, code) => {
  const client = load(code, file);
  const CloudIdError = client.CloudIdError as ErrorClass;
  const isCloudIdError = client.isCloudIdError as (value: unknown) => boolean;

  it('exports the error classes', () => {
    expect(errorClasses(client).length).toBeGreaterThanOrEqual(14);
  });

  it.each(errorClasses(load(code, file)).map(([name]) => name))('%s: instanceof, name, code, message and stack trace', (name) => {
    const ErrorClass = client[name] as ErrorClass;
    const args = argsFor(client, name);
    function throwsFromHere(): never {
      throw new ErrorClass(...args);
    }
    let caught: unknown;
    try {
      throwsFromHere();
    } catch (error) {
      caught = error;
    }
    const error = caught as Error & { code: string };
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(CloudIdError);
    expect(error).toBeInstanceOf(Error);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
    expect(Object.getPrototypeOf(error)).toBe(ErrorClass.prototype);
    expect(error.constructor).toBe(ErrorClass);
    expect(isCloudIdError(error)).toBe(true);
    expect(error.name).toBe('CloudIdError');
    expect(typeof error.code).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(String(error)).toBe(`CloudIdError: ${error.message}`);
    // V8 (Android, DevTools) writes the name and message first, then the frames from the throw site on.
    expect(error.stack!.startsWith(`CloudIdError: ${error.message}\n`)).toBe(true);
    expect(error.stack!.split('\n')[error.message.split('\n').length]).toMatch(/^\s+at throwsFromHere /);
  });

  it('the subclass for a failure is thrown by the real flow, caught by its class and its base', () => {
    const buildCallData = client.buildCallData as (data: unknown) => unknown;
    const cloudID = client.cloudID as (id: string) => unknown;
    let caught: unknown;
    try {
      buildCallData({ nested: { ticket: cloudID('an-id') } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(client.CloudIdNestedError as ErrorClass);
    expect(caught).toBeInstanceOf(client.CallDataError as ErrorClass);
    expect(caught).toMatchObject({ name: 'CloudIdError', code: 'CLOUD_ID_NESTED', issues: [{ path: 'nested.ticket' }] });
  });

  it('tickets keep their methods, accessor and class', () => {
    const CloudIdTicket = client.CloudIdTicket as new (...args: unknown[]) => { remainingMs(now?: number): number; isExpired(now?: number): boolean; refreshable: boolean; refresh(): Promise<unknown> };
    const ttl = client.CLOUD_ID_TTL_MS as number;
    const ticket = new CloudIdTicket('an-id', 'getWeRunData', 1_000, {}, () => 2_000);
    expect(ticket).toBeInstanceOf(CloudIdTicket);
    expect(ticket.remainingMs()).toBe(1_000 + ttl - 2_000);
    expect(ticket.isExpired(1_000 + ttl)).toBe(true);
    expect(ticket.isExpired(1_000)).toBe(false);
    expect(ticket.refreshable).toBe(false);
    expect(Object.keys(ticket)).not.toContain('refreshable');
    return expect(ticket.refresh()).rejects.toBeInstanceOf(client.TicketNotRefreshableError as ErrorClass);
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
  get even() { return this.sides % 2 === 0; }
  set double(value) { this.sides = value / 2; }
}
class Square extends Shape {
  constructor() { super(4); this.later = () => this.sides; }
}
class Plain extends Shape {}
class Failure extends TypeError {}
class Coded extends Failure {
  constructor(message, code) { super(message); this.code = code; }
}
module.exports = { Shape, Square, Plain, Failure, Coded };`);
    expect(lowered).not.toMatch(/\bclass\b/);
    type Instance = Error & { describe(prefix?: string): string; even: boolean; double: number; later: () => number; code: unknown };
    const { Shape, Square, Plain, Failure, Coded } = load(lowered, 'case.js') as Record<string, new (...args: unknown[]) => Instance>;
    const square = new Square();
    expect(square).toBeInstanceOf(Shape);
    expect(square.describe()).toBe('a 4-gon');
    expect(square.even).toBe(true);
    square.double = 10;
    expect(square.later()).toBe(5);
    expect(Object.keys(square)).toEqual(['sides', 'later']);
    expect(new Plain(3).describe('one')).toBe('one 3-gon');
    expect(Object.getPrototypeOf(Plain)).toBe(Shape);
    const coded = new Coded('bad', 7);
    expect(coded).toBeInstanceOf(Coded);
    expect(coded).toBeInstanceOf(Failure);
    expect(coded).toBeInstanceOf(TypeError);
    expect([coded.message, coded.code, coded.name]).toEqual(['bad', 7, 'TypeError']);
    expect(new Failure('plain')).toBeInstanceOf(Failure);
    expect(new Failure('plain').message).toBe('plain');
  });

  it.each([
    ['a static member', 'class A { static make() {} }', 'a class member other than'],
    ['super.member', 'class A {} class B extends A { m() { return super.m(); } }', '`super.member`'],
    ['new.target', 'class A { constructor() { this.t = new.target; } }', '`new.target`'],
    ['a constructor that returns', 'class A { constructor() { return {}; } }', 'return in a class constructor'],
    ['a class expression', 'const A = class {};', 'a class expression'],
  ])('fails the build on %s instead of shipping it wrong', (_shape, code, message) => {
    expect(es5Friendly(code)).toMatch(new RegExp(`^BUILD ERROR: .*es5-friendly: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
