import { analyzeProgram, mayHaveFindings, type Finding } from './analyze';
import { parseSource } from './parse';
import { RULE_META, formatMessage, ruleId, type RuleId } from './rule-meta';

/** One problem in a source file. Lines and columns are 1-based, like ESLint's. */
export interface Diagnostic {
  rule: RuleId;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Where the CloudID sits inside `data`: `obj.shareInfo`, `list[0]`. */
  path: string;
}

function toDiagnostic(finding: Finding): Diagnostic {
  const { start, end } = finding.loc;
  return {
    rule: ruleId(finding.rule),
    message: formatMessage(RULE_META[finding.rule].message, finding.data),
    line: start.line,
    column: start.column + 1,
    endLine: end.line,
    endColumn: end.column + 1,
    path: finding.path,
  };
}

/**
 * Checks one file's source text. `filename` picks the syntax by its extension (`.ts`,
 * `.tsx`, `.mjs`, ...; anything else is read as JavaScript with JSX). Throws
 * a `SOURCE_SYNTAX_ERROR` error when the text cannot be parsed.
 */
export function checkSource(code: string, filename = 'source.js'): Diagnostic[] {
  if (!mayHaveFindings(code)) return [];
  // Like ESLint, columns count from after a byte order mark.
  const text = code.charCodeAt(0) === 0xfeff ? code.slice(1) : code;
  return analyzeProgram(parseSource(text, filename), text)
    .map(toDiagnostic)
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
