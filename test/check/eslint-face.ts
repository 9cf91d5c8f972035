import { Linter } from 'eslint';
import { parser as typescriptParser } from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';
import type { Diagnostic } from '../../src/check';
import plugin from '../../src/check/eslint';

/**
 * The plugin's recommended config run by ESLint itself, with the parser a project would use for
 * the file: for single-file components, vue-eslint-parser with typescript-eslint's parser for
 * the script blocks, as docs/checker.md configures uni-app.
 */
export function lintWithEslint(code: string, filename: string): Linter.LintMessage[] {
  const component = /\.(vue|mpx)$/.test(filename);
  const config: Linter.Config[] = [
    { files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,vue,mpx}'] },
    plugin.configs.recommended,
    {
      languageOptions: component
        ? { parser: vueParser, parserOptions: { parser: typescriptParser, sourceType: 'module' } }
        : {
            sourceType: filename.endsWith('.cjs') ? 'commonjs' : 'module',
            parserOptions: { ecmaFeatures: { jsx: true } },
            ...(/\.[mc]?tsx?$/.test(filename) ? { parser: typescriptParser } : {}),
          },
    },
  ];
  return new Linter().verify(code, config, filename);
}

type Comparable = Pick<Diagnostic, 'message' | 'line' | 'column' | 'endLine' | 'endColumn'> & { rule: string | null };

/** ESLint's messages in the checker's terms, for comparing the two faces. */
export function eslintDiagnostics(code: string, filename: string): Comparable[] {
  return lintWithEslint(code, filename).map(({ ruleId, message, line, column, endLine, endColumn }) => ({ rule: ruleId, message, line, column, endLine: endLine!, endColumn: endColumn! }));
}

export function comparable(diagnostics: readonly Diagnostic[]): Comparable[] {
  return diagnostics.map(({ rule, message, line, column, endLine, endColumn }) => ({ rule, message, line, column, endLine, endColumn }));
}
