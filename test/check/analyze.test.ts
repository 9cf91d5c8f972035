import { checkSource, isCloudIdError } from '../../src/check';
import { MAX_CLOUD_IDS_PER_CALL } from '../../src/core/rules';
import { comparable, eslintDiagnostics } from './eslint-face';

/**
 * `rule path` of each finding, in source order. Every case also runs through ESLint with
 * the plugin, which must report the very same: one analysis, on Babel's tree and on ESLint's.
 */
function found(code: string, filename = 'page.js'): string[] {
  const diagnostics = checkSource(code, filename);
  expect(eslintDiagnostics(code, filename)).toEqual(comparable(diagnostics));
  return diagnostics.map((diagnostic) => `${diagnostic.rule} ${diagnostic.path}`);
}

const NESTED = 'cloudid/top-level';

describe('what the checker recognises as a call', () => {
  test.each([
    ['wx.cloud.callFunction', `wx.cloud.callFunction({ name: 'f', data: { a: { b: wx.cloud.CloudID(id) } } })`],
    ['optional chaining', `wx.cloud?.callFunction?.({ name: 'f', data: { a: { b: wx?.cloud?.CloudID(id) } } })`],
    ['awaited and chained', `async function f() { await wx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(id) } } }).then((r) => r) }`],
    ['a const alias of wx.cloud', `const cloud = wx.cloud; cloud.callFunction({ data: { a: { b: cloud.CloudID(id) } } })`],
    ['wx.cloud destructured', `const { cloud } = wx; const { CloudID, callFunction } = cloud; callFunction({ data: { a: { b: CloudID(id) } } })`],
    ['computed member names written as strings', `wx['cloud']['callFunction']({ data: { a: { b: wx.cloud[\`CloudID\`](id) } } })`],
    ['Taro imported', `import Taro from '@tarojs/taro'; Taro.cloud.callFunction({ data: { a: { b: Taro.cloud.CloudID(id) } } })`],
    ['Taro required', `const Taro = require('@tarojs/taro'); Taro.cloud.callFunction({ data: { a: { b: Taro.cloud.CloudID(id) } } })`],
    ['uni', `uni.cloud.callFunction({ data: { a: { b: uni.cloud.CloudID(id) } } })`],
    ['wx passed in as a parameter', `function send(wx, id) { wx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(id) } } }) }`],
    ['a cloud of another environment', `const c = new wx.cloud.Cloud({ resourceEnv: 'x' }); c.callFunction({ data: { a: { b: c.CloudID(id) } } })`],
    ['this package, imported', `import { callFunction, cloudID } from 'miniprogram-cloudid'; callFunction({ data: { a: { b: cloudID(id) } } })`],
    ['this package, renamed', `import { callFunction as send, cloudID as ref } from 'miniprogram-cloudid'; send({ data: { a: { b: ref(id) } } })`],
    ['this package, as a namespace', `import * as c from 'miniprogram-cloudid'; c.callFunction({ data: { a: { b: c.cloudID(id) } } })`],
    ['this package, required', `const { callFunction, cloudID } = require('miniprogram-cloudid'); callFunction({ data: { a: { b: cloudID(id) } } })`],
    ['this package, required inline', `require('miniprogram-cloudid').callFunction({ data: { a: { b: require('miniprogram-cloudid').cloudID(id) } } })`],
    ['buildCallData', `const { buildCallData, cloudID } = require('miniprogram-cloudid'); buildCallData({ a: { b: cloudID(id) } })`],
  ])('%s', (_name, code) => {
    expect(found(code)).toEqual([`${NESTED} a.b`]);
  });

  test('calls in object methods, class methods, static blocks and class fields', () => {
    const call = (key: string) => `wx.cloud.callFunction({ data: { ${key}: { id: wx.cloud.CloudID(x) } } })`;
    const code = `Page({ onTap() { ${call('a')} }, get g() { return ${call('b')} } })
class P { #m() { ${call('c')} } static { ${call('d')} } field = () => ${call('e')}; [${call('f')}]() {} }`;
    expect(found(code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => `${NESTED} ${key}.id`));
  });

  test('TypeScript `import x = require()`', () => {
    expect(found(`import c = require('miniprogram-cloudid'); c.callFunction({ data: { a: { b: c.cloudID(id) } } })`, 'api.cts')).toEqual([`${NESTED} a.b`]);
  });

  test.each([
    ['a callFunction of some other object', `api.cloud.callFunction({ data: { a: { b: api.cloud.CloudID(id) } } })`],
    ['wx bound to something unknown', `const wx = makeWx(); wx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(id) } } })`],
    ['an import shadowed by a parameter', `import { callFunction, cloudID } from 'miniprogram-cloudid'; function f(callFunction) { callFunction({ data: { a: { b: cloudID(id) } } }) }`],
    ['a local require', `const require = (x) => x; require('miniprogram-cloudid').callFunction({ data: { a: { b: require('miniprogram-cloudid').cloudID(id) } } })`],
    ['a module of the same name elsewhere', `import { callFunction, cloudID } from './miniprogram-cloudid'; callFunction({ data: { a: { b: cloudID(id) } } })`],
  ])('not: %s', (_name, code) => {
    expect(found(code)).toEqual([]);
  });
});

