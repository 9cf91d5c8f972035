import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser';
import { cloudIdError } from '../core/errors';
import type { AnyNode } from './ast';
import { COMPONENT_EXTENSIONS, componentScript, isComponentFile } from './component';

/** JavaScript and TypeScript files, read whole. */
export const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'] as const;

/** The file extensions the checker reads: scripts, and single-file components for their `<script>` blocks. */
export const SOURCE_EXTENSIONS = [...SCRIPT_EXTENSIONS, ...COMPONENT_EXTENSIONS] as const;

/** The syntax a text is parsed as: JavaScript (with JSX: Taro and React-style pages put JSX in .js files), TypeScript, or TypeScript with JSX. */
export type Dialect = 'javascript' | 'typescript' | 'tsx';

/** A parsed file: its program, and the text the program's positions refer to (for a component, its script blocks at their own places). */
export interface ParsedSource {
  program: AnyNode;
  text: string;
}

/**
 * Decorators come in two dialects that one parse cannot both accept (`export @dec class`
 * versus TypeScript's parameter decorators); a file that fails with one is tried with the other.
 */
const DECORATOR_DIALECTS: ParserPlugin[] = ['decorators', 'decorators-legacy'];

function optionsFor(dialect: Dialect, sourceType: ParserOptions['sourceType'], decorators: ParserPlugin): ParserOptions {
  // No `estree` plugin: it makes parsing four times slower; the analysis reads Babel's AST as it is.
  const plugins: ParserPlugin[] = [decorators];
  if (dialect !== 'javascript') plugins.push('typescript');
  if (dialect !== 'typescript') plugins.push('jsx');
  return {
    sourceType,
    plugins,
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowUndeclaredExports: true,
    errorRecovery: false,
    attachComment: false,
    tokens: false,
  };
}

function parseProgram(code: string, filename: string, dialect: Dialect, sourceType: ParserOptions['sourceType']): AnyNode {
  let firstError: unknown;
  for (const decorators of DECORATOR_DIALECTS) {
    try {
      return parse(code, optionsFor(dialect, sourceType, decorators)).program as unknown as AnyNode;
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

/**
 * Parses a file by its name's extension: JavaScript, TypeScript (`.ts`, `.mts`, `.cts`), TypeScript
 * with JSX (`.tsx`), or the `<script>` blocks of a `.vue` or `.mpx` component (undefined when it
 * has none), at the component's own lines and columns. Throws a `SOURCE_SYNTAX_ERROR` error.
 */
export function parseSource(code: string, filename: string): ParsedSource | undefined {
  if (isComponentFile(filename)) {
    const script = componentScript(code);
    // Components' scripts are ES modules, bundled by their framework's compiler.
    return script && { program: parseProgram(script.code, filename, script.dialect, 'module'), text: script.code };
  }
  const dialect = /\.[mc]?ts$/.test(filename) ? 'typescript' : filename.endsWith('.tsx') ? 'tsx' : 'javascript';
  // .mjs/.mts are modules; anything else may be an old-style script (octal literals, `with`).
  return { program: parseProgram(code, filename, dialect, /\.m[jt]s$/.test(filename) ? 'module' : 'unambiguous'), text: code };
}
