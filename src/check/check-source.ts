import { analyzeProgram, mayHaveFindings, type Finding } from './analyze';
import { parseSource, type ParsedSource } from './parse';
import { RULE_META, formatMessage, ruleId, type RuleId } from './rule-meta';

/** One problem in a source file. Lines and columns are 1-based, like ESLint's. */
export interface Diagnostic {
  rule: RuleId;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * Where the CloudID sits inside `data`: `obj.shareInfo`, `list[0]`. For `phone-number-permission`,
   * where in config.json (`permissions.openapi[0]`), empty on the code.
   */
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

/** The call-data rules' findings in a parsed file, in source order. */
export function callDataDiagnostics(parsed: ParsedSource): Diagnostic[] {
  return analyzeProgram(parsed.program, parsed.text)
    .map(toDiagnostic)
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A file's text without its byte order mark: like ESLint, columns count from after it. */
export function withoutByteOrderMark(code: string): string {
  return code.charCodeAt(0) === 0xfeff ? code.slice(1) : code;
}

/**
 * Checks one file's source text. `filename` picks the syntax by its extension (`.ts`,
 * `.tsx`, `.mjs`, ...; `.vue` and `.mpx`: the component's `<script>` blocks; anything else
 * is read as JavaScript with JSX). Throws a `SOURCE_SYNTAX_ERROR` error when the text cannot be parsed.
 */
export function checkSource(code: string, filename = 'source.js'): Diagnostic[] {
  if (!mayHaveFindings(code)) return [];
  const parsed = parseSource(withoutByteOrderMark(code), filename);
  return parsed ? callDataDiagnostics(parsed) : [];
}
