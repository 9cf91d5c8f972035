import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { dts } from 'rollup-plugin-dts';
import { readFileSync, rmSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { es5FriendlyOutput } from './scripts/es5-friendly.mjs';

// Chunk names carry content hashes: without a clean start, old chunks pile up and ship.
for (const dir of ['dist', 'miniprogram_dist']) rmSync(dir, { recursive: true, force: true });

/** Public entries other than the client: each becomes dist/<name>.{mjs,cjs,d.ts,d.mts}. */
const entries = {
  index: 'src/client/index.ts',
  server: 'src/server/index.ts',
  container: 'src/container/index.ts',
  testing: 'src/testing/index.ts',
  check: 'src/check/index.ts',
  eslint: 'src/check/eslint.ts',
};

/** The checker's parser and .gitignore matcher are bundled into dist: their licences go with them, atop their chunks. */
const bundledLicence = (name, licenceFile) => {
  const pkg = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8'));
  return { marker: `/node_modules/${name}/`, text: `/*! ${pkg.name} ${pkg.version}, bundled. ${pkg.license} licence:\n${readFileSync(`node_modules/${name}/${licenceFile}`, 'utf8').trim()}\n*/` };
};
const bundled = [bundledLicence('@babel/parser', 'LICENSE'), bundledLicence('ignore', 'LICENSE-MIT')];
const banner = (chunk) =>
  [chunk.name === 'cli' && '#!/usr/bin/env node', ...bundled.map(({ marker, text }) => chunk.moduleIds.some((id) => id.includes(marker)) && text)].filter(Boolean).join('\n');

/** The checker's entries: as ES modules, thin wrappers over their CommonJS build (the CLI runs through `bin`, CommonJS only). */
const CHECKER_ENTRIES = ['cli', 'check', 'eslint'];

/**
 * The checker ships as CommonJS only, so its parser (Babel, half a megabyte) ships once:
 * `check.mjs` and `eslint.mjs` load `check.cjs` and `eslint.cjs` through createRequire, and
 * the ES chunks only the checker reached are dropped.
 */
const checkerAsCommonJsOnly = {
  name: 'checker-as-commonjs-only',
  generateBundle(options, bundle) {
    if (options.format !== 'es') return;
    const exportsOf = {};
    for (const entry of CHECKER_ENTRIES) {
      exportsOf[entry] = bundle[`${entry}.mjs`].exports;
      delete bundle[`${entry}.mjs`];
    }
    const reached = new Set();
    const queue = Object.values(bundle).filter((file) => file.type === 'chunk' && file.isEntry).map((chunk) => chunk.fileName);
    while (queue.length) {
      const fileName = queue.pop();
      if (reached.has(fileName) || !bundle[fileName]) continue;
      reached.add(fileName);
      queue.push(...bundle[fileName].imports, ...bundle[fileName].dynamicImports);
    }
    for (const [fileName, file] of Object.entries(bundle)) if (file.type === 'chunk' && !reached.has(fileName)) delete bundle[fileName];
    const load = (entry) => `// The checker ships as CommonJS only, its parser once: this module loads ${entry}.cjs.\nimport { createRequire } from 'node:module';\n\nconst ${entry} = createRequire(import.meta.url)('./${entry}.cjs');\n`;
    for (const entry of CHECKER_ENTRIES.filter((name) => name !== 'cli')) {
      const names = exportsOf[entry];
      const named = names.filter((name) => name !== 'default');
      const source = [load(entry), named.length ? `export const { ${named.join(', ')} } = ${entry};\n` : '', names.includes('default') ? `export default ${entry};\n` : ''].join('');
      this.emitFile({ type: 'asset', fileName: `${entry}.mjs`, source });
    }
  },
};

/**
 * dist/eslint.cjs is \`module.exports = plugin\` (what CommonJS ESLint configs require), so
 * its CommonJS types must say \`export =\`, not \`export default\`.
 */
const eslintExportEquals = {
  name: 'eslint-export-equals',
  renderChunk(code, chunk) {
    if (chunk.fileName !== 'eslint.d.ts') return null;
    const esm = 'export { plugin as default };\nexport type { CloudIdPlugin };';
    if (!code.includes(esm)) throw new Error('eslint.d.ts no longer ends with the default export this build rewrites: update eslintExportEquals.');
    return code.replace(esm, 'declare namespace plugin {\n    export type { CloudIdPlugin };\n}\nexport = plugin;');
  },
};

/** src/check/package-info.ts imports the package's name and version from package.json: only those two fields are bundled. */
const packageJsonFields = {
  name: 'package-json-fields',
  transform(code, id) {
    if (id !== resolvePath('package.json')) return null;
    const { name, version } = JSON.parse(code);
    return { code: `export const name = ${JSON.stringify(name)};\nexport const version = ${JSON.stringify(version)};\n`, map: null };
  },
};

const nodeBuiltins = (id) => id.startsWith('node:') || ['fs', 'path', 'url', 'module', 'process'].includes(id);

export default [
  // The mini program: the client alone, CommonJS, ES2015 syntax, no dependencies, with
  // classes, `typeof x === 'object'` and default parameters written as ES5 so that WeChat
  // DevTools' ES5 compile adds little (scripts/es5-friendly.mjs).
  {
    input: entries.index,
    output: { file: 'miniprogram_dist/index.js', format: 'cjs', sourcemap: false },
    plugins: [typescript({ tsconfig: './tsconfig.build.json', target: 'ES2015', removeComments: true }), es5FriendlyOutput()],
  },
  // Node and bundlers: every entry as ESM and CommonJS; the checker's parser is bundled
  // in, so the package keeps zero runtime dependencies.
  {
    input: { ...entries, cli: 'src/check/cli.ts' },
    external: nodeBuiltins,
    output: ['es', 'cjs'].map((format) => ({
      dir: 'dist',
      format,
      entryFileNames: `[name].${format === 'es' ? 'mjs' : 'cjs'}`,
      chunkFileNames: `chunks/[name]-[hash].${format === 'es' ? 'mjs' : 'cjs'}`,
      // Named for what it is: the parser's own file is lib/index.js.
      manualChunks: (id) => (id.includes('/node_modules/@babel/parser/') ? 'babel-parser' : undefined),
      banner,
    })),
    plugins: [packageJsonFields, nodeResolve(), commonjs(), typescript({ tsconfig: './tsconfig.build.json' }), checkerAsCommonJsOnly],
  },
  ...['d.ts', 'd.mts'].map((extension) => ({
    input: entries,
    external: nodeBuiltins,
    output: { dir: 'dist', entryFileNames: `[name].${extension}`, chunkFileNames: `chunks/[name]-[hash].${extension}` },
    plugins: [dts({ tsconfig: './tsconfig.build.json' }), eslintExportEquals],
  })),
  {
    input: entries.index,
    output: { file: 'miniprogram_dist/index.d.ts' },
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  },
];
