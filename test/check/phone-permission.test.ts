/**
 * `cloudid/phone-number-permission`: a cloud function that exchanges phone codes must list
 * "phonenumber.getPhoneNumber" in permissions.openapi of its config.json. The finder on its
 * own (which code exchanges), then the built command on throwaway projects (which folders are
 * functions, each case of config.json).
 */
import * as path from 'path';
import { parseSource } from '../../src/check/parse';
import { findPhoneExchanges } from '../../src/check/phone-exchange';
import { isNearMiss } from '../../src/check/phone-permission';
import { PHONE_NUMBER_OPENAPI } from '../../src/core/rules';
import { project, runChecker as run } from './command';

function exchangesIn(code: string, filename = 'index.js'): string[] {
  const { program, text } = parseSource(code, filename)!;
  const walked = findPhoneExchanges(program, text).map(({ way, loc }) => `${way} ${loc.start.line}:${loc.start.column + 1}`);
  // The walk that follows the text finds what walking the whole tree finds.
  expect(findPhoneExchanges(program).map(({ way, loc }) => `${way} ${loc.start.line}:${loc.start.column + 1}`)).toEqual(walked);
  return walked;
}

describe('what exchanges a phone code', () => {
  test.each([
    ['cloud.openapi.phonenumber.getPhoneNumber', `const cloud = require('wx-server-sdk')\nexports.main = async (event) => cloud.openapi.phonenumber.getPhoneNumber({ code: event.code })`, 'openapi 2:33'],
    ['the openapi of another account (resource sharing)', `exports.main = async (event, context) => cloud.openapi({ appid: FROM_APPID }).phonenumber.getPhoneNumber({ code: event.code })`, 'openapi 1:42'],
    ['through destructured names', `const { phonenumber } = cloud.openapi\nconst { getPhoneNumber } = phonenumber\nexports.main = (e) => getPhoneNumber({ code: e.code })`, 'openapi 3:23'],
    ['members written as strings, optional chaining, TypeScript', `export const main = (e: { code: string }) => cloud['openapi']?.phonenumber!.getPhoneNumber?.({ code: e.code })`, 'openapi 1:46'],
    ['exchangePhoneCode required', `const { exchangePhoneCode } = require('miniprogram-cloudid/server')\nexports.main = (e) => exchangePhoneCode(cloud, e.code)`, 'exchangePhoneCode 2:23'],
    ['exchangePhoneCode imported, renamed', `import { exchangePhoneCode as exchange } from 'miniprogram-cloudid/server'\nexport const main = (e) => exchange(cloud, e.code)`, 'exchangePhoneCode 2:28'],
    ['exchangePhoneCode through the namespace', `const server = require('miniprogram-cloudid/server')\nexports.main = (e) => server.exchangePhoneCode(cloud, e.code)`, 'exchangePhoneCode 2:23'],
    ['withOpenData with a getPhoneNumber key', `const { withOpenData } = require('miniprogram-cloudid/server')\nexports.main = withOpenData({ cloud, keys: { phone: 'getPhoneNumber' } }, (data) => data.phone)`, 'withOpenData 2:53'],
    ['withOpenData with the keys in a const, among others', `import { withOpenData } from 'miniprogram-cloudid/server'\nconst keys = { weRun: 'getWeRunData', phone: \`getPhoneNumber\` }\nexport const main = withOpenData({ cloud, keys }, (data) => data)`, 'withOpenData 2:46'],
  ])('%s', (_name, code, expected) => {
    expect(exchangesIn(code, /\bexport\b/.test(code) ? 'index.ts' : 'index.js')).toEqual([expected]);
  });

  test.each([
    ['withOpenData without a phone key', `const { withOpenData } = require('miniprogram-cloudid/server')\nexports.main = withOpenData({ cloud, keys: { weRun: 'getWeRunData' } }, (d) => d)`],
    ["the container's withOpenData (the open-API service, allowed in the console, not config.json)", `const { withOpenData } = require('miniprogram-cloudid/container')\nmodule.exports = withOpenData({ keys: { phone: 'getPhoneNumber' } }, (d) => d)`],
    ['keys the source does not show', `const { withOpenData } = require('miniprogram-cloudid/server')\nexports.main = withOpenData({ cloud, keys: loadKeys() }, (d) => d)`],
    ['a key that a later spread may replace', `const { withOpenData } = require('miniprogram-cloudid/server')\nexports.main = withOpenData({ cloud, keys: { phone: 'getPhoneNumber', ...other } }, (d) => d)`],
    ['a getPhoneNumber of something else', `exports.main = (e) => api.phone.getPhoneNumber(e.code)`],
    ['an exchangePhoneCode of your own', `const exchangePhoneCode = (c) => c\nexports.main = (e) => exchangePhoneCode(e.code)`],
    ['the words in a comment or a string', `// cloud.openapi.phonenumber.getPhoneNumber, exchangePhoneCode\nexports.main = () => 'getPhoneNumber'`],
  ])('not: %s', (_name, code) => {
    expect(exchangesIn(code)).toEqual([]);
  });
});

