/**
 * The checker as built: its parser (Babel, half a megabyte) ships once, as CommonJS; the ES
 * entries are thin wrappers over the CommonJS ones; the ESLint plugin never loads the parser.
 * Each import runs in a fresh Node process, as a user's would.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const DIST = path.join(__dirname, '../../dist');
/** The licence rollup.config.mjs writes atop the chunk that bundles the parser. */
const PARSER_BANNER = /^\/\*! @babel\/parser [\d.]+, bundled\./;

function distFiles(directory = DIST): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? distFiles(path.join(directory, entry.name)) : [path.join(directory, entry.name)]));
}

function node(args: string[]): string {
  const result = spawnSync(process.execPath, args, { cwd: DIST, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

/** The dist files a module loads, relative to dist/. */
const LOADED = `Object.keys(require.cache).filter((file) => file.startsWith(${JSON.stringify(DIST)})).map((file) => require('path').relative(${JSON.stringify(DIST)}, file))`;

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'check.cjs'))) throw new Error('dist/ is missing: run `npm run build` first.');
});

test('the parser ships once, as CommonJS, with its licence', () => {
  const withParser = distFiles().filter((file) => /\.[cm]?js$/.test(file) && PARSER_BANNER.test(fs.readFileSync(file, 'utf8')));
  expect(withParser.map((file) => path.relative(DIST, file))).toEqual([expect.stringMatching(/^chunks\/babel-parser-[\w-]+\.cjs$/)]);
  // No other file carries Babel's tokenizer either.
  const copies = distFiles().filter((file) => /\.[cm]?js$/.test(file) && fs.readFileSync(file, 'utf8').includes('class Tokenizer'));
  expect(copies).toEqual(withParser);
});

test('dist/check.mjs is dist/check.cjs: the same exports, the same functions and error class', () => {
  const script = `
    import * as esm from './check.mjs';
    import { createRequire } from 'node:module';
    const cjs = createRequire(import.meta.url)('./check.cjs');
    const names = Object.keys(esm).sort();
    console.log(JSON.stringify({ names, cjs: Object.keys(cjs).sort(), same: names.every((name) => esm[name] === cjs[name]), found: esm.checkSource('wx.cloud.callFunction({ data: { a: { b: wx.cloud.CloudID(x) } } })').map((d) => d.path) }));`;
  const { names, cjs, same, found } = JSON.parse(node(['--input-type=module', '-e', script]));
  expect(names).toEqual(cjs);
  expect(names).toEqual(expect.arrayContaining(['checkSource', 'RULE_META', 'isCloudIdError', 'CloudIdError']));
  expect({ same, found }).toEqual({ same: true, found: ['a.b'] });
});

test('dist/eslint.mjs is the plugin of dist/eslint.cjs', () => {
  const script = `
    import plugin from './eslint.mjs';
    import { createRequire } from 'node:module';
    console.log(plugin === createRequire(import.meta.url)('./eslint.cjs') && Object.keys(plugin.rules).join(' '));`;
  expect(node(['--input-type=module', '-e', script]).trim()).toBe('top-level max-five no-cloudid-in-container');
});

test('the ESLint plugin, from either format, never loads the parser; the checker API does', () => {
  const parserLoaded = (loaded: string[]) => loaded.some((file) => /babel-parser/.test(file));
  const viaRequire = JSON.parse(node(['-e', `require('./eslint.cjs'); console.log(JSON.stringify(${LOADED}))`]));
  const viaImport = JSON.parse(node(['--input-type=module', '-e', `import './eslint.mjs'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(JSON.stringify(${LOADED}))`]));
  const checker = JSON.parse(node(['-e', `require('./check.cjs'); console.log(JSON.stringify(${LOADED}))`]));
  expect([parserLoaded(viaRequire), parserLoaded(viaImport), parserLoaded(checker)]).toEqual([false, false, true]);
  expect(viaRequire).toContain('eslint.cjs');
  expect(viaImport).toContain('eslint.cjs');
});
