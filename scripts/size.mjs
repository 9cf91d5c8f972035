/**
 * Checks the size budget in package.json ("size-limit") and reports what users ship,
 * two ways. Run from the package root after `npm run build` (npm run size); exits 1 when
 * an entry is over its limit.
 *
 * - As is: the built file minified with esbuild (target es2015; a named `import` is
 *   bundled from the ESM build so only what it reaches counts, as a user's bundler would),
 *   then gzipped (level 9).
 * - `"compile": "devtools-es5"`: as WeChat DevTools builds it with "compile JS to ES5"
 *   (the default; since DevTools 1.05.2106091 the former enhanced compile): Babel 7,
 *   @babel/preset-env for { chrome: 53, ios: 8 }, no polyfills, and its helpers required
 *   from @babel/runtime, shared across the mini program's files
 *   (scripts/devtools-es5.json). The file is counted with each helper module it needs,
 *   once, as for a mini program whose own code needs none of them; the same minifier and
 *   gzip follow. The report names the helpers, and gives what that compile alone ships.
 *
 * `--emit-baseline` also builds the client without scripts/es5-friendly.mjs and measures
 * it both ways: the baseline of that rewrite, in the same run.
 * `--compare` measures, the same two ways and in the same run, the published files of
 * other mini program packages (fetched with `npm pack`; offline, they are reported as
 * skipped and the run still passes). `--code-only` adds a column: the same bytes with the
 * text of every string literal emptied, what the code weighs without its messages.
 * `--baseline <file>` measures another build of miniprogram_dist/index.js (the client
 * before a change) the same two ways in the same run, and what the change adds.
 */
import { transformSync } from '@babel/core';
import { parse } from '@babel/parser';
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const COMPARED = [
  ['miniprogram-computed', '7.1.0', 'dist/index.js'],
  ['mobx-miniprogram-bindings', '3.0.1', 'dist/index.js'],
];

/** Babel's options for DevTools' ES5 compile (shared with the emit tests). */
const DEVTOOLS_ES5 = JSON.parse(readFileSync('scripts/devtools-es5.json', 'utf8'));
delete DEVTOOLS_ES5['//'];

const COMPILES = {
  'devtools-es5': {
    label: "after DevTools' ES5 compile, with its helpers",
    compile: (code, filename) => transformSync(code, { ...DEVTOOLS_ES5, filename }).code,
  },
};

const budget = JSON.parse(readFileSync('package.json', 'utf8'))['size-limit'];

const bytesOf = (limit) => {
  const [, amount, unit] = /^([\d.]+)\s*(B|KB)$/.exec(limit) || [];
  if (!amount) throw new Error(`size-limit: cannot read limit "${limit}": use e.g. "3 KB" or "900 B"`);
  return Math.round(Number(amount) * (unit === 'KB' ? 1024 : 1));
};

const codeOnly = process.argv.includes('--code-only');

const gzipped = (code) => gzipSync(code, { level: 9 }).length;

/** `code` with the text of every string literal and template part emptied. */
function withoutStrings(code) {
  const spans = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'StringLiteral' || node.type === 'DirectiveLiteral') spans.push([node.start + 1, node.end - 1]);
    else if (node.type === 'TemplateElement') spans.push([node.start, node.end]);
    for (const key of Object.keys(node)) if (key !== 'loc' && typeof node[key] === 'object') visit(node[key]);
  };
  visit(parse(code, { sourceType: 'unambiguous' }).program);
  let result = '';
  let from = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    result += code.slice(from, start);
    from = end;
  }
  return result + code.slice(from);
}

/** The @babel/runtime helper modules a compiled file requires. */
const helpersOf = (code) => [...new Set([...code.matchAll(/require\("@babel\/runtime\/helpers\/([\w$]+)(?:\.js)?"\)/g)].map((match) => match[1]))];

/**
 * A compiled file's own dependencies are not its bytes (another package's `require`s stay
 * out, as in the whole-file measure); the @babel/runtime helpers it needs are, each once.
 */
