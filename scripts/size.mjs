/**
 * Checks the size budget in package.json ("size-limit"): each entry is minified with
 * esbuild from the built output (only `import`ed names kept, as a user's bundler would),
 * gzipped, and compared with its limit. Exits 1 when one is over. Run from the package
 * root after `npm run build` (npm run size). With `--compare` it also measures, the same
 * way, the published files of two mini program packages the README compares against
 * (fetched with `npm pack`).
 */
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

async function measure({ path, import: names }) {
  // A whole file is minified as it ships (no interop wrapper around it); named imports are
  // bundled from the ESM build, so only what they reach is counted.
  const entry = names
    ? { stdin: { contents: `export { ${names} } from ${JSON.stringify(`./${path}`)};`, resolveDir: process.cwd(), sourcefile: 'size-entry.mjs' }, format: 'esm' }
    : { entryPoints: [path], format: path.endsWith('.mjs') ? 'esm' : 'cjs' };
  // Another package's own dependencies are not its bytes.
  const result = await build({ ...entry, external: path.includes('node_modules') || path.startsWith(tmpdir()) ? ['*'] : [], bundle: true, minify: true, target: 'es2015', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

let over = 0;
console.log('entry | minified | min + gzip | limit');
console.log('--- | --- | --- | ---');
for (const entry of budget) {
  const { minified, gzipped } = await measure(entry);
  const limit = bytesOf(entry.limit);
  const ok = gzipped <= limit;
  if (!ok) over++;
  console.log(`${entry.name} | ${minified} B | ${gzipped} B | ${entry.limit}${ok ? '' : '  OVER BUDGET'}`);
}
if (process.argv.includes('--compare')) {
  const folder = mkdtempSync(join(tmpdir(), 'size-compare-'));
  for (const [name, version, file] of COMPARED) {
    const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', folder, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop();
    const unpacked = join(folder, name);
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['xzf', join(folder, tarball), '-C', unpacked]);
    const { minified, gzipped } = await measure({ path: join(unpacked, 'package', file) });
    console.log(`for comparison: ${name} ${version} ${file} | ${minified} B | ${gzipped} B |`);
  }
}
if (over) {
  console.error(`\n${over} entr${over === 1 ? 'y is' : 'ies are'} over the size budget in package.json "size-limit".`);
  process.exit(1);
}
