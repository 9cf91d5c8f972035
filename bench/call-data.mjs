/**
 * npm run bench: what validating call data costs next to what the platform does anyway.
 * For each shape of payload below it times, interleaved in one process: buildCallData,
 * inspectCallData, JSON.stringify of the same payload, and a bare recursive walk that only
 * counts nodes. Prints medians and the ratios to the bare walk, and exits 1 when
 * buildCallData or inspectCallData costs more than GOAL times the bare walk on a shape.
 * Uses the built dist/ (npm run build).
 *
 * Each shape runs in a fresh Node process of its own (this script again, with `--shape`):
 * in one process a shape's ratio depends on the shapes run before it (V8's inline caches
 * they made megamorphic, their heap), i.e. on the benchmark's order, not on the code. The
 * parent prints one table, and fails with the child's stderr when a shape's process fails.
 *
 * `--quick` takes a fifth of the samples (a look, not a figure); `--only <text>` runs the
 * shapes whose label contains the text; `--one-process` runs every shape in this process,
 * in order: what the shapes cost after one another in one process: later shapes meet inline
 * caches the earlier ones made megamorphic; a look at a long-running page's state, not the
 * goal's figure. The goal is checked (and the exit code set) in both modes.
 */
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { createCloudId } = require('../dist/index.cjs');
const { createMockWx } = require('../dist/testing.cjs');

/** At most this many times a bare walk, on every shape. */
const GOAL = 1.3;

const wx = createMockWx({ clock: Date.now() });
const client = createCloudId({ wx, now: () => wx.clock.now() });