describe('near misses of the permission', () => {
  test.each(['phonenumber.getPhoneNumberk', 'phoneNumber.getPhoneNumber', 'phonenumber.getphonenumber', 'phonenumber.getPhoneNumber ', 'getPhoneNumber', 'phonenumber.getUserPhoneNumber', 'phonenumbr.getPhoneNumbr'])('%j is one', (entry) => {
    expect(isNearMiss(entry)).toBe(true);
  });
  test.each([PHONE_NUMBER_OPENAPI, 'subscribeMessage.send', 'wxacode.getUnlimited', 'security.msgSecCheck', ''])('%j is not', (entry) => {
    expect(isNearMiss(entry)).toBe(false);
  });
});

const PROJECT_CONFIG = JSON.stringify({ miniprogramRoot: 'miniprogram/', cloudfunctionRoot: 'cloudfunctions/' });
const DIRECT = `const cloud = require('wx-server-sdk')\ncloud.init()\n\nexports.main = async (event) => {\n  const { phoneInfo } = await cloud.openapi.phonenumber.getPhoneNumber({ code: event.code })\n  return phoneInfo\n}\n`;
const WITH_OPEN_DATA = `const cloud = require('wx-server-sdk')\nconst { withOpenData } = require('miniprogram-cloudid/server')\n\nexports.main = withOpenData({ cloud, keys: { phone: 'getPhoneNumber' } }, (data) => data.phone)\n`;
const EXCHANGE = `const cloud = require('wx-server-sdk')\nconst { exchangePhoneCode } = require('miniprogram-cloudid/server')\n\nexports.main = async (event) => exchangePhoneCode(cloud, event.code)\n`;
const config = (...entries: string[]) => `{\n  "permissions": {\n    "openapi": [${entries.map((entry) => JSON.stringify(entry)).join(', ')}]\n  }\n}\n`;
const RULE = 'cloudid/phone-number-permission';