describe('what the checker recognises as a CloudID', () => {
  test.each([
    ['wx.cloud.CloudID(id)', `wx.cloud.CloudID(id)`],
    ['new wx.cloud.CloudID(id)', `new wx.cloud.CloudID(id)`],
    ['a const bound to one', `ref`],
    ['a ticket awaited from a source', `await getWeRunData()`],
    ['a ticket from a button event', `ticketFromEvent(e)`],
    ['a ticket from a result', `ticketFromResult('getWeRunData', res)`],
  ])('%s', (_name, expression) => {
    const code = `import { callFunction, getWeRunData, ticketFromEvent, ticketFromResult } from 'miniprogram-cloudid'
async function f(e, res) {
  const ref = wx.cloud.CloudID(id)
  await callFunction({ name: 'f', data: { a: { b: ${expression} } } })
}`;
    expect(found(code)).toEqual([`${NESTED} a.b`]);
  });

  test('the ticket a source hands to .then', () => {
    const code = `import { getShareInfo, callFunction } from 'miniprogram-cloudid'
getShareInfo({ shareTicket }).then((ticket) => callFunction({ data: { a: { ticket } } })).then((other) => callFunction({ data: { b: { other } } }))`;
    expect(found(code)).toEqual([`${NESTED} a.ticket`]);
  });

  test('not: a source that is not awaited (a Promise), or a ticket-like value of unknown origin', () => {
    const code = `import { getWeRunData, callFunction } from 'miniprogram-cloudid'
function f(ticket) { callFunction({ data: { a: { b: getWeRunData(), c: ticket, d: res.cloudID } } }) }`;
    expect(found(code)).toEqual([]);
  });
});