/** A deterministic pseudo-random source, so every run measures the same payloads. */
function random(seed) {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** One record of the kind a page sends: nested objects, arrays, strings, numbers, booleans. */
function record(next, index) {
  return {
    id: `item-${index}`,
    title: `Morning walk ${Math.floor(next() * 1000)}`,
    done: next() > 0.5,
    score: Math.round(next() * 10000) / 100,
    tags: ['steps', 'health', next() > 0.5 ? 'weekend' : 'weekday'],
    location: { lat: 31.2 + next(), lng: 121.4 + next(), city: 'Shanghai' },
    history: Array.from({ length: 3 }, (_, day) => ({ day, steps: Math.floor(next() * 20000) })),
  };
}

/** Two tickets at the top and `items` beside them, as a page sends them. */
async function withTickets(items) {
  return { weRun: await client.getWeRunData(), share: await client.getShareInfo({ shareTicket: 'bench' }), page: 'werun', items };
}

/** Records up to about `bytes` of JSON. */
async function records(bytes) {
  const next = random(bytes);
  const items = [];
  const data = await withTickets(items);
  while (JSON.stringify(data).length < bytes) items.push(record(next, items.length));
  return data;
}

/** `count` chains of nested objects, each `depth` levels deep (a tree, a linked list, a comment thread). */
async function chains(count, depth) {
  const items = [];
  for (let index = 0; index < count; index++) {
    let node = { value: index };
    for (let level = 1; level < depth; level++) node = { value: level, next: node };
    items.push(node);
  }
  return withTickets(items);
}

/**
 * `count` records, each with a Date (sent as its ISO string, as JSON sends it). Not written
 * `{ ...record, createdAt }`: Node 20's V8 reads inherited fields (`constructor`, `toJSON`)
 * of an object spread and extended in one literal several times slower (CONTRIBUTING.md, Performance).
 */
async function datedRecords(count) {
  const next = random(count);
  const items = [];
  for (let index = 0; index < count; index++) items.push(Object.assign(record(next, index), { createdAt: new Date(Date.UTC(2026, 0, 1) + index * 60000) }));
  return withTickets(items);
}

/** `count` small objects in one array (a list of points, of ids). */
async function smallObjects(count) {
  const items = [];
  for (let index = 0; index < count; index++) items.push({ x: index, y: -index });
  return withTickets(items);
}

/** The floor: visit every value once, doing nothing but count. */
function countNodes(value) {
  if (typeof value !== 'object' || value === null) return 1;
  let count = 1;
  if (Array.isArray(value)) for (let index = 0; index < value.length; index++) count += countNodes(value[index]);
  else for (const key in value) count += countNodes(value[key]);
  return count;
}

const candidates = {
  'bare walk': (data) => countNodes(data),
  'JSON.stringify': (data) => JSON.stringify(data),
  inspectCallData: (data) => client.inspectCallData(data),
  buildCallData: (data) => client.buildCallData(data),
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The value after `flag` on the command line, or `fallback` when the flag is absent. */
function option(flag, fallback) {
  return process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : fallback;
}

const quick = process.argv.includes('--quick');
const oneProcess = process.argv.includes('--one-process');
const only = option('--only', '');
/** Set in a shape's own process: the exact label of the one shape to measure. */
const shapeLabel = option('--shape', undefined);
/** [label, payload, samples]: the payloads are made once, before any timing. */
const shapes = [
  ['records, 1 KB', () => records(1_000), 2000],
  ['records, 100 KB', () => records(100_000), 200],
  ['records, 1 MB', () => records(1_000_000), 40],
  ['1,000 chains 81 deep', () => chains(1_000, 81), 60],
  ['20,000 records with a Date each', () => datedRecords(20_000), 20],
  ['100,002 small objects', () => smallObjects(100_000), 30],
];

/** Times one shape in this process: its table rows, and its lines over the goal. */
async function measure(label, make, fullSamples) {
  const data = await make();
  const samples = quick ? Math.max(5, Math.round(fullSamples / 5)) : fullSamples;
  const size = JSON.stringify(data).length;
  const times = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
  // Each sample times a batch long enough to read the clock reliably.
  const batch = Math.max(1, Math.round(200_000 / size));
  for (let warm = 0; warm < 5; warm++) for (const run of Object.values(candidates)) run(data);
  const order = Object.entries(candidates);
  for (let sample = 0; sample < samples; sample++) {
    // Each sample starts with the next candidate: none always runs after JSON.stringify's garbage.
    for (let turn = 0; turn < order.length; turn++) {
      const [name, run] = order[(sample + turn) % order.length];
      const started = process.hrtime.bigint();
      for (let repeat = 0; repeat < batch; repeat++) run(data);
      times[name].push(Number(process.hrtime.bigint() - started) / 1e6 / batch);
    }
  }
  const walk = median(times['bare walk']);
  const json = median(times['JSON.stringify']);
  const rows = [];
  const over = [];
  for (const name of Object.keys(candidates)) {
    const time = median(times[name]);
    const ratio = time / walk;
    // The fixed cost of a call (the platform's CloudID class, the top-level copy) dominates 1 KB: no goal there.
    if (name.endsWith('CallData') && ratio > GOAL && size > 10_000) over.push(`${label}: ${name} ${ratio.toFixed(2)} × the bare walk`);
    rows.push(`${label} | ${name} | ${time < 1 ? `${(time * 1000).toFixed(1)} µs` : `${time.toFixed(2)} ms`} | ${ratio.toFixed(2)} | ${(time / json).toFixed(2)}`);
  }
  return { rows, over };
}

/** Runs this script again for one shape, in a fresh process; a process that fails ends the run. */
function measureApart(label) {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--shape', label, ...(quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  let result;
  if (!child.error && child.status === 0) {
    try {
      result = JSON.parse(child.stdout);
    } catch {
      // Reported below, with what the process printed.
    }
  }
  if (!result) {
    const how = child.error ? child.error.message : child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
    console.error(`\n${label}: its process failed (${how}).`);
    if (child.stdout) console.error(`stdout:\n${child.stdout}`);
    console.error(`stderr:\n${child.stderr || '(empty)'}`);
    process.exit(1);
  }
  if (child.stderr) process.stderr.write(child.stderr);
  return result;
}

if (shapeLabel !== undefined) {
  // A shape's own process: measure it and hand the rows to the parent.
  const shape = shapes.find(([label]) => label === shapeLabel);
  if (!shape) throw new Error(`No shape labelled ${JSON.stringify(shapeLabel)}`);
  process.stdout.write(JSON.stringify(await measure(...shape)));
} else {
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0].model}${quick ? ' (--quick)' : ''}${oneProcess ? ' (--one-process)' : ''}`);
  console.log('payload | candidate | median | × bare walk | × JSON.stringify');
  console.log('--- | --- | --- | --- | ---');
  const over = [];
  for (const shape of shapes.filter(([label]) => label.includes(only))) {
    const result = oneProcess ? await measure(...shape) : measureApart(shape[0]);
    for (const row of result.rows) console.log(row);
    over.push(...result.over);
  }
  if (over.length) {
    console.error(`\nOver ${GOAL} × the bare walk:\n  ${over.join('\n  ')}`);
    process.exit(1);
  }
}
