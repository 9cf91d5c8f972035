#!/usr/bin/env node
/**
 * What `CallData<T>` costs the compiler. Generates 500 call sites, each passing a ~125-node
 * JSON payload with one or two top-level tickets, and times `tsc --noEmit` on the same
 * calls through (a) `buildCallData` (CallData<T>), (b) a generic no-op
 * `<T extends object>(data: T): T` and (c) a plain `Record<string, unknown>` parameter,
 * with TypeScript 6 and TypeScript 7, interleaved, median of the runs. Each compiler also
 * runs once per variant with --extendedDiagnostics for instantiation counts.
 *
 * Uses the BUILT declarations (run `npm run build` first).
 * Options: --runs N (default 5), --sites N (default 500), --nodes N (default 125).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = join(root, '.bench', 'types');
const GOAL = 1.5;

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer, got ${process.argv[index + 1]}`);
  return value;
}
const runs = option('runs', 5);
const sites = option('sites', 500);
const nodesPerPayload = option('nodes', 125);

const compilers = [
  { name: 'TS 6', tsc: join(root, 'node_modules/typescript/bin/tsc'), pkg: join(root, 'node_modules/typescript/package.json') },
  { name: 'TS 7', tsc: join(root, 'node_modules/typescript-7/bin/tsc'), pkg: join(root, 'node_modules/typescript-7/package.json') },
];

const variants = [
  { id: 'calldata', label: '(a) CallData<T>', call: 'buildCallData', declaration: '' },
  { id: 'generic', label: '(b) <T extends object>(data: T): T', call: 'send', declaration: 'declare function send<T extends object>(data: T): T;' },
  { id: 'record', label: '(c) Record<string, unknown>', call: 'send', declaration: 'declare function send(data: Record<string, unknown>): void;' },
];

// ---- payloads: deterministic, realistic nested JSON (objects, arrays of records, scalars).

function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'id name title status type kind code label note price amount currency count total steps date time ' +
  'createdAt updatedAt city province country street zip phone email avatar nickname gender age level score ' +
  'rank tags items entries records history stats summary detail meta options settings profile address ' +
  'order payment shipping product sku quantity color size width height weight enabled visible source channel ' +
  'scene path query referrer version platform device model brand language theme'
).split(' ');

/**
 * One payload: a top-level ticket (half the time two), a few scalar parameters and nested
 * records and lists until `budget` nodes (every object, array and scalar counts as one).
 */
function makePayload(random, budget) {
  let nodes = 1;
  const pick = (list) => list[Math.floor(random() * list.length)];
  const keys = (count) => {
    const chosen = new Set();
    while (chosen.size < count) chosen.add(pick(WORDS));
    return [...chosen];
  };
  const between = (low, high) => low + Math.floor(random() * (high - low + 1));
  const scalarKind = () => {
    const r = random();
    return r < 0.45 ? 'string' : r < 0.8 ? 'number' : r < 0.95 ? 'boolean' : 'null';
  };
  // A schema first, then values that follow it: every element of a list has the same shape.
  const schema = (depth, room) => {
    if (room <= 1 || depth > 4) return scalarKind();
    if (random() < 0.7 || room < 8) {
      const fieldKeys = keys(between(3, Math.min(7, room - 1)));
      let left = room - 1 - fieldKeys.length;
      return {
        object: fieldKeys.map((key) => {
          const share = random() < 0.35 ? Math.floor(left / 2) : 0;
          left -= share;
          return [key, schema(depth + 1, share + 1)];
        }),
      };
    }
    const length = between(2, 4);
    const per = Math.floor((room - 1) / length);
    return { array: schema(depth + 1, Math.min(per, 12)), length };
  };
  const count = (kind) =>
    typeof kind === 'string' ? 1 : kind.object ? 1 + kind.object.reduce((sum, [, value]) => sum + count(value), 0) : 1 + kind.length * count(kind.array);
  const fill = (kind) => {
    if (kind === 'string') return JSON.stringify(pick(WORDS) + Math.floor(random() * 1000));
    if (kind === 'number') return String(Math.floor(random() * 100000) / 100);
    if (kind === 'boolean') return random() < 0.5 ? 'true' : 'false';
    if (kind === 'null') return 'null';
    if (kind.object) return `{ ${kind.object.map(([key, value]) => `${key}: ${fill(value)}`).join(', ')} }`;
    return `[${Array.from({ length: kind.length }, () => fill(kind.array)).join(', ')}]`;
  };
  const fields = ['weRunData: weRun'];
  if (random() < 0.5) fields.push('shareInfo: share');
  nodes += fields.length;
  const subtrees = keys(between(4, 8));
  const used = new Set(['weRunData', 'shareInfo']);
  for (let index = 0; nodes < budget - 2; index++) {
    const key = index < subtrees.length ? subtrees[index] : pick(WORDS.filter((word) => !used.has(word)));
    used.add(key);
    const room = Math.max(2, Math.floor((budget - nodes) / Math.max(1, subtrees.length - index)));
    const kind = schema(1, room);
    nodes += count(kind);
    fields.push(`${key}: ${fill(kind)}`);
  }
  return { source: `{ ${fields.join(', ')} }`, nodes };
}

