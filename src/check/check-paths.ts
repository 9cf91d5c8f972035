import * as fs from 'fs';
import * as path from 'path';
import { isCloudIdError } from '../core/errors';
import { mayHaveFindings } from './analyze';
import { callDataDiagnostics, withoutByteOrderMark } from './check-source';
import { functionFolderOf, functionsRoots } from './cloud-functions';
import type { FileResult } from './format';
import { parseSource } from './parse';
import { findPhoneExchanges, mayExchangePhoneCodes, type PhoneExchange } from './phone-exchange';
import { judgePhonePermission, type FunctionExchange } from './phone-permission';
import { findSourceFiles } from './walk-files';

/** What the command found under the paths it was given. */
export interface CheckRun {
  /** One per file read: the source files, then each cloud function's config.json where it was judged, in walk order. */
  results: FileResult[];
  /** Paths given that do not exist or cannot be read. */
  errors: { path: string; message: string }[];
}

/** One source file: the call-data rules, and in a cloud function's folder also where it exchanges phone codes. */
function checkFile(filePath: string, inFunction: boolean): { result: FileResult; exchanges: PhoneExchange[] } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    return { result: { filePath, diagnostics: [], error: { kind: 'read', message: (error as Error).message } }, exchanges: [] };
  }
  const callData = mayHaveFindings(bytes);
  const phone = inFunction && mayExchangePhoneCodes(bytes);
  if (!callData && !phone) return { result: { filePath, diagnostics: [] }, exchanges: [] };
  try {
    const parsed = parseSource(withoutByteOrderMark(bytes.toString('utf8')), filePath);
    if (!parsed) return { result: { filePath, diagnostics: [] }, exchanges: [] };
    return {
      result: { filePath, diagnostics: callData ? callDataDiagnostics(parsed) : [] },
      exchanges: phone ? findPhoneExchanges(parsed.program, parsed.text) : [],
    };
  } catch (error) {
    if (isCloudIdError(error) && error.code === 'SOURCE_SYNTAX_ERROR') {
      const { reason, line, column } = error;
      return { result: { filePath, diagnostics: [], error: { kind: 'parse', message: reason, line, column } }, exchanges: [] };
    }
    // One file the analysis cannot handle (a stack overflow on code built to cause one)
    // is reported as that file's problem; the other files' findings still print.
    return { result: { filePath, diagnostics: [], error: { kind: 'analysis', message: String((error as Error)?.message ?? error) } }, exchanges: [] };
  }
}

/** Checks the files under `paths` (relative to `cwd`) and the phone permission of the cloud functions among them. */
export function checkPaths(paths: readonly string[], cwd: string): CheckRun {
  const { files, projectConfigs, errors } = findSourceFiles(paths, cwd);
  const roots = functionsRoots(paths, cwd, projectConfigs);
  const results: FileResult[] = [];
  /** Each cloud function met, with its phone-code exchanges and the index of its first file in `results`. */
  const functions = new Map<string, { first: number; exchanges: FunctionExchange[] }>();
  for (const file of files) {
    const folder = functionFolderOf(file, roots);
    const { result, exchanges } = checkFile(file, folder !== undefined);
    if (folder !== undefined) {
      let entry = functions.get(folder);
      if (!entry) functions.set(folder, (entry = { first: results.length, exchanges: [] }));
      entry.exchanges.push(...exchanges.map((exchange) => ({ file, exchange })));
    }
    results.push(result);
  }

  const display = (file: string) => path.relative(cwd, file) || file;
  /** config.json results, each to go before its function's first file (where a walk would have met it). */
  const configs: { before: number; result: FileResult }[] = [];
  for (const [folder, { first, exchanges }] of functions) {
    if (!exchanges.length) continue;
    for (const problem of judgePhonePermission(folder, exchanges, display)) {
      const onCode = results.find((result) => result.filePath === problem.filePath);
      if (onCode && 'diagnostic' in problem) {
        onCode.diagnostics = [...onCode.diagnostics, problem.diagnostic].sort((a, b) => a.line - b.line || a.column - b.column);
        continue;
      }
      let config = configs.find((candidate) => candidate.result.filePath === problem.filePath);
      if (!config) configs.push((config = { before: first, result: { filePath: problem.filePath, diagnostics: [] } }));
      if ('diagnostic' in problem) config.result.diagnostics.push(problem.diagnostic);
      else config.result.error = problem.error;
    }
  }
  for (const { before, result } of configs.sort((a, b) => b.before - a.before)) results.splice(before, 0, result);
  return { results, errors };
}
