import { Linter } from 'eslint';
import { parser as typescriptParser } from 'typescript-eslint';
import type { Diagnostic } from '../../src/check';
import plugin from '../../src/check/eslint';

/** The plugin's recommended config run by ESLint itself, with the parser a project would use for the file. */
export function lintWithEslint(code: string, filename: string): Linter.LintMessage[] {
  const config: Linter.Config[] = [
    { files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'] },
    plugin.configs.recommended,
    {
      languageOptions: {
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
