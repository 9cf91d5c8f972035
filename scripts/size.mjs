/**
 * Checks the size budget in package.json ("size-limit"): each entry is minified with
 * esbuild from the built output (only `import`ed names kept, as a user's bundler would),
 * gzipped, and compared with its limit. Exits 1 when one is over. Run from the package
 * root after `npm run build` (npm run size). With `--compare` it also measures, the same
 * way, the published files of two mini program packages the README compares against
 * (fetched with `npm pack`). With `--code-only` it adds a column: the same bytes with the
 * text of every string literal emptied, what the code itself weighs without its messages,
 * error codes and API names.
 */
import { parse } from '@babel/parser';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const COMPARED = [
  ['miniprogram-computed', '7.1.0', 'dist/index.js'],
  ['mobx-miniprogram-bindings', '3.0.1', 'dist/index.js'],
];

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

async function measure({ path, import: names }) {
  // A whole file is minified as it ships (no interop wrapper around it); named imports are
  // bundled from the ESM build, so only what they reach is counted.
  const entry = names
    ? { stdin: { contents: `export { ${names} } from ${JSON.stringify(`./${path}`)};`, resolveDir: process.cwd(), sourcefile: 'size-entry.mjs' }, format: 'esm' }
    : { entryPoints: [path], format: path.endsWith('.mjs') ? 'esm' : 'cjs' };
  // Another package's own dependencies are not its bytes.
  const result = await build({ ...entry, external: path.includes('node_modules') || path.startsWith(tmpdir()) ? ['*'] : [], bundle: true, minify: true, target: 'es2015', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0].text;
  return { minified: code.length, gzipped: gzipped(code), codeOnly: codeOnly ? gzipped(withoutStrings(code)) : undefined };
}

let over = 0;
console.log(`entry | minified | min + gzip | limit${codeOnly ? ' | min + gzip, strings emptied' : ''}`);
console.log(`--- | --- | --- | ---${codeOnly ? ' | ---' : ''}`);
for (const entry of budget) {
  const size = await measure(entry);
  const ok = size.gzipped <= bytesOf(entry.limit);
  if (!ok) over++;
  console.log(`${entry.name} | ${size.minified} B | ${size.gzipped} B | ${entry.limit}${ok ? '' : '  OVER BUDGET'}${codeOnly ? ` | ${size.codeOnly} B` : ''}`);
}
if (process.argv.includes('--compare')) {
  const folder = mkdtempSync(join(tmpdir(), 'size-compare-'));
  for (const [name, version, file] of COMPARED) {
    const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', folder, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop();
    const unpacked = join(folder, name);
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['xzf', join(folder, tarball), '-C', unpacked]);
    const size = await measure({ path: join(unpacked, 'package', file) });
    console.log(`for comparison: ${name} ${version} ${file} | ${size.minified} B | ${size.gzipped} B |${codeOnly ? ` | ${size.codeOnly} B` : ''}`);
  }
}
if (over) {
  console.error(`\n${over} entr${over === 1 ? 'y is' : 'ies are'} over the size budget in package.json "size-limit".`);
  process.exit(1);
}
