import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { dts } from 'rollup-plugin-dts';
import { readFileSync } from 'node:fs';

/** Public entries other than the client: each becomes dist/<name>.{mjs,cjs,d.ts,d.mts}. */
const entries = {
  index: 'src/client/index.ts',
  server: 'src/server/index.ts',
  testing: 'src/testing/index.ts',
  check: 'src/check/index.ts',
  eslint: 'src/check/eslint.ts',
};

/** The checker's parser is bundled into dist: its licence goes with it, atop its chunk. */
const parser = JSON.parse(readFileSync('node_modules/@babel/parser/package.json', 'utf8'));
const parserLicence = `/*! ${parser.name} ${parser.version}, bundled. ${parser.license} licence:\n${readFileSync('node_modules/@babel/parser/LICENSE', 'utf8').trim()}\n*/`;
const banner = (chunk) =>
  [chunk.name === 'cli' && '#!/usr/bin/env node', chunk.moduleIds.some((id) => id.includes('/@babel/parser/')) && parserLicence].filter(Boolean).join('\n');

const nodeBuiltins = (id) => id.startsWith('node:') || ['fs', 'path', 'url', 'module', 'process'].includes(id);

export default [
  // The mini program: the client alone, CommonJS, ES2015 syntax, no dependencies.
  {
    input: entries.index,
    output: { file: 'miniprogram_dist/index.js', format: 'cjs', sourcemap: false },
    plugins: [typescript({ tsconfig: './tsconfig.build.json', target: 'ES2015' })],
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
      banner,
    })),
    plugins: [nodeResolve(), commonjs(), typescript({ tsconfig: './tsconfig.build.json' })],
  },
  ...['d.ts', 'd.mts'].map((extension) => ({
    input: entries,
    external: nodeBuiltins,
    output: { dir: 'dist', entryFileNames: `[name].${extension}`, chunkFileNames: `chunks/[name]-[hash].${extension}` },
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  })),
  {
    input: entries.index,
    output: { file: 'miniprogram_dist/index.d.ts' },
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  },
];
