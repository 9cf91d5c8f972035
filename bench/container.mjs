/**
 * npm run bench:container: what `withOpenData` costs a Cloud Hosting service, next to a
 * hand-written exchange and a handler that exchanges nothing, under load over loopback.
 *
 * Three processes per variant, all on 127.0.0.1: the mock open-API service of the testing
 * kit (shared by every variant, its CPU not counted), the service under test, and this
 * process as the load: `--connections` keep-alive connections posting `{ weRunData: <cloudID> }`
 * with the gateway's X-WX-* headers, one request at a time each, after a one-second
 * warm-up (a window ends at `--seconds` or `--max-requests`). The service measures its own CPU
 * (`process.cpuUsage`) over the measured window; the mock service counts the connections
 * it was opened. Each service process sets Node's global agent not to keep connections
 * alive, as Node 16 and 18 do by default (engines: >= 16).
 *
 * Variants, in one run:
 * - bare: reads and parses the body and answers; no exchange (the floor).
 * - hand-written: reads and parses the body, exchanges the id with Node's http and a
 *   keep-alive agent of its own, parses data_list[0].json, checks the watermark's AppID
 *   and age, answers: what one would write without the package.
 * - withOpenData: `http.createServer(withOpenData({ keys }, handler))`, the client's defaults.
 * - withOpenData on the global agent: the same with `createOpenApi({ agent: http.globalAgent })`,
 *   i.e. a connection per exchange, as before the client had its own agent.
 *
 * Two phases, each `--seconds` per variant and `--rounds` times: as fast as each variant
 * goes (req/s, p50/p99 latency, CPU per request at full load, open-API connections opened
 * per 1,000 requests), then every variant at one fixed rate, half what the slowest exchange
 * managed, so that CPU per request is compared under equal load. Prints the CPU ratio of
 * withOpenData to the hand-written exchange (goal: at most 1.15), per round and overall,
 * and last, in this process, what withOpenData's own code costs a request without I/O.
 * Every service process lives for the whole run. Uses the built dist/ (npm run build).
 *
 *   node bench/container.mjs [--seconds 5] [--connections 10] [--max-requests 200000] [--rounds 1]
 */
import { Buffer } from 'node:buffer';
import { fork } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);
const LOOPBACK = '127.0.0.1';
const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};

