import * as fs from 'fs';
import { isCloudIdError } from '../core/errors';
import { MAX_CLOUD_IDS_PER_CALL } from '../core/rules';
import { mayHaveFindings } from './analyze';
import { checkSource } from './check-source';
import { formatJson, formatStylish, type FileResult } from './format';
import { PACKAGE_VERSION } from './package-info';
import { SOURCE_EXTENSIONS } from './parse';
import { findSourceFiles } from './walk-files';

const FORMATS = { stylish: formatStylish, json: formatJson } as const;
type FormatName = keyof typeof FORMATS;

const HELP = `Usage: cloudid-check [options] [paths...]

Finds CloudIDs that WeChat will not replace in cloud function call data: a CloudID
nested below the top level of data, or more than ${MAX_CLOUD_IDS_PER_CALL} at its top level.

Checks ${SOURCE_EXTENSIONS.join(' ')} files under the given paths (default: the
current directory), skipping node_modules, miniprogram_npm, miniprogram_dist, dist
and what .gitignore files list. Other files named on the command line are skipped.

Options:
  -f, --format <name>  stylish (default) or json
  -h, --help           show this help
  -v, --version        print the version

Exit status: 0 nothing found, 1 problems found, 2 a usage error or a file that
could not be read, parsed or analysed.
`;

class UsageError extends Error {}

interface Options {
  format: FormatName;
  paths: string[];
  help: boolean;
  version: boolean;
}

function parseArguments(args: readonly string[]): Options {
  const options: Options = { format: 'stylish', paths: [], help: false, version: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') {
      options.paths.push(...args.slice(index + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '-v' || arg === '--version') options.version = true;
    else if (arg === '-f' || arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.startsWith('--format=') ? arg.slice('--format='.length) : args[++index];
      if (value === undefined) throw new UsageError(`${arg} needs a value: stylish or json.`);
      if (!Object.prototype.hasOwnProperty.call(FORMATS, value)) throw new UsageError(`unknown format "${value}": use stylish or json.`);
      options.format = value as FormatName;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}".`);
    else options.paths.push(arg);
  }
  return options;
}

function checkFile(filePath: string): FileResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    return { filePath, diagnostics: [], error: { kind: 'read', message: (error as Error).message } };
  }
  if (!mayHaveFindings(bytes)) return { filePath, diagnostics: [] };
  try {
    return { filePath, diagnostics: checkSource(bytes.toString('utf8'), filePath) };
  } catch (error) {
    if (isCloudIdError(error) && error.code === 'SOURCE_SYNTAX_ERROR') {
      const { reason, line, column } = error;
      return { filePath, diagnostics: [], error: { kind: 'parse', message: reason, line, column } };
    }
    // One file the analysis cannot handle (a stack overflow on code built to cause one)
    // is reported as that file's problem; the other files' findings still print.
    return { filePath, diagnostics: [], error: { kind: 'analysis', message: String((error as Error)?.message ?? error) } };
  }
}

/** Runs the command; returns the exit status. */
function main(args: readonly string[]): number {
  let options: Options;
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cloudid-check: ${error.message}\nRun cloudid-check --help for usage.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  const cwd = process.cwd();
  const { files, errors } = findSourceFiles(options.paths.length ? options.paths : ['.'], cwd);
  for (const { path, message } of errors) process.stderr.write(`cloudid-check: cannot read ${path}: ${message}\n`);
  const results = files.map(checkFile);
  process.stdout.write(FORMATS[options.format](results, cwd));
  if (errors.length || results.some((result) => result.error)) return 2;
  return results.some((result) => result.diagnostics.length) ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`cloudid-check: internal error: ${(error as Error).stack || error}\n`);
  process.exitCode = 2;
}