describe('how data is resolved', () => {
  test('data and the call options bound to consts, lets and vars declared once', () => {
    const code = `
const inner = { b: wx.cloud.CloudID(id) }
let data = { a: inner }
var options = { name: 'f', data }
wx.cloud.callFunction(options)`;
    expect(found(code)).toEqual([`${NESTED} a.b`]);
  });

  test('shadowing: the nearest declaration counts', () => {
    const code = `
const data = { a: { b: wx.cloud.CloudID(id) } }
function f(data) { wx.cloud.callFunction({ data }) }
function g() { const data = { c: { d: wx.cloud.CloudID(id) } }; wx.cloud.callFunction({ data }) }`;
    expect(found(code)).toEqual([`${NESTED} c.d`]);
  });

  test('spreads of known objects and arrays are followed; the path is where the value lands', () => {
    const code = `
const id1 = wx.cloud.CloudID(x)
const base = { shareInfo: id1 }
const list = [1, id1]
wx.cloud.callFunction({ data: { ...base, copy: { ...base }, list: [...list, id1] } })`;
    // list[1] is reported at \`...list\`, list[2] at the id1 after it, both on the last line.
    expect(found(code)).toEqual([`${NESTED} copy.shareInfo`, `${NESTED} list[1]`, `${NESTED} list[2]`]);
  });

  test('an unknown spread or computed key may replace the fields before it, not those after', () => {
    const code = `
wx.cloud.callFunction({ data: { a: { id: wx.cloud.CloudID(x) }, ...unknown, b: { id: wx.cloud.CloudID(x) } } })
wx.cloud.callFunction({ data: { c: { id: wx.cloud.CloudID(x) }, [key]: 1, d: { id: wx.cloud.CloudID(x) } } })
wx.cloud.callFunction({ data: { e: [...unknown, wx.cloud.CloudID(x)], f: [wx.cloud.CloudID(x), ...unknown] } })
wx.cloud.callFunction({ data: { g: { id: wx.cloud.CloudID(x) }, ...null, ...undefined } })`;
    expect(found(code)).toEqual([`${NESTED} b.id`, `${NESTED} d.id`, `${NESTED} f[0]`, `${NESTED} g.id`]);
  });

  test('a later key replaces an earlier one, as in JavaScript', () => {
    const code = `
wx.cloud.callFunction({ data: { a: { id: wx.cloud.CloudID(x) }, a: {} } })
wx.cloud.callFunction({ data: { b: {}, b: { id: wx.cloud.CloudID(x) } } })
wx.cloud.callFunction({ data: { __proto__: { id: wx.cloud.CloudID(x) } } })`;
    expect(found(code)).toEqual([`${NESTED} b.id`]);
  });

  test('writes after the declaration make the written keys unknown', () => {
    const code = `
const data = { a: { id: wx.cloud.CloudID(x) }, b: { id: wx.cloud.CloudID(x) } }
data.a = {}
wx.cloud.callFunction({ data })
const assigned = { c: { id: wx.cloud.CloudID(x) } }
Object.assign(assigned, other)
wx.cloud.callFunction({ data: assigned })
const list = [wx.cloud.CloudID(x)]
list.splice(0, 1)
wx.cloud.callFunction({ data: { list } })
let reassigned = { d: { id: wx.cloud.CloudID(x) } }
reassigned = other
wx.cloud.callFunction({ data: reassigned })
const deleted = { e: { id: wx.cloud.CloudID(x) } }
delete deleted.e.id
wx.cloud.callFunction({ data: deleted })`;
    expect(found(code)).toEqual([`${NESTED} b.id`]);
  });

  test('conditional values: a nested CloudID in any branch is reported', () => {
    const code = `wx.cloud.callFunction({ data: { a: ok ? { id: wx.cloud.CloudID(x) } : null, b: ok && [wx.cloud.CloudID(x)], c: cached || { id: wx.cloud.CloudID(x) } } })`;
    expect(found(code)).toEqual([`${NESTED} a.id`, `${NESTED} b[0]`, `${NESTED} c.id`]);
  });

  test('paths: dotted, indexed, and quoted where a key is not an identifier', () => {
    const code = `wx.cloud.callFunction({ data: { 'share-info': { 0: wx.cloud.CloudID(x) }, list: [null, , { deep: [wx.cloud.CloudID(x)] }] } })`;
    expect(found(code)).toEqual([`${NESTED} ["share-info"]["0"]`, `${NESTED} list[2].deep[0]`]);
  });

  test('an object sent by several calls is reported once per place and path', () => {
    const code = `const data = { a: { b: wx.cloud.CloudID(x) } }
wx.cloud.callFunction({ name: 'f', data })
wx.cloud.callFunction({ name: 'g', data })
wx.cloud.callFunction({ name: 'h', data: buildCallData({ c: { d: cloudID(x) } }) })
import { buildCallData, cloudID } from 'miniprogram-cloudid'`;
    expect(found(code, 'page.mjs')).toEqual([`${NESTED} a.b`, `${NESTED} c.d`]);
  });

  test('a finding sits where data\'s own literal names the value', () => {
    const code = [
      'const ref = wx.cloud.CloudID(x)', //
      'const base = { ref }',
      'wx.cloud.callFunction({ data: {',
      '  inline: { id: wx.cloud.CloudID(x) },',
      '  named: { ref },',
      '  spread: { ...base },',
      '} })',
    ].join('\n');
    expect(checkSource(code, 'page.js').map(({ path, line, column, endLine, endColumn }) => ({ path, line, column, endLine, endColumn }))).toEqual([
      { path: 'inline.id', line: 4, column: 17, endLine: 4, endColumn: 36 },
      { path: 'named.ref', line: 5, column: 12, endLine: 5, endColumn: 15 },
      { path: 'spread.ref', line: 6, column: 13, endLine: 6, endColumn: 20 },
    ]);
  });
});