describe('cloudid-check on a project', () => {
  test('a missing config.json: reported on the exchange, naming the file to create', () => {
    const root = project({ 'project.config.json': PROJECT_CONFIG, 'cloudfunctions/phone/index.js': DIRECT });
    const { status, stdout } = run([], root);
    expect(status).toBe(1);
    const file = path.join('cloudfunctions', 'phone', 'config.json');
    expect(stdout).toBe(
      `${path.join('cloudfunctions', 'phone', 'index.js')}\n  5:31  No config.json allows "phonenumber.getPhoneNumber": this cloud function exchanges phone codes (cloud.openapi.phonenumber.getPhoneNumber), which fails with -604101 without it. Create ${file} with {"permissions": {"openapi": ["phonenumber.getPhoneNumber"]}}, then upload the function again.  ${RULE}\n\n✖ 1 problem\n`,
    );
  });

  test('a missing entry: reported on permissions.openapi in config.json, with where the code exchanges', () => {
    const root = project({ 'project.config.json': PROJECT_CONFIG, 'cloudfunctions/phone/index.js': WITH_OPEN_DATA, 'cloudfunctions/phone/config.json': config('subscribeMessage.send') });
    const [entry] = JSON.parse(run(['--format', 'json'], root).stdout);
    expect(entry.filePath).toBe(path.join(root, 'cloudfunctions', 'phone', 'config.json'));
    expect(entry.diagnostics).toEqual([
      {
        rule: RULE,
        message:
          'permissions.openapi in config.json does not list "phonenumber.getPhoneNumber": this cloud function exchanges phone codes (withOpenData with a getPhoneNumber key, index.js:4), which fails with -604101 without it. Add it ({"permissions": {"openapi": ["phonenumber.getPhoneNumber"]}}), then upload the function again.',
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 41,
        path: 'permissions.openapi',
      },
    ]);
  });

  test.each([
    ['no permissions at all', '{ "timeout": 20 }\n', '1:1', ''],
    ['no openapi in permissions', '{\n  "permissions": {}\n}\n', '2:18', 'permissions'],
  ])('a missing entry, %s: reported where it belongs', (_name, text, position, where) => {
    const root = project({ 'project.config.json': PROJECT_CONFIG, 'cloudfunctions/phone/index.js': EXCHANGE, 'cloudfunctions/phone/config.json': text });
    const [entry] = JSON.parse(run(['--format', 'json'], root).stdout);
    expect(`${entry.diagnostics[0].line}:${entry.diagnostics[0].column}`).toBe(position);
    expect(entry.diagnostics[0].path).toBe(where);
    expect(entry.diagnostics[0].message).toContain('(exchangePhoneCode, index.js:4)');
  });

  test("a near miss (a tutorial's misspelling): reported on that entry, with the right spelling", () => {
    const root = project({ 'project.config.json': PROJECT_CONFIG, 'cloudfunctions/phone/index.js': EXCHANGE, 'cloudfunctions/phone/config.json': config('subscribeMessage.send', 'phonenumber.getPhoneNumberk') });
    const { status, stdout } = run([], root);
    expect(status).toBe(1);
    expect(stdout).toBe(
      `${path.join('cloudfunctions', 'phone', 'config.json')}\n  3:42  "phonenumber.getPhoneNumberk" in permissions.openapi is not "phonenumber.getPhoneNumber": this cloud function exchanges phone codes (exchangePhoneCode, index.js:4), which fails with -604101 without it. Correct it to "phonenumber.getPhoneNumber", then upload the function again.  ${RULE}\n\n✖ 1 problem\n`,
    );
  });

  test('correct, and a function that exchanges nothing (with or without config.json): silent', () => {
    const root = project({
      'project.config.json': PROJECT_CONFIG,
      'cloudfunctions/phone/index.js': WITH_OPEN_DATA,
      'cloudfunctions/phone/config.json': config('phonenumber.getPhoneNumber'),
      'cloudfunctions/login/index.js': `exports.main = async () => ({ ok: true })\n`,
      'cloudfunctions/werun/index.js': `const { withOpenData } = require('miniprogram-cloudid/server')\nexports.main = withOpenData({ cloud, keys: { weRun: 'getWeRunData' } }, (d) => d)\n`,
      'cloudfunctions/werun/config.json': config(),
    });
    expect(run([], root)).toEqual({ status: 0, stdout: 'cloudid-check: 3 files, no problems\n', stderr: '' });
  });

  test('config.json that is not JSON: a parse error at its position, exit 2', () => {
    const root = project({ 'project.config.json': PROJECT_CONFIG, 'cloudfunctions/phone/index.js': EXCHANGE, 'cloudfunctions/phone/config.json': '{\n  "permissions": { "openapi": [ }\n}\n' });
    const { status, stdout } = run([], root);
    expect(status).toBe(2);
    expect(stdout).toContain(`${path.join('cloudfunctions', 'phone', 'config.json')}\n  2:33  Parsing error: not valid JSON: Unexpected token`);
  });

  test('the exchange anywhere in the function folder, only the first one named', () => {
    const root = project({ 'project.config.json': PROJECT_CONFIG, 'cloudfunctions/phone/index.js': `exports.main = require('./lib/phone').main\n`, 'cloudfunctions/phone/lib/phone.js': EXCHANGE, 'cloudfunctions/phone/lib/again.js': DIRECT, 'cloudfunctions/phone/config.json': config() });
    const [entry] = JSON.parse(run(['--format', 'json'], root).stdout);
    expect(entry.diagnostics).toHaveLength(1);
    expect(entry.diagnostics[0].message).toContain('(cloud.openapi.phonenumber.getPhoneNumber, lib/again.js:5)');
  });

  describe('which folders are cloud functions', () => {
    const layout = (functionsRoot: string) => ({
      'project.config.json': JSON.stringify({ miniprogramRoot: 'miniprogram/', cloudfunctionRoot: functionsRoot }),
      'miniprogram/package.json': '{}',
      'miniprogram/app.js': 'wx.cloud.init()\n',
      [`${functionsRoot}phone/index.js`]: EXCHANGE,
      'tools/phone.js': EXCHANGE, // not a cloud function
    });
    const reported = (args: string[], root: string, cwd = root) =>
      (JSON.parse(run(['--format', 'json', ...args], cwd).stdout) as { filePath: string; diagnostics: { rule: string }[] }[])
        .filter((entry) => entry.diagnostics.some((diagnostic) => diagnostic.rule === RULE))
        .map((entry) => path.relative(root, entry.filePath).split(path.sep).join('/'));

    test("project.config.json's cloudfunctionRoot, from the project root (default path)", () => {
      const root = project(layout('cloud/functions/'));
      expect(reported([], root)).toEqual(['cloud/functions/phone/index.js']);
    });

    test('from miniprogram/, with the functions root named relative to it', () => {
      const root = project(layout('cloud/functions/'));
      expect(reported(['.', '../cloud/functions'], root, path.join(root, 'miniprogram'))).toEqual(['cloud/functions/phone/index.js']);
    });

    test('a folder named cloudfunctions on the command line, without project.config.json', () => {
      const root = project({ 'cloudfunctions/phone/index.js': EXCHANGE, 'tools/phone.js': EXCHANGE });
      expect(reported(['cloudfunctions', 'tools'], root)).toEqual(['cloudfunctions/phone/index.js']);
    });

    test('a project found inside a walked directory', () => {
      const root = project(Object.fromEntries(Object.entries(layout('cloudfunctions/')).map(([name, text]) => [`apps/shop/${name}`, text])));
      expect(reported([], root)).toEqual(['apps/shop/cloudfunctions/phone/index.js']);
    });

    test('only the folders walked: checking miniprogram/ alone judges no function', () => {
      const root = project(layout('cloudfunctions/'));
      expect(reported(['miniprogram'], root)).toEqual([]);
    });
  });
});
