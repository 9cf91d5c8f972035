#!/usr/bin/env node
/**
 * Type tests against the BUILT declarations (`npm run build` first), with TypeScript 5.0,
 * 5.4, 5.9, 6 and 7 (7's `tsc` has no JS API, so all run as CLIs and their output is parsed).
 *
 * - test-types/pass/**.ts and **.js must compile without errors. A `.js` case is checked
 *   JavaScript (`checkJs`): its types come from JSDoc, as in a mini program's own pages.
 * - test-types/fail/**.ts and **.js mark each expected error on the line before it:
 *     // @expect-error CloudID must be a top-level field: obj.shareInfo
 *   The error must be reported on the next line that is not itself an `@expect-error`
 *   comment, and its message (with the chain below it) must contain the text. Several
 *   markers may stack on one line; every error must be expected.
 * - A file may set its own compiler options in its first lines:
 *     // @options: {"types": []}
 *   `${root}` in option values is the repository root. Such a file compiles alone; the
 *   others compile together (types: miniprogram-api-typings, skipLibCheck off, so the
 *   built declarations are themselves checked).
 *
 * The package name resolves through package.json "exports" (a package may import itself),
 * so the cases see exactly what users see.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const casesDir = join(root, 'test-types');
// Inside the repository so `types` and the package's self-reference resolve as for a user.
const configDir = join(root, 'node_modules', '.cache', 'miniprogram-cloudid-type-tests');

/**
 * Every TypeScript a user may compile the package's types with: the oldest supported
 * (5.0), the releases around `module: preserve` (5.4) and the last 5.x (5.9), 6 and 7.
 * `options` adjusts the base options for a compiler that lacks one of them (the built
 * declarations must work there too, with the nearest setting users of that version have).
 */
const compilers = [
  // `module: preserve` arrived in 5.4; 5.0 users bundle with `module: esnext`.
  { name: 'TypeScript 5.0', tsc: join(root, 'node_modules/typescript-5.0/bin/tsc'), options: { module: 'esnext' } },
  { name: 'TypeScript 5.4', tsc: join(root, 'node_modules/typescript-5.4/bin/tsc') },
  { name: 'TypeScript 5.9', tsc: join(root, 'node_modules/typescript-5.9/bin/tsc') },
  { name: 'TypeScript 6', tsc: join(root, 'node_modules/typescript/bin/tsc') },
  { name: 'TypeScript 7', tsc: join(root, 'node_modules/typescript-7/bin/tsc') },
];

const baseOptions = {
  strict: true,
  noEmit: true,
  target: 'es2019',
  lib: ['es2019'],
  module: 'preserve',
  moduleResolution: 'bundler',
  types: ['miniprogram-api-typings'],
  skipLibCheck: false,
  allowJs: true,
  checkJs: true,
  noUnusedLocals: false,
  pretty: false,
};

const EXPECT = /^\s*\/\/\s*@expect-error\s+(.+?)\s*$/;
const OPTIONS = /^\s*\/\/\s*@options:\s*(\{.*\})\s*$/;

function listCases(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listCases(path);
    return name.endsWith('.ts') || name.endsWith('.js') ? [path] : [];
  });
}

/** A case file: its expectations (line -> texts) and its own options, if any. */
function readCase(path) {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const expected = new Map();
  const problems = [];
  let options;
  let pending = [];
  lines.forEach((line, index) => {
    const optionsMatch = index < 5 && line.match(OPTIONS);
    if (optionsMatch) {
      try {
        options = JSON.parse(optionsMatch[1].split('${root}').join(root.split('\\').join('/')));
      } catch (error) {
        problems.push(`${rel(path)}:${index + 1}: @options is not valid JSON (${error.message})`);
      }
      return;
    }
    const expectMatch = line.match(EXPECT);
    if (expectMatch) {
      pending.push({ text: expectMatch[1], markerLine: index + 1 });
      return;
    }
    if (pending.length && line.trim() !== '') {
      expected.set(index + 1, pending);
      pending = [];
    }
  });
  for (const { markerLine } of pending) problems.push(`${rel(path)}:${markerLine}: @expect-error has no code line after it`);
  const kind = relative(casesDir, path).split(/[\\/]/)[0];
  if (kind === 'pass' && expected.size) problems.push(`${rel(path)}: a pass case cannot expect errors; move it to test-types/fail`);
  if (kind === 'fail' && !expected.size) problems.push(`${rel(path)}: a fail case must mark at least one @expect-error`);
  return { path, expected, options, problems };
}

const rel = (path) => relative(root, path).split('\\').join('/');

/** Parses `--pretty false` output: `file(line,col): error TSnnnn: message` plus indented chain lines. */
function parseDiagnostics(output) {
  const diagnostics = [];
  for (const line of output.split(/\r?\n/)) {
    const match = line.match(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/);
    if (match) {
      diagnostics.push({ file: resolve(root, match[1]), line: Number(match[2]), column: Number(match[3]), code: match[4], message: match[5] });
    } else if (/^error (TS\d+): /.test(line)) {
      diagnostics.push({ file: undefined, line: 0, column: 0, code: line.slice(6, line.indexOf(':')), message: line });
    } else if (diagnostics.length && /^\s+\S/.test(line)) {
      diagnostics[diagnostics.length - 1].message += `\n${line.trim()}`;
    }
  }
  return diagnostics;
}