function writeInputs() {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const random = prng(20240607);
  const payloads = Array.from({ length: sites }, () => makePayload(random, nodesPerPayload));
  const meanNodes = payloads.reduce((sum, payload) => sum + payload.nodes, 0) / payloads.length;
  for (const variant of variants) {
    const lines = [
      "import { buildCallData, type CloudIdTicket } from 'miniprogram-cloudid';",
      "declare const weRun: CloudIdTicket<'getWeRunData'>;",
      "declare const share: CloudIdTicket<'getShareInfo'>;",
      variant.declaration,
      ...payloads.map((payload, index) => `export const site${index} = ${variant.call}(${payload.source});`),
      'void buildCallData;',
    ];
    writeFileSync(join(workDir, `${variant.id}.ts`), lines.join('\n') + '\n');
    const compilerOptions = {
      strict: true,
      target: 'es2019',
      lib: ['es2019'],
      module: 'preserve',
      moduleResolution: 'bundler',
      types: [],
      skipLibCheck: true,
      noEmit: true,
    };
    writeFileSync(join(workDir, `tsconfig.${variant.id}.json`), JSON.stringify({ compilerOptions, files: [`${variant.id}.ts`] }, null, 2));
  }
  return meanNodes;
}

function runTsc(compiler, variant, extra = []) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [compiler.tsc, '-p', join(workDir, `tsconfig.${variant.id}.json`), ...extra], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${compiler.name} failed on ${variant.label}:\n${(result.stdout + result.stderr).split('\n').slice(0, 20).join('\n')}`);
  }
  return { ms, output: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function diagnostic(output, label) {
  const match = output.match(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm'));
  return match ? Number(match[1]) : undefined;
}

function main() {
  if (!existsSync(join(root, 'dist/index.d.mts'))) {
    console.error('bench:types needs the built declarations: run `npm run build` first.');
    process.exit(1);
  }
  const meanNodes = writeInputs();
  const versions = Object.fromEntries(compilers.map((compiler) => [compiler.name, JSON.parse(readFileSync(compiler.pkg, 'utf8')).version]));
  console.log(`${sites} call sites, ${meanNodes.toFixed(0)} payload nodes on average; ${runs} interleaved runs each.`);
  console.log(`${cpus()[0].model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; ${compilers.map((c) => `${c.name} = ${versions[c.name]}`).join(', ')}\n`);

  // One warm-up run per compiler (disk cache), then interleave so drift hits every variant alike.
  for (const compiler of compilers) runTsc(compiler, variants[0]);
  const times = new Map();
  for (let run = 0; run < runs; run++) {
    for (const compiler of compilers) {
      for (const variant of variants) {
        const key = `${compiler.name}|${variant.id}`;
        times.set(key, [...(times.get(key) || []), runTsc(compiler, variant).ms]);
      }
    }
  }
  const diagnostics = new Map();
  for (const compiler of compilers) {
    for (const variant of variants) {
      const { output } = runTsc(compiler, variant, ['--extendedDiagnostics']);
      diagnostics.set(`${compiler.name}|${variant.id}`, { instantiations: diagnostic(output, 'Instantiations'), types: diagnostic(output, 'Types') });
    }
  }

  const rows = [['compiler', 'signature', 'median ms', 'min-max ms', 'vs (b)', 'vs (c)', 'instantiations', 'types']];
  const ratios = {};
  for (const compiler of compilers) {
    const medianOf = (id) => median(times.get(`${compiler.name}|${id}`));
    for (const variant of variants) {
      const ms = medianOf(variant.id);
      const vsGeneric = ms / medianOf('generic');
      if (variant.id === 'calldata') ratios[compiler.name] = vsGeneric;
      const extended = diagnostics.get(`${compiler.name}|${variant.id}`);
      const all = times.get(`${compiler.name}|${variant.id}`);
      rows.push([
        compiler.name,
        variant.label,
        ms.toFixed(0),
        `${Math.min(...all).toFixed(0)}-${Math.max(...all).toFixed(0)}`,
        `${vsGeneric.toFixed(2)}x`,
        `${(ms / medianOf('record')).toFixed(2)}x`,
        String(extended.instantiations),
        String(extended.types),
      ]);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));

  const extra = (diagnostics.get(`${compilers[0].name}|calldata`).instantiations - diagnostics.get(`${compilers[0].name}|generic`).instantiations) / sites;
  console.log(`\nCallData adds ${extra.toFixed(0)} instantiations per call site over the generic no-op (${compilers[0].name}).`);
  const ratio = ratios[compilers[0].name];
  console.log(`${compilers[0].name}: CallData costs ${ratio.toFixed(2)}x the generic no-op (goal: at most ${GOAL}x) - ${ratio <= GOAL ? 'goal met' : 'GOAL MISSED'}.`);
}

main();
