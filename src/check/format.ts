import * as path from 'path';
import type { Diagnostic } from './check-source';

/** What the checker found in one file. */
export interface FileResult {
  /** Absolute path. */
  filePath: string;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read, parsed or analysed (it then has no diagnostics). */
  error?: { kind: 'read' | 'parse' | 'analysis'; message: string; line?: number; column?: number };
}

const ERROR_LABELS = { read: 'Cannot read file', parse: 'Parsing error', analysis: 'Could not analyse the file; its CloudIDs are unchecked' } as const;

function hasProblems(result: FileResult): boolean {
  return result.error !== undefined || result.diagnostics.length > 0;
}

/**
 * ESLint's "stylish" layout: each file (relative to `cwd`), its problems in aligned columns,
 * then a count; a clean run prints one line with the number of files checked.
 */
export function formatStylish(results: readonly FileResult[], cwd: string): string {
  const out: string[] = [];
  let problems = 0;
  for (const result of results) {
    const { error } = result;
    const rows: [string, string, string][] = error
      ? [[`${error.line || 0}:${error.column || 0}`, `${ERROR_LABELS[error.kind]}: ${error.message}`, '']]
      : result.diagnostics.map((diagnostic) => [`${diagnostic.line}:${diagnostic.column}`, diagnostic.message, diagnostic.rule]);
    if (!rows.length) continue;
    problems += rows.length;
    const relative = path.relative(cwd, result.filePath);
    out.push(path.isAbsolute(relative) ? result.filePath : relative); // absolute only on another drive
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
    for (const [position, message, rule] of rows) out.push(`  ${position.padEnd(widths[0])}  ${message.padEnd(widths[1])}  ${rule}`.trimEnd());
    out.push('');
  }
  if (problems) out.push(`✖ ${problems} problem${problems === 1 ? '' : 's'}`, '');
  // A clean run says what it checked: "nothing printed" cannot tell a clean run from one that read nothing.
  else out.push(`cloudid-check: ${results.length} file${results.length === 1 ? '' : 's'}, no problems`, '');
  return out.join('\n');
}

/** One entry per file with a problem: `{ filePath, diagnostics, error? }`. */
export function formatJson(results: readonly FileResult[]): string {
  return `${JSON.stringify(results.filter(hasProblems), null, 2)}\n`;
}