function runTsc(compiler, configPath) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [compiler.tsc, '-p', configPath], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => done({ status, output }));
  });
}

/** Compares what one compiler said about one program with what its cases expect. */
function judge(compiler, cases, { status, output }) {
  const failures = [];
  const diagnostics = parseDiagnostics(output);
  const byFile = new Map(cases.map((testCase) => [testCase.path, testCase]));
  for (const diagnostic of diagnostics) {
    const testCase = diagnostic.file && byFile.get(diagnostic.file);
    const where = diagnostic.file ? `${rel(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}` : '(no file)';
    const expectations = testCase && testCase.expected.get(diagnostic.line);
    if (!expectations) {
      failures.push(`unexpected ${diagnostic.code} at ${where}\n      ${diagnostic.message.split('\n').join('\n      ')}`);
      continue;
    }
    const matched = expectations.filter((expectation) => diagnostic.message.includes(expectation.text));
    if (!matched.length) failures.push(`unexpected ${diagnostic.code} at ${where} (none of its @expect-error texts match)\n      ${diagnostic.message.split('\n').join('\n      ')}`);
    for (const expectation of matched) expectation.seen = true;
  }
  for (const testCase of cases) {
    for (const [line, expectations] of testCase.expected) {
      for (const expectation of expectations) {
        if (expectation.seen) continue;
        const here = diagnostics.filter((diagnostic) => diagnostic.file === testCase.path && diagnostic.line === line);
        failures.push(
          `missing error at ${rel(testCase.path)}:${line} (marked on line ${expectation.markerLine}): ${JSON.stringify(expectation.text)}` +
            (here.length ? `\n      reported there instead: ${here.map((diagnostic) => diagnostic.message.split('\n').join(' / ')).join('\n      ')}` : ''),
        );
      }
      for (const expectation of expectations) delete expectation.seen;
    }
  }
  if (status !== 0 && !diagnostics.length) failures.push(`${compiler.name} exited with ${status} and no diagnostics:\n${output}`);
  return failures;
}

function warnIfStale() {
  const built = join(root, 'dist/index.d.mts');
  if (!existsSync(built)) {
    console.error('type tests need the built declarations: run `npm run build` first.');
    process.exit(1);
  }
  const newest = (directory) =>
    readdirSync(directory).reduce((latest, name) => {
      const path = join(directory, name);
      const stats = statSync(path);
      return Math.max(latest, stats.isDirectory() ? newest(path) : stats.mtimeMs);
    }, 0);
  if (newest(join(root, 'src')) > statSync(built).mtimeMs) console.warn('warning: src/ changed after the last build; run `npm run build` for up-to-date declarations.\n');
}

async function main() {
  warnIfStale();
  const cases = listCases(join(casesDir, 'pass')).concat(listCases(join(casesDir, 'fail'))).map(readCase);
  const setupProblems = cases.flatMap((testCase) => testCase.problems);
  if (!cases.length) setupProblems.push('no cases found under test-types/pass or test-types/fail');
  if (setupProblems.length) {
    console.error(`type tests are malformed:\n  ${setupProblems.join('\n  ')}`);
    process.exit(1);
  }

  // One program for the shared cases, one per case with its own options.
  const programs = [{ name: 'shared', cases: cases.filter((testCase) => !testCase.options), options: {} }].concat(
    cases.filter((testCase) => testCase.options).map((testCase) => ({ name: rel(testCase.path).replace(/[\\/.]/g, '_'), cases: [testCase], options: testCase.options })),
  );
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(configDir, { recursive: true });
  const jobs = [];
  for (const program of programs.filter((candidate) => candidate.cases.length)) {
    const files = program.cases.map((testCase) => relative(configDir, testCase.path).split('\\').join('/'));
    compilers.forEach((compiler, index) => {
      const configPath = join(configDir, `tsconfig.${program.name}.${index}.json`);
      const config = { compilerOptions: { ...baseOptions, ...compiler.options, ...program.options }, files };
      writeFileSync(configPath, JSON.stringify(config, null, 2));
      jobs.push({ compiler, program, configPath });
    });
  }

  // As many compilers at once as the machine has cores (each is single-threaded but for
  // TypeScript 7), in job order so the report reads the same every run.
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index];
      const started = Date.now();
      const output = await runTsc(job.compiler, job.configPath);
      results[index] = { ...job, failures: judge(job.compiler, job.program.cases, output), ms: Date.now() - started };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), jobs.length)) }, worker));

  let failed = 0;
  for (const { compiler, program, failures, ms } of results) {
    const label = `${compiler.name}, ${program.name === 'shared' ? `${program.cases.length} shared cases` : rel(program.cases[0].path)}`;
    if (failures.length) {
      failed += failures.length;
      console.log(`FAIL  ${label} (${ms} ms)\n    ${failures.join('\n    ')}`);
    } else {
      console.log(`ok    ${label} (${ms} ms)`);
    }
  }
  const expectedErrors = cases.reduce((sum, testCase) => sum + [...testCase.expected.values()].reduce((count, list) => count + list.length, 0), 0);
  console.log(`\n${cases.length} case files, ${expectedErrors} expected errors, ${compilers.length} compilers: ${failed ? `${failed} problem(s)` : 'all as expected'}.`);
  process.exit(failed ? 1 : 0);
}

main();
