/**
 * The `eslint` entry's types import `eslint`: it is an optional peer dependency, so a
 * project that installs neither ESLint nor the wx typings (only Node's, which the Node
 * entries use) still compiles against every other entry. Checked as a user's project sees it: the built package copied into a
 * project of its own (outside this repository, so nothing resolves from our
 * node_modules), compiled with the strictest checks, declarations included.
 * `npm test` builds dist/ first.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'miniprogram-cloudid-peers-'));
  const installed = join(project, 'node_modules/miniprogram-cloudid');
  mkdirSync(installed, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(installed, 'dist'), { recursive: true });
  mkdirSync(join(project, 'node_modules/@types'));
  symlinkSync(join(ROOT, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'), 'dir');
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The diagnostics of compiling `source` in the project, as `code: message` lines. */
function compile(name: string, source: string, options: ts.CompilerOptions): string[] {
  const file = join(project, name);
  writeFileSync(file, source);
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: false, types: ['node'], target: ts.ScriptTarget.ES2019, lib: ['lib.es2019.d.ts'], ...options });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
}

const EVERY_OTHER_ENTRY = `
import { buildCallData, isCloudIdError } from 'miniprogram-cloudid';
import { exchangeOpenData } from 'miniprogram-cloudid/server';
import * as container from 'miniprogram-cloudid/container';
import { createMockWx } from 'miniprogram-cloudid/testing';
import { checkSource } from 'miniprogram-cloudid/check';
export const used = [buildCallData, isCloudIdError, exchangeOpenData, container, createMockWx, checkSource];
`;

const RESOLUTIONS: [string, ts.CompilerOptions][] = [
  ['bundler', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
  ['node16', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
];

describe('eslint, an optional peer dependency', () => {
  it('is declared as one', () => {
    expect(pkg.peerDependencies.eslint).toBe('>=9.0.0');
    expect(pkg.peerDependenciesMeta.eslint).toEqual({ optional: true });
  });

  it.each(RESOLUTIONS)('every other entry compiles without it (%s resolution)', (_name, options) => {
    expect(compile('other-entries.ts', EVERY_OTHER_ENTRY, options)).toEqual([]);
  });

  it.each(RESOLUTIONS)('the eslint entry needs it, and compiles once it is installed (%s resolution)', (_name, options) => {
    const source = `import plugin = require('miniprogram-cloudid/eslint');\nexport const rules = Object.keys(plugin.rules);\n`;
    const esm = `import plugin from 'miniprogram-cloudid/eslint';\nexport const rules = Object.keys(plugin.rules);\n`;
    const [name, text] = options.module === ts.ModuleKind.Node16 ? ['eslint-entry.cts', source] : ['eslint-entry.ts', esm];
    expect(compile(name, text, options)).toEqual([expect.stringMatching(/^TS2307: Cannot find module 'eslint'/)]);
    const linked = join(project, 'node_modules/eslint');
    symlinkSync(join(ROOT, 'node_modules/eslint'), linked, 'dir');
    try {
      // ESLint's own declarations are its business (and slow to check): skip them here.
      expect(compile(name, text, { ...options, skipLibCheck: true })).toEqual([]);
    } finally {
      rmSync(linked);
    }
  });
});
