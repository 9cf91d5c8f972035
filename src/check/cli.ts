import { MAX_CLOUD_IDS_PER_CALL, PHONE_NUMBER_OPENAPI } from '../core/rules';
import { checkPaths } from './check-paths';
import { DEFAULT_FUNCTIONS_FOLDER } from './cloud-functions';
import { COMPONENT_EXTENSIONS } from './component';
import { formatJson, formatStylish } from './format';
import { PACKAGE_VERSION } from './package-info';
import { SCRIPT_EXTENSIONS } from './parse';
import { FUNCTION_CONFIG } from './phone-permission';
import { RULE_META, RULE_NAMES, ruleId } from './rule-meta';
import { PROJECT_CONFIG } from './walk-files';

const FORMATS = { stylish: formatStylish, json: formatJson } as const;
type FormatName = keyof typeof FORMATS;

/** Each rule's id, then what it reports, wrapped at 80 columns under it. */
function ruleList(): string {
  return RULE_NAMES.map((name) => {
    const lines = [`  ${ruleId(name)}`, '   '];
    for (const word of RULE_META[name].description.split(' ')) {
      if (`${lines[lines.length - 1]} ${word}`.length > 80) lines.push('   ');
      lines[lines.length - 1] += ` ${word}`;
    }
    return lines.join('\n');
  }).join('\n');
}

const HELP = `Usage: cloudid-check [options] [paths...]

Finds CloudIDs that WeChat will not replace in cloud function call data (nested
below the top level of data, more than ${MAX_CLOUD_IDS_PER_CALL} at its top level, or sent to a
container), and cloud functions that exchange phone codes without the
"${PHONE_NUMBER_OPENAPI}" permission in their ${FUNCTION_CONFIG}.

Reads, under the given paths (default: the current directory):
  ${SCRIPT_EXTENSIONS.join(' ')} files (not .d.ts),
  the <script> blocks of ${COMPONENT_EXTENSIONS.join(' and ')} components (uni-app, mpvue, mpx),
  and the ${FUNCTION_CONFIG} of each cloud function that exchanges phone codes:
  the functions are the folders in the cloudfunctionRoot of ${PROJECT_CONFIG}
  (in or above a given path), or in a given folder named ${DEFAULT_FUNCTIONS_FOLDER}.
Skips node_modules, miniprogram_npm, miniprogram_dist, dist and what .gitignore
files list. Other files named on the command line are skipped.

Rules:
${ruleList()}

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
  const { results, errors } = checkPaths(options.paths.length ? options.paths : ['.'], cwd);
  for (const { path, message } of errors) process.stderr.write(`cloudid-check: cannot read ${path}: ${message}\n`);
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