/** Messages between the processes: one request, one reply, by `type`. */
function ask(child, message) {
  return new Promise((resolve, reject) => {
    const onMessage = (reply) => {
      if (reply.type !== message.type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply);
    };
    const onExit = (code) => reject(new Error(`${message.type}: the child exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

function answer(handler) {
  process.on('message', async (message) => process.send({ type: message.type, ...(await handler(message)) }));
}

/** What every service process does first: Node 16/18's global agent, which opens a connection per request. */
function likeNode16() {
  http.globalAgent = new http.Agent({ keepAlive: false });
}

/** Reads a request or response to its end. */
function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

function sendJson(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The services under test, each a request listener given the open-API service's URL. */
const variants = {
  bare: () => async (req, res) => {
    const body = JSON.parse((await readAll(req)) || '{}');
    sendJson(res, 200, { days: typeof body.weRunData === 'string' ? 31 : 0 });
  },
  'hand-written': (openApiUrl) => {
    const agent = new http.Agent({ keepAlive: true });
    const exchange = (id, openid) =>
      new Promise((resolve, reject) => {
        const payload = JSON.stringify({ cloudid_list: [id] });
        const request = http.request(
          `${openApiUrl}/wxa/getopendata?openid=${encodeURIComponent(openid)}`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
          (response) => readAll(response).then(resolve, reject),
        );
        request.setTimeout(5000, () => request.destroy(new Error('timeout')));
        request.on('error', reject);
        request.end(payload);
      });
    return async (req, res) => {
      try {
        const body = JSON.parse((await readAll(req)) || '{}');
        const openid = req.headers['x-wx-openid'];
        const answer = JSON.parse(await exchange(body.weRunData, openid));
        if (answer.errcode !== 0) return sendJson(res, 502, { error: answer.errmsg });
        const item = JSON.parse(answer.data_list[0].json);
        if (item.errCode) return sendJson(res, 422, { error: item.errMsg });
        const { watermark } = item.data;
        if (watermark.appid !== req.headers['x-wx-appid'] || Date.now() / 1000 - watermark.timestamp > 360) return sendJson(res, 422, { error: 'watermark' });
        return sendJson(res, 200, { days: item.data.stepInfoList.length });
      } catch {
        return sendJson(res, 500, { error: 'failed' });
      }
    };
  },
  withOpenData: (openApiUrl) => {
    const { createOpenApi, withOpenData } = require('../dist/container.cjs');
    return withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiUrl }) }, (data) => ({ days: data.weRunData.stepInfoList.length }));
  },
  'withOpenData on the global agent': (openApiUrl) => {
    const { createOpenApi, withOpenData } = require('../dist/container.cjs');
    return withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: openApiUrl, agent: http.globalAgent }) }, (data) => ({
      days: data.weRunData.stepInfoList.length,
    }));
  },
};

/** The child that runs the kit's mock open-API service and hands out cloudIDs issued on its platform. */
async function runOpenApi() {
  likeNode16();
  const { createMockOpenApi, createMockWx, DEFAULT_APPID, DEFAULT_OPENID } = require('../dist/testing.cjs');
  const wx = createMockWx();
  const service = await createMockOpenApi({ wx });
  // A cloudID may be exchanged again within its five minutes: a few serve every request.
  const ids = Array.from({ length: 64 }, () => wx.issueCloudId('getWeRunData'));
  // The kit records every request; the bench needs only the count.
  const requests = service.requests;
  answer(() => {
    const counts = { connections: service.connections, requests: requests.length };
    requests.length = 0;
    return counts;
  });
  process.send({ type: 'ready', url: service.url, ids, appid: DEFAULT_APPID, openid: DEFAULT_OPENID });
}

/** The child that runs one variant and measures its own CPU between `start` and `stop`. */
async function runService(variant, openApiUrl) {
  likeNode16();
  const server = http.createServer(variants[variant](openApiUrl));
  server.keepAliveTimeout = 30000;
  await new Promise((resolve) => server.listen(0, LOOPBACK, resolve));
  let started;
  answer((message) => {
    // Exiting on its own (not killed) lets --cpu-prof write its profile.
    if (message.type === 'exit') process.exit(0);
    if (message.type === 'start') {
      started = process.cpuUsage();
      return {};
    }
    const used = process.cpuUsage(started);
    return { cpuMicros: used.user + used.system };
  });
  process.send({ type: 'ready', port: server.address().port });
}

/**
 * `connections` loops, each posting one request at a time over its own kept-alive
 * connection, until `until()` says stop. With `rate` (requests per second), request k is
 * not sent before its slot, k / rate seconds in: the same load whatever the service.
 */
async function load(port, connections, bodies, headers, until, rate) {
  const begun = Date.now();
  let scheduled = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  let errors = 0;
  let next = 0;
  const one = () =>
    new Promise((resolve) => {
      const payload = bodies[next++ % bodies.length];
      const started = process.hrtime.bigint();
      const request = http.request({ host: LOOPBACK, port, method: 'POST', path: '/steps', agent, headers: { ...headers, 'content-length': payload.length } }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (response.statusCode !== 200) errors++;
          resolve();
        });
      });
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(payload);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!until(latencies.length)) {
        if (rate) {
          const wait = begun + (scheduled++ * 1000) / rate - Date.now();
          if (wait > 0) await sleep(wait);
          if (until(latencies.length)) break;
        }
        await one();
      }
    }),
  );
  agent.destroy();
  return { latencies, errors };
}

/**
 * withOpenData's own work, without I/O: the handler called in this process with a request
 * whose body a parser already read, a response that discards what it is given, and an
 * open-API client answering at once. Microseconds per request, median of `samples` runs.
 */
async function ownWork(samples = 5, perSample = 40000) {
  const { withOpenData } = require('../dist/container.cjs');
  const watermark = { appid: 'wxBench', timestamp: Math.floor(Date.now() / 1000) };
  const data = { stepInfoList: Array.from({ length: 31 }, (_, day) => ({ timestamp: day * 86400, step: day * 100 })), watermark };
  const openApi = { getOpenData: async (ids) => ids.map((cloudID) => ({ ok: true, cloudID, data })), getPhoneNumber: async () => ({}) };
  const handler = withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi }, (checked) => ({ days: checked.weRunData.stepInfoList.length }));
  const headers = { host: `${LOOPBACK}:80`, 'content-type': 'application/json', 'x-wx-openid': 'oBench', 'x-wx-appid': 'wxBench', 'x-wx-env': 'bench', 'x-wx-source': 'wx_client', connection: 'keep-alive' };
  const rawHeaders = Object.entries(headers).flat();
  const res = { headersSent: false, writableEnded: false, statusCode: 0, setHeader() {}, end() {} };
  const run = async (count) => {
    const started = process.hrtime.bigint();
    for (let index = 0; index < count; index++) await handler({ headers, rawHeaders, body: { weRunData: '27_bench' } }, res);
    return Number(process.hrtime.bigint() - started) / 1000 / count;
  };
  await run(perSample);
  const times = [];
  for (let sample = 0; sample < samples; sample++) times.push(await run(perSample));
  return times.sort((a, b) => a - b)[Math.floor(samples / 2)];
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function main() {
  const seconds = Number(argument('seconds', 5));
  const connections = Number(argument('connections', 10));
  const maxRequests = Number(argument('max-requests', 200000));
  const rounds = Number(argument('rounds', 1));
  if (!(seconds > 0 && seconds <= 60 && connections > 0 && connections <= 256 && maxRequests > 0 && rounds >= 1 && rounds <= 5)) {
    throw new Error('bench:container: --seconds 1..60, --connections 1..256, --max-requests > 0, --rounds 1..5');
  }
  const children = [];
  // BENCH_PROFILE=<variant> writes a CPU profile of that service to .bench/ (open it in Chrome's DevTools).
  const spawn = (...args) => {
    const profiled = process.env.BENCH_PROFILE && args.includes(process.env.BENCH_PROFILE);
    const execArgv = profiled ? ['--cpu-prof', '--cpu-prof-dir=.bench'] : [];
    const child = fork(self, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    children.push(child);
    return child;
  };
  process.on('exit', () => children.forEach((child) => child.kill()));

  const openApi = spawn('--role', 'open-api');
  const { url, ids, appid, openid } = await new Promise((resolve) => openApi.once('message', resolve));
  const headers = { 'content-type': 'application/json', 'x-wx-openid': openid, 'x-wx-appid': appid, 'x-wx-env': 'bench', 'x-wx-source': 'wx_client' };
  const bodies = ids.map((id) => Buffer.from(JSON.stringify({ weRunData: id })));

  // Every service runs for the whole bench, idle while another is measured.
  const services = {};
  for (const name of Object.keys(variants)) {
    const service = spawn('--role', 'service', '--variant', name, '--open-api', url);
    services[name] = { process: service, port: (await new Promise((resolve) => service.once('message', resolve))).port };
  }

  /** One measured window of `name`: the load's latencies, the service's CPU, the connections the open-API service was opened. */
  async function measure(name, rate) {
    const { process: service, port } = services[name];
    const before = await ask(openApi, { type: 'stats' });
    await ask(service, { type: 'start' });
    const started = Date.now();
    const stopAt = started + seconds * 1000;
    const { latencies, errors } = await load(port, connections, bodies, headers, (done) => done >= maxRequests || Date.now() >= stopAt, rate);
    const ms = Date.now() - started;
    const { cpuMicros } = await ask(service, { type: 'stop' });
    const after = await ask(openApi, { type: 'stats' });
    return { latencies, errors, ms, cpuMicros, connections: after.connections - before.connections, exchanges: after.requests };
  }

  const empty = () => ({ requests: 0, cpuMicros: 0, latencies: [], errors: 0, connections: 0, exchanges: 0, ms: 0 });
  const add = (total, window) => {
    total.requests += window.latencies.length;
    total.cpuMicros += window.cpuMicros;
    total.latencies.push(...window.latencies);
    total.errors += window.errors;
    total.connections += window.connections;
    total.exchanges += window.exchanges;
    total.ms += window.ms;
  };
  const flat = Object.fromEntries(Object.keys(variants).map((name) => [name, empty()]));
  const paced = Object.fromEntries(Object.keys(variants).map((name) => [name, empty()]));
  // Odd rounds run the variants in reverse, so that a drift in the machine's load favours none.
  const order = (round) => (round % 2 === 0 ? Object.keys(variants) : Object.keys(variants).reverse());
  const ratioOf = (windows) => windows.withOpenData.cpuMicros / windows.withOpenData.latencies.length / (windows['hand-written'].cpuMicros / windows['hand-written'].latencies.length);
  // As fast as each goes: req/s, latency, and CPU at full load.
  const fullLoadRatios = [];
  for (let round = 0; round < rounds; round++) {
    const windows = {};
    for (const name of order(round)) {
      const warmUntil = Date.now() + 1000;
      await load(services[name].port, connections, bodies, headers, () => Date.now() >= warmUntil);
      windows[name] = await measure(name);
      add(flat[name], windows[name]);
    }
    fullLoadRatios.push(ratioOf(windows));
  }
  // The same rate for every variant, half what the slowest exchange managed: CPU per request under equal load.
  const slowest = Math.min(...Object.keys(variants).filter((name) => name !== 'bare').map((name) => (flat[name].requests * 1000) / flat[name].ms));
  const rate = Math.max(10, Math.floor(slowest / 2));
  // Each round's ratio, from windows next to each other in time: the machine's load drifts less within a round.
  const pacedRatios = [];
  for (let round = 0; round < rounds; round++) {
    const windows = {};
    for (const name of order(round)) {
      windows[name] = await measure(name, rate);
      add(paced[name], windows[name]);
    }
    pacedRatios.push(ratioOf(windows));
  }
  for (const { process: service } of Object.values(services)) {
    await new Promise((resolve) => {
      service.once('exit', resolve);
      service.send({ type: 'exit' });
    });
  }
  openApi.kill();

  const rows = Object.keys(variants).map((name) => {
    const total = flat[name];
    const sorted = total.latencies.sort((a, b) => a - b);
    return {
      name,
      ...total,
      errors: total.errors + paced[name].errors,
      perSecond: (total.requests * 1000) / total.ms,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      cpuPerRequest: total.cpuMicros / total.requests,
      pacedCpuPerRequest: paced[name].cpuMicros / paced[name].requests,
    };
  });
  const cpu = cpus();
  console.log(
    `bench:container: Node ${process.version}, ${cpu.length} cores (${cpu[0] ? cpu[0].model : 'unknown'}), ${connections} connections, ` +
      `${seconds} s per variant and phase x ${rounds} round(s), 127.0.0.1\n`,
  );
  console.log(`variant | requests | req/s | p50 | p99 | service CPU per request, full load | at ${rate} req/s | open-API connections opened (per 1,000 requests) | errors`);
  console.log('--- | --- | --- | --- | --- | --- | --- | --- | ---');
  for (const row of rows) {
    const perThousand = row.exchanges > 0 ? ` (${((row.connections * 1000) / row.requests).toFixed(1)})` : '';
    console.log(
      `${row.name} | ${row.requests} | ${row.perSecond.toFixed(0)} | ${row.p50.toFixed(2)} ms | ${row.p99.toFixed(2)} ms | ${row.cpuPerRequest.toFixed(0)} µs | ${row.pacedCpuPerRequest.toFixed(0)} µs | ${row.connections}${perThousand} | ${row.errors}`,
    );
  }
  const ours = rows.find((row) => row.name === 'withOpenData');
  const baseline = rows.find((row) => row.name === 'hand-written');
  const median = (ratios) => [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  const perRound = (ratios) => `per round ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}x`;
  console.log(`\nCPU per request, withOpenData / hand-written (goal: at most 1.15x):`);
  console.log(`  at full load: ${(ours.cpuPerRequest / baseline.cpuPerRequest).toFixed(2)}x (${perRound(fullLoadRatios)})`);
  console.log(`  at ${rate} req/s: ${(ours.pacedCpuPerRequest / baseline.pacedCpuPerRequest).toFixed(2)}x (${perRound(pacedRatios)})`);
  console.log(`\nwithOpenData's own work, without I/O: ${(await ownWork()).toFixed(1)} µs a request (median of 5 x 40,000)`);
  if (rows.some((row) => row.errors > 0)) process.exitCode = 1;
}

const role = argument('role');
if (role === 'open-api') runOpenApi();
else if (role === 'service') runService(argument('variant'), argument('open-api'));
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