describe(`more than ${MAX_CLOUD_IDS_PER_CALL} CloudIDs at the top level`, () => {
  const keys = (count: number) => Array.from({ length: count }, (_, index) => `k${index}`);
  const call = (names: string[], extra = '') => `wx.cloud.callFunction({ data: { ${names.map((name) => `${name}: wx.cloud.CloudID(${name})`).join(', ')}${extra} } })`;

  test(`${MAX_CLOUD_IDS_PER_CALL} pass`, () => {
    expect(found(call(keys(MAX_CLOUD_IDS_PER_CALL)))).toEqual([]);
  });

  test(`${MAX_CLOUD_IDS_PER_CALL + 1} are reported at the first one too many, with all their keys`, () => {
    const names = keys(MAX_CLOUD_IDS_PER_CALL + 1);
    const [diagnostic] = checkSource(call(names), 'page.js');
    const surplus = names[MAX_CLOUD_IDS_PER_CALL];
    expect(diagnostic).toMatchObject({ rule: 'cloudid/max-five', path: surplus, line: 1 });
    expect(diagnostic.message).toBe(
      `${names.length} CloudIDs at the top level of data (${names.join(', ')}): at most ${MAX_CLOUD_IDS_PER_CALL} are replaced per call. Send the rest, from ${surplus} on, in another call.`,
    );
    expect(call(names).slice(diagnostic.column - 1, diagnostic.endColumn - 1)).toBe(`wx.cloud.CloudID(${surplus})`);
  });

  test('only values that are CloudIDs on every branch count, and only fields nothing may replace', () => {
    const names = keys(MAX_CLOUD_IDS_PER_CALL);
    expect(found(call(names, ', maybe: ok ? wx.cloud.CloudID(x) : null'))).toEqual([]);
    expect(found(call(names, ', either: ok ? wx.cloud.CloudID(x) : wx.cloud.CloudID(y)'))).toEqual(['cloudid/max-five either']);
    expect(found(`wx.cloud.callFunction({ data: { ${names.map((name) => `${name}: wx.cloud.CloudID(x)`).join(', ')}, extra: wx.cloud.CloudID(x), ...rest } })`)).toEqual([]);
  });

  test('counted after spreads and overrides', () => {
    const names = keys(MAX_CLOUD_IDS_PER_CALL);
    const code = `const base = { ${names.map((name) => `${name}: wx.cloud.CloudID(x)`).join(', ')} }
wx.cloud.callFunction({ data: { ...base, ${names[0]}: 'replaced', extra: wx.cloud.CloudID(x) } })
wx.cloud.callFunction({ data: { ...base, extra: wx.cloud.CloudID(x) } })`;
    expect(found(code)).toEqual(['cloudid/max-five extra']);
  });
});

describe('parsing', () => {
  test('TypeScript, TSX and both decorator dialects', () => {
    const nested = `wx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(id as string)! } } satisfies object })`;
    expect(found(`${nested}\nconst f = <T,>(x: T): T => x`, 'page.ts')).toEqual([`${NESTED} a.b`]);
    expect(found(`${nested}\nconst v = <View>{f<number>(1)}</View>`, 'page.tsx')).toEqual([`${NESTED} a.b`]);
    expect(found(`${nested}\nexport @observer class A { constructor(@Inject() private x: X) {} }`.replace('export @observer', '@observer export'), 'page.ts')).toEqual([`${NESTED} a.b`]);
    expect(found(`${nested}\nexport @observer class A {}`, 'page.ts')).toEqual([`${NESTED} a.b`]);
  });

  test('JSX in .js files and sloppy-mode scripts', () => {
    expect(found(`const v = <View onTap={() => wx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(id) } } })} />`, 'page.js')).toEqual([`${NESTED} a.b`]);
    expect(found(`var n = 010; with (o) {} wx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(id) } } })`, 'old.cjs')).toEqual([`${NESTED} a.b`]);
  });

  test('a byte order mark and CRLF line ends do not shift positions', () => {
    const code = `\ufeff// page\r\nwx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(id) } } })\r\n`;
    expect(found(code)).toEqual([`${NESTED} a.b`]);
    expect(checkSource(code, 'page.js')[0]).toMatchObject({ line: 2, column: 41 });
  });

  test('a file that does not parse throws SOURCE_SYNTAX_ERROR with the 1-based position', () => {
    let caught: unknown;
    try {
      checkSource('wx.cloud.callFunction({ data: { a: wx.cloud.CloudID(id) }\n  oops here })', 'broken.js');
    } catch (error) {
      caught = error;
    }
    expect(isCloudIdError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'SOURCE_SYNTAX_ERROR' });
    expect(caught).toMatchObject({ code: 'SOURCE_SYNTAX_ERROR', filename: 'broken.js', line: 2, column: 3 });
  });

  test('a file that cannot hold a finding is not parsed at all', () => {
    expect(checkSource('this is not JavaScript { callFunction(', 'notes.js')).toEqual([]);
    expect(checkSource('this is not JavaScript { CloudID(', 'notes.js')).toEqual([]);
    expect(() => checkSource('this is not JavaScript { callFunction CloudID(', 'notes.js')).toThrow(expect.objectContaining({ code: 'SOURCE_SYNTAX_ERROR' }));
  });
});

const IN_CONTAINER = 'cloudid/no-cloudid-in-container';

