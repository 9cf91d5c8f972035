/**
 * Checks the size budget in package.json ("size-limit"): each entry is bundled with
 * esbuild from the built output (only `import`ed names kept, as a user's bundler or
 * DevTools' minify would), minified, gzipped, and compared with its limit. Exits 1 when
 * one is over. `npm run build` first.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

// Run from the package root (npm run size).
import { gzipSync } from 'node:zlib';

const budget = JSON.parse(readFileSync('package.json', 'utf8'))['size-limit'];

const bytesOf = (limit) => {
  const [, amount, unit] = /^([\d.]+)\s*(B|KB)$/.exec(limit) || [];
  if (!amount) throw new Error(`size-limit: cannot read limit "${limit}": use e.g. "3 KB" or "900 B"`);
  return Math.round(Number(amount) * (unit === 'KB' ? 1024 : 1));
};

async function measure({ path, import: names }) {
  const contents = names ? `export { ${names} } from ${JSON.stringify(`./${path}`)};` : `export * from ${JSON.stringify(`./${path}`)};`;
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), sourcefile: 'size-entry.mjs' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2015',
    write: false,
    logLevel: 'silent',
  });
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
if (over) {
  console.error(`\n${over} entr${over === 1 ? 'y is' : 'ies are'} over the size budget in package.json "size-limit".`);
  process.exit(1);
}
