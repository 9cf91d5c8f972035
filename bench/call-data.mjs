/**
 * npm run bench: what validating call data costs next to what the platform does anyway.
 * For payloads of about 1 KB, 100 KB and 1 MB of realistic JSON-like data with tickets at
 * the top, it times, interleaved in one process: buildCallData, inspectCallData,
 * JSON.stringify of the same payload, and a bare recursive walk that only counts nodes.
 * Prints medians and the ratios to the bare walk. Uses the built dist/ (npm run build).
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';

const require = createRequire(import.meta.url);
const { createCloudId } = require('../dist/index.cjs');
const { createMockWx } = require('../dist/testing.cjs');

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

async function payloadOf(bytes) {
  const next = random(bytes);
  const items = [];
  const data = { weRun: await client.getWeRunData(), share: await client.getShareInfo({ shareTicket: 'bench' }), page: 'werun', items };
  while (JSON.stringify(data).length < bytes) items.push(record(next, items.length));
  return data;
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

const sizes = [
  ['1 KB', 1_000, 2000],
  ['100 KB', 100_000, 200],
  ['1 MB', 1_000_000, 40],
];

console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0].model}`);
console.log('payload | candidate | median | × bare walk | × JSON.stringify');
console.log('--- | --- | --- | --- | ---');
for (const [label, bytes, samples] of sizes) {
  const data = await payloadOf(bytes);
  const times = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
  // Each sample times a batch long enough to read the clock reliably.
  const batch = Math.max(1, Math.round(200_000 / bytes));
  for (let warm = 0; warm < 5; warm++) for (const run of Object.values(candidates)) run(data);
  for (let sample = 0; sample < samples; sample++) {
    for (const [name, run] of Object.entries(candidates)) {
      const started = process.hrtime.bigint();
      for (let repeat = 0; repeat < batch; repeat++) run(data);
      times[name].push(Number(process.hrtime.bigint() - started) / 1e6 / batch);
    }
  }
  const walk = median(times['bare walk']);
  const json = median(times['JSON.stringify']);
  for (const name of Object.keys(candidates)) {
    const time = median(times[name]);
    console.log(`${label} | ${name} | ${time < 1 ? `${(time * 1000).toFixed(1)} µs` : `${time.toFixed(2)} ms`} | ${(time / walk).toFixed(2)} | ${(time / json).toFixed(2)}`);
  }
}