describe('callContainer data', () => {
  test.each([
    ['wx.cloud.callContainer, top level', `wx.cloud.callContainer({ path: '/p', data: { a: wx.cloud.CloudID(id) } })`, [`${IN_CONTAINER} a`]],
    ['wx.cloud.callContainer, nested', `wx.cloud.callContainer({ path: '/p', data: { a: { b: wx.cloud.CloudID(id) } } })`, [`${IN_CONTAINER} a.b`]],
    ['new, in an array', `wx.cloud.callContainer({ data: { list: [new wx.cloud.CloudID(id)] } })`, [`${IN_CONTAINER} list[0]`]],
    ['Taro.cloud', `import Taro from '@tarojs/taro'; Taro.cloud.callContainer({ data: { a: Taro.cloud.CloudID(id) } })`, [`${IN_CONTAINER} a`]],
    ['a cloud of another environment', `const c = new wx.cloud.Cloud({ resourceEnv: 'x' }); c.callContainer({ data: { a: c.CloudID(id) } })`, [`${IN_CONTAINER} a`]],
    ['this package, a platform CloudID', `import { callContainer } from 'miniprogram-cloudid'; callContainer({ path: '/p', data: { a: wx.cloud.CloudID(id) } })`, [`${IN_CONTAINER} a`]],
    ['this package, a nested ticket', `import { callContainer, getWeRunData } from 'miniprogram-cloudid'; async function f() { callContainer({ path: '/p', data: { a: { b: await getWeRunData() } } }) }`, [`${NESTED} a.b`]],
    ['this package, top-level tickets: no limit of five', `import { callContainer, cloudID } from 'miniprogram-cloudid'; callContainer({ data: { ${Array.from({ length: MAX_CLOUD_IDS_PER_CALL + 2 }, (_, i) => `k${i}: cloudID(x)`).join(', ')} } })`, []],
    ['the id strings themselves', `wx.cloud.callContainer({ data: { weRunData: res.cloudID, list: [res.cloudID] } })`, []],
    ['the data of a callFunction beside it is unaffected', `wx.cloud.callFunction({ data: { a: wx.cloud.CloudID(id) } }); wx.cloud.callContainer({ data: { b: 1 } })`, []],
    ['an unknown object named callContainer', `api.callContainer({ data: { a: wx.cloud.CloudID(id) } })`, []],
  ])('%s', (_name, code, expected) => {
    expect(found(code)).toEqual(expected);
  });

  test("the nested ticket's message says what the container reads", () => {
    const [diagnostic] = checkSource(`import { callContainer, ticketFromEvent } from 'miniprogram-cloudid'; callContainer({ data: { a: { b: ticketFromEvent(e) } } })`, 'page.js');
    expect(diagnostic.message).toBe(
      'Ticket at a.b is nested: callContainer sends top-level tickets only, as the id strings the container exchanges; the container reads top-level fields. Move it to the top level of data.',
    );
  });
});

describe('PhoneCode and platform values', () => {
  const phone = `import { callFunction, callContainer, buildCallData, phoneCodeFromEvent } from 'miniprogram-cloudid'\nfunction f(e) {\n  const code = phoneCodeFromEvent(e)\n`;

  test.each([
    ['callFunction', `callFunction({ name: 'bind', data: { profile: { phone: code } } })`],
    ['callContainer', `callContainer({ path: '/bind', data: { profile: { phone: code } } })`],
    ['buildCallData', `buildCallData({ profile: { phone: phoneCodeFromEvent(e) } })`],
  ])('a PhoneCode nested in %s data is reported like a nested ticket', (_name, call) => {
    const code = `${phone}  ${call}\n}`;
    expect(found(code)).toEqual([`${NESTED} profile.phone`]);
    expect(checkSource(code, 'page.js')[0].message).toBe(
      'PhoneCode at profile.phone is nested: only a top-level PhoneCode is sent as the code string the server exchanges; nested, the call is refused. Move it to the top level of data.',
    );
  });

  test('a PhoneCode at the top level is fine, and is no CloudID to count', () => {
    const ids = Array.from({ length: MAX_CLOUD_IDS_PER_CALL }, (_, i) => `k${i}: wx.cloud.CloudID(x)`).join(', ');
    expect(found(`${phone}  callFunction({ data: { phone: code, ${ids} } })\n}`)).toEqual([]);
  });

  test('wx.cloud.CDN values are the platform\'s own: never reported, never counted, anywhere', () => {
    const ids = Array.from({ length: MAX_CLOUD_IDS_PER_CALL }, (_, i) => `k${i}: wx.cloud.CloudID(x)`).join(', ');
    const code = `wx.cloud.callFunction({ data: { file: wx.cloud.CDN(path), deep: { file: wx.cloud.CDN({ type: 'filePath', filePath }) }, ${ids} } })
wx.cloud.callContainer({ data: { file: wx.cloud.CDN(path), list: [wx.cloud.CDN(path)] } })`;
    expect(found(code)).toEqual([]);
  });
});