const helpersBundled = {
  name: 'helpers-bundled',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => (args.path.startsWith('@babel/runtime/') || args.importer.includes('@babel/runtime') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Minifies and gzips one entry. A whole file is measured as it ships (no interop wrapper
 * around it); named imports are bundled from the ESM build. With `compile`, the file is
 * compiled first and bundled with the helper modules it requires; what the compile alone
 * ships (the file and those modules, unminified) is reported too.
 */
async function measure({ path, import: names, compile }) {
  const external = path.includes('node_modules') || path.startsWith(tmpdir()) ? ['*'] : []; // another package's dependencies are not its bytes
  let entry;
  let compiled;
  if (names) {
    if (compile) throw new Error(`size-limit: "compile" applies to a whole file, not to named imports (${path})`);
    entry = { stdin: { contents: `export { ${names} } from ${JSON.stringify(`./${path}`)};`, resolveDir: process.cwd(), sourcefile: 'size-entry.mjs' }, format: 'esm', external };
  } else if (compile) {
    if (!COMPILES[compile]) throw new Error(`size-limit: unknown compile "${compile}": one of ${Object.keys(COMPILES).join(', ')}`);
    compiled = COMPILES[compile].compile(readFileSync(path, 'utf8'), path);
    entry = { stdin: { contents: compiled, resolveDir: process.cwd(), sourcefile: path }, format: 'cjs', plugins: [helpersBundled] };
  } else {
    entry = { entryPoints: [path], format: path.endsWith('.mjs') ? 'esm' : 'cjs', external };
  }
  const options = { ...entry, bundle: true, target: 'es2015', write: false, logLevel: 'silent' };
  const code = (await build({ ...options, minify: true })).outputFiles[0].text;
  let shipped;
  if (compiled !== undefined) {
    const unminified = (await build(options)).outputFiles[0].text;
    shipped = { bytes: Buffer.byteLength(unminified), gzipped: gzipped(unminified), helpers: helpersOf(compiled) };
  }
  return {
    minified: code.length,
    gzipped: gzipped(code),
    compiled: shipped,
    codeOnly: codeOnly ? gzipped(withoutStrings(code)) : undefined,
  };
}

const row = (cells) => console.log(cells.join(' | '));
const header = ['entry', 'minified', 'min + gzip', 'limit', ...(codeOnly ? ['min + gzip, strings emptied'] : [])];
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

let over = 0;
const shipped = [];
row(header);
row(header.map(() => '---'));
for (const entry of budget) {
  const size = await measure(entry);
  const ok = size.gzipped <= bytesOf(entry.limit);
  if (!ok) over++;
  row([entry.name, `${size.minified} B`, `${size.gzipped} B (${kb(size.gzipped)})`, `${entry.limit}${ok ? '' : '  OVER BUDGET'}`, ...(codeOnly ? [`${size.codeOnly} B`] : [])]);
  if (size.compiled) shipped.push([entry.name, size.compiled]);
}
for (const [name, compiled] of shipped) {
  const helpers = compiled.helpers.length ? `the @babel/runtime helpers ${compiled.helpers.join(', ')}` : 'no @babel/runtime helper';
  console.log(`\n${name}: needs ${helpers}; the compile alone (DevTools with "minify on upload" off) ships ${compiled.bytes} B, ${compiled.gzipped} B gzipped.`);
}

if (process.argv.includes('--emit-baseline')) {
  // The same client as TypeScript emits it (ES2015 classes), without scripts/es5-friendly.mjs:
  // what the ES5-friendly emit gains after DevTools' compile, and what it costs as is.
  const { rollup } = await import('rollup');
  const { default: typescript } = await import('@rollup/plugin-typescript');
  const file = join(mkdtempSync(join(tmpdir(), 'size-baseline-')), 'index.js');
  const bundle = await rollup({ input: 'src/client/index.ts', plugins: [typescript({ tsconfig: './tsconfig.build.json', target: 'ES2015', removeComments: true, outDir: undefined })], onwarn: () => {} });
  await bundle.write({ file, format: 'cjs' });
  const asIs = await measure({ path: file });
  const es5 = await measure({ path: file, compile: 'devtools-es5' });
  console.log(`\nthe whole client without the ES5-friendly emit (classes as TypeScript emits them): as is ${asIs.gzipped} B, ${COMPILES['devtools-es5'].label} ${es5.gzipped} B (min + gzip; helpers: ${es5.compiled.helpers.join(', ') || 'none'}).`);
}
const baselineAt = process.argv.indexOf('--baseline');
if (baselineAt >= 0) {
  const path = process.argv[baselineAt + 1];
  if (!path) throw new Error('--baseline needs the path of another build of miniprogram_dist/index.js');
  const current = budget.filter((entry) => entry.path === 'miniprogram_dist/index.js' && !entry.import);
  console.log(`\nbaseline ${path}, measured the same ways:`);
  for (const entry of current) {
    const [before, after] = [await measure({ ...entry, path }), await measure(entry)];
    console.log(`${entry.name}: ${before.gzipped} B before, ${after.gzipped} B now (${after.gzipped - before.gzipped >= 0 ? '+' : ''}${after.gzipped - before.gzipped} B, min + gzip)`);
  }
}
if (process.argv.includes('--compare')) {
  console.log('\nfor comparison, measured the same two ways:');
  row(['package', 'as is: minified', 'as is: min + gzip', `${COMPILES['devtools-es5'].label}: minified`, `${COMPILES['devtools-es5'].label}: min + gzip`]);
  row(['---', '---', '---', '---', '---']);
  const folder = mkdtempSync(join(tmpdir(), 'size-compare-'));
  for (const [name, version, file] of COMPARED) {
    let path;
    try {
      const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', folder, '--silent'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop();
      const unpacked = join(folder, name);
      mkdirSync(unpacked, { recursive: true });
      execFileSync('tar', ['xzf', join(folder, tarball), '-C', unpacked]);
      path = join(unpacked, 'package', file);
    } catch (error) {
      row([`${name} ${version} ${file}`, `skipped: npm pack failed (offline?): ${String(error.message).split('\n')[0]}`, '', '', '']);
      continue;
    }
    const asIs = await measure({ path });
    const es5 = await measure({ path, compile: 'devtools-es5' });
    row([`${name} ${version} ${file}`, `${asIs.minified} B`, `${asIs.gzipped} B`, `${es5.minified} B`, `${es5.gzipped} B`]);
  }
}
if (over) {
  console.error(`\n${over} entr${over === 1 ? 'y is' : 'ies are'} over the size budget in package.json "size-limit".`);
  process.exit(1);
}
