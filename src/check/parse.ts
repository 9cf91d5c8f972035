import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser';
import { cloudIdError } from '../core/errors';
import type { AnyNode } from './ast';

/** The file extensions the checker reads. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

const TYPESCRIPT = /\.[mc]?ts$/;

/**
 * Decorators come in two dialects that one parse cannot both accept (`export @dec class`
 * versus TypeScript's parameter decorators); a file that fails with one is tried with the other.
 */
const DECORATOR_DIALECTS: ParserPlugin[] = ['decorators', 'decorators-legacy'];

function pluginsFor(filename: string, decorators: ParserPlugin): ParserPlugin[] {
  // No `estree` plugin: it makes parsing four times slower; the analysis reads Babel's AST as it is.
  const plugins: ParserPlugin[] = [decorators];
  if (TYPESCRIPT.test(filename)) plugins.push('typescript');
  else if (filename.endsWith('.tsx')) plugins.push('typescript', 'jsx');
  else plugins.push('jsx'); // Taro and React-style pages put JSX in .js files
  return plugins;
}

function optionsFor(filename: string, decorators: ParserPlugin): ParserOptions {
  return {
    // .mjs/.mts are modules; anything else may be an old-style script (octal literals, `with`).
    sourceType: /\.m[jt]s$/.test(filename) ? 'module' : 'unambiguous',
    plugins: pluginsFor(filename, decorators),
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowUndeclaredExports: true,
    errorRecovery: false,
    attachComment: false,
    tokens: false,
  };
}

/** Parses JavaScript or TypeScript (by the file name's extension) into Babel's Program node. */
export function parseSource(code: string, filename: string): AnyNode {
  let firstError: unknown;
  for (const decorators of DECORATOR_DIALECTS) {
    try {
      return parse(code, optionsFor(filename, decorators)).program as unknown as AnyNode;
    } catch (error) {
      firstError ??= error;
      if (!code.includes('@')) break;
    }
  }
  const { loc, message } = firstError as { loc?: { line: number; column: number }; message: string };
  const reason = message.replace(/ \(\d+:\d+\)$/, '');
  const line = loc ? loc.line : 1;
  const column = loc ? loc.column + 1 : 1;
  throw cloudIdError('SOURCE_SYNTAX_ERROR', `${filename}:${line}:${column}: cannot parse: ${reason}`, { filename, line, column, reason });
}
