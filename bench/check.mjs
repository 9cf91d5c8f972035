// Times `cloudid-check` against ESLint running the same rules on the same generated mini
// programs (1,000 files of about 200 lines each), interleaved, median of 5 runs each, on two
// corpora side by side:
//   mixed: pages as mini programs are written; 6% send a CloudID, most call no cloud function;
//   dense: every page sends CloudIDs to a cloud function, so the text pre-filter skips nothing
//          and every file is analysed.
// Also ESLint with no rule at all, and with one no-op rule, on the same files: the rules' share of an ESLint run.
// And the dense pages as uni-app single-file components (.vue: a template, the page's script
// in <script>, a style), against the same pages as .js: what reading a component costs per line.
//
//   npm run build && npm run bench:check            the comparison (goals: >= 12x, <= 1.0 s; the rules' own share <= 10% of ESLint;
//                                                    a .vue line costs no more than a .js line)
//   npm run bench:check -- --components             only cloudid-check on the dense pages as .js and as .vue
//   npm run bench:check -- --baseline <cli.cjs>     also another build of cloudid-check (an earlier commit's), side by side
//   npm run bench:check -- --parsers                also the parsers' own throughput
//   npm run bench:check -- --files 500 --runs 3
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const FILES = option('files', 1000);
/** Only the .js/.vue comparison: cloudid-check alone, on the dense pages and on them as components. */
const COMPONENTS_ONLY = args.includes('--components');
/** Another build of the command to time beside this one (`git archive <commit>`, built). */
const BASELINE = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : undefined;
const RUNS = option('runs', 5);
const GOAL_RATIO = 12;
const GOAL_WALL_MS = 1000;
const GOAL_RULE_SHARE = 0.1;

const cli = join(root, 'dist/cli.cjs');
const eslintPlugin = join(root, 'dist/eslint.mjs');
if (!existsSync(cli) || !existsSync(eslintPlugin)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------
// The corpus: pages, components and modules the way mini programs are written. Most call
// no cloud function at all; some call one with plain data; a few send CloudIDs, some of
// them nested (the mistake the rules report).

let seed = 20240501;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const WORDS = ['order', 'goods', 'coupon', 'address', 'member', 'points', 'notice', 'article', 'course', 'steps', 'team', 'activity', 'cart', 'review', 'shop', 'ticket'];
const camel = (...parts) => parts.map((part, index) => (index ? part[0].toUpperCase() + part.slice(1) : part)).join('');

const METHODS = [
  (w) => `  load${camel(w)}List() {
    if (this.data.loading) return
    this.setData({ loading: true })
    wx.request({
      url: \`\${app.globalData.baseUrl}/api/${w}/list\`,
      method: 'GET',
      data: { page: this.data.page, size: PAGE_SIZE, keyword: this.data.keyword },
      success: (res) => {
        const items = (res.data.items || []).map((item) => ({
          ...item,
          createdAt: formatTime(new Date(item.createdAt)),
          priceText: (item.price / 100).toFixed(2),
        }))
        this.setData({
          list: this.data.page === 1 ? items : this.data.list.concat(items),
          page: this.data.page + 1,
          finished: items.length < PAGE_SIZE,
        })
      },
      fail: (err) => {
        console.error('load ${w} failed', err)
        wx.showToast({ title: '加载失败，请重试', icon: 'none' })
      },
      complete: () => {
        this.setData({ loading: false })
        wx.stopPullDownRefresh()
      },
    })
  },`,
  (w) => `  onTap${camel(w)}(e) {
    const { id, index } = e.currentTarget.dataset
    const item = this.data.list[index]
    if (!item) return
    if (item.disabled) {
      wx.showModal({ title: '提示', content: '该${w}暂不可用', showCancel: false })
      return
    }
    wx.navigateTo({ url: \`/pages/${w}/detail?id=\${id}&from=list\` })
  },`,
  (w) => `  onSearch${camel(w)}: debounce(function (e) {
    const keyword = (e.detail.value || '').trim()
    this.setData({ keyword, page: 1, finished: false })
    this.load${camel(w)}List()
  }, 300),`,
  (w) => `  async submit${camel(w)}Form(e) {
    const form = e.detail.value
    const errors = validate(form, { name: 'required', phone: 'mobile' })
    if (errors.length) {
      wx.showToast({ title: errors[0], icon: 'none' })
      return
    }
    wx.showLoading({ title: '提交中', mask: true })
    try {
      await request({ url: '/api/${w}/save', method: 'POST', data: { ...form, updatedAt: Date.now() } })
      wx.showToast({ title: '已保存' })
      setTimeout(() => wx.navigateBack(), 800)
    } catch (err) {
      wx.showToast({ title: err.message || '保存失败', icon: 'none' })
    } finally {
      wx.hideLoading()
    }
  },`,
  (w) => `  choose${camel(w)}Image() {
    wx.chooseMedia({
      count: 9 - this.data.images.length,
      mediaType: ['image'],
      sizeType: ['compressed'],
      success: (res) => {
        const files = res.tempFiles.map((file) => file.tempFilePath)
        this.setData({ images: this.data.images.concat(files) })
      },
    })
  },`,
  (w) => `  onReachBottom() {
    if (this.data.finished || this.data.loading) return
    this.load${camel(w)}List()
  },

  onPullDownRefresh() {
    this.setData({ page: 1, finished: false })
    this.load${camel(w)}List()
  },`,
  (w) => `  format${camel(w)}Summary(list) {
    const total = list.reduce((sum, item) => sum + (item.count || 0), 0)
    const groups = {}
    for (const item of list) {
      const key = item.category || 'other'
      if (!groups[key]) groups[key] = { name: key, count: 0, items: [] }
      groups[key].count += item.count || 0
      groups[key].items.push(item)
    }
    return { total, groups: Object.keys(groups).map((key) => groups[key]) }
  },`,
];

const PLAIN_CLOUD = (w) => `  async fetch${camel(w)}Stats() {
    const { result } = await wx.cloud.callFunction({
      name: '${w}Stats',
      data: { range: this.data.range, filter: { status: ['paid', 'done'], owner: app.globalData.openid } },
    })
    this.setData({ stats: result })
  },`;

const CLOUD_ID_CALLS = [
  (w) => `  sync${camel(w)}Steps() {
    wx.getWeRunData({
      success: (res) => {
        wx.cloud.callFunction({
          name: 'sync${camel(w)}',
          data: { weRunData: wx.cloud.CloudID(res.cloudID), day: formatTime(new Date()) },
        })
      },
    })
  },`,
  (w) => `  share${camel(w)}Group(shareTicket) {
    wx.getShareInfo({ shareTicket })
      .then((res) =>
        wx.cloud.callFunction({
          name: 'join${camel(w)}',
          data: { group: { shareInfo: wx.cloud.CloudID(res.cloudID) } },
        }),
      )
      .then(({ result }) => this.setData({ groupName: result.name }))
  },`,
  (w) => `  onGet${camel(w)}Phone(e) {
    const phone = wx.cloud.CloudID(e.detail.cloudID)
    const data = { phone, profile: { source: '${w}' } }
    wx.cloud.callFunction({ name: 'bind${camel(w)}Phone', data })
  },`,
];

function page(index, dense) {
  const w = pick(WORDS);
  const kind = dense ? 0 : random();
  const methods = [];
  if (kind < 0.06) methods.push(pick(CLOUD_ID_CALLS)(w));
  if (kind < 0.3) methods.push(PLAIN_CLOUD(w));
  let lines = 40 + methods.join('\n\n').split('\n').length;
  while (lines < 190) {
    const method = pick(METHODS)(pick(WORDS));
    methods.push(method);
    lines += method.split('\n').length + 1;
  }
  return `// pages/${w}-${index}/${w}-${index}.js
const app = getApp()
const { formatTime, debounce, request, validate } = require('../../utils/util.js')

const PAGE_SIZE = 20

Page({
  data: {
    list: [],
    page: 1,
    keyword: '',
    loading: false,
    finished: false,
    images: [],
    range: 'week',
    stats: null,
    groupName: '',
  },

  onLoad(options) {
    this.setData({ id: options.id || '', from: options.from || 'home' })
    wx.setNavigationBarTitle({ title: '${w}' })
  },

  onShow() {
    if (app.globalData.needRefresh) {
      app.globalData.needRefresh = false
      this.setData({ page: 1, finished: false })
    }
  },

${methods.join('\n\n')}

  onShareAppMessage() {
    return { title: '${w}', path: \`/pages/${w}-${index}/${w}-${index}?id=\${this.data.id}\` }
  },
})
`;
}

function generate(directory, dense) {
  rmSync(directory, { recursive: true, force: true });
  for (let index = 0; index < FILES; index++) {
    const folder = join(directory, 'pages', `page-${index}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.js'), page(index, dense));
  }
}

/** A page's template, as uni-app pages write them: about 40 lines. */
function template(index) {
  const w = WORDS[index % WORDS.length];
  const rows = [];
  for (let row = 0; row < 6; row++) {
    rows.push(`      <view class="row" v-for="item in list" :key="item.id" @click="onTap${camel(w)}" :data-id="item.id">
        <image class="thumb" :src="item.cover" mode="aspectFill" />
        <text class="title">{{ item.title }} ({{ item.priceText }})</text>
        <text class="time">{{ item.createdAt }}</text>
      </view>`);
  }
  return `<template>
  <view class="page">
    <input class="search" placeholder="搜索${w}" @input="onSearch${camel(w)}" />
    <scroll-view scroll-y class="list">
${rows.join('\n')}
    </scroll-view>
    <view v-if="loading" class="loading">加载中…</view>
    <view v-if="finished" class="finished">没有更多了</view>
    <button type="primary" @click="submit${camel(w)}Form">提交</button>
  </view>
</template>`;
}

const STYLE = `<style scoped>
.page { padding: 24rpx; background: #f7f7f7; }
.search { height: 72rpx; padding: 0 24rpx; border-radius: 36rpx; background: #fff; }
.list { height: 80vh; }
.row { display: flex; align-items: center; padding: 16rpx 0; border-bottom: 1rpx solid #eee; }
.thumb { width: 120rpx; height: 120rpx; border-radius: 8rpx; }
.title { flex: 1; margin-left: 16rpx; font-size: 30rpx; }
.time { color: #999; font-size: 24rpx; }
.loading, .finished { text-align: center; color: #999; padding: 24rpx; }
</style>`;

/** The same pages as uni-app components: the page's object in <script> (uni.* for wx.*), between a template and a style. */
function generateComponents(directory, from) {
  rmSync(directory, { recursive: true, force: true });
  for (let index = 0; index < FILES; index++) {
    const script = readFileSync(join(from, 'pages', `page-${index}`, 'index.js'), 'utf8').replace('Page({', 'export default {').replace(/\}\)\n$/, '}\n').replace(/\bwx\./g, 'uni.');
    const folder = join(directory, 'pages', `page-${index}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'index.vue'), `${template(index)}\n\n<script>\n${script}</script>\n\n${STYLE}\n`);
  }
}

// ---------------------------------------------------------------------------------------

const workdir = join(root, '.bench/check');
const CORPORA = { mixed: false, dense: true };
for (const [name, dense] of Object.entries(CORPORA)) generate(join(workdir, name), dense);
generateComponents(join(workdir, 'vue'), join(workdir, 'dense'));
const corpus = join(workdir, 'mixed');
writeFileSync(
  join(workdir, 'eslint.config.mjs'),
  `import cloudid from ${JSON.stringify(pathToFileURL(eslintPlugin).href)};\nexport default [cloudid.configs.recommended];\n`,
);
// The same files, every rule off: what ESLint costs by itself. With no rule at all ESLint
// skips work any rule turns on (the traversal with its listeners), so the same files also
// run with one rule that does nothing on the Program node: the least any rule costs, and
// the baseline of the rules' own share.
writeFileSync(join(workdir, 'no-rules.config.mjs'), `export default [{ files: ['**/*.js'] }];\n`);
writeFileSync(
  join(workdir, 'no-op-rule.config.mjs'),
  `const noop = { rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => ({ Program() {} }) } } };\nexport default [{ files: ['**/*.js'], plugins: { noop }, rules: { 'noop/noop': 'error' } }];\n`,
);
// uni-app's setup (docs/checker.md): vue-eslint-parser for .vue files, then the plugin.
writeFileSync(
  join(workdir, 'vue.config.mjs'),
  `import vueParser from ${JSON.stringify(pathToFileURL(require.resolve('vue-eslint-parser')).href)};\nimport cloudid from ${JSON.stringify(pathToFileURL(eslintPlugin).href)};\nexport default [{ files: ['**/*.vue'], languageOptions: { parser: vueParser, sourceType: 'module' } }, cloudid.configs.recommended];\n`,
);
const eslintBin = join(root, 'node_modules/eslint/bin/eslint.js');

const TOOLS = {
  'cloudid-check': (dir) => [cli, '--format', 'json', dir],
  eslint: (dir) => [eslintBin, '--no-cache', '--format', 'json', dir],
  'eslint (no rule)': (dir) => [eslintBin, '--no-cache', '--format', 'json', '--config', 'no-rules.config.mjs', dir],
  'eslint (a no-op rule)': (dir) => [eslintBin, '--no-cache', '--format', 'json', '--config', 'no-op-rule.config.mjs', dir],
  'eslint (vue-eslint-parser)': (dir) => [eslintBin, '--no-cache', '--format', 'json', '--config', 'vue.config.mjs', dir],
  'cloudid-check (baseline)': (dir) => [BASELINE, '--format', 'json', dir],
};
/** The tools timed on the mixed and dense corpora. */
const COMPARED = [
  ...(COMPONENTS_ONLY ? ['cloudid-check'] : ['cloudid-check', 'eslint', 'eslint (no rule)', 'eslint (a no-op rule)']),
  ...(BASELINE ? ['cloudid-check (baseline)'] : []),
];

// Each tool also reports the CPU time its process used (all its threads), on stderr as it
// exits: on a shared machine, wall time measures the neighbours as much as the tool.
const cpuReporter = join(workdir, 'report-cpu.cjs');
writeFileSync(cpuReporter, `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(2, '\\ncpu-ms:' + (u.user + u.system) / 1000 + '\\n'); });\n`);

function run(tool, dir) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', cpuReporter, ...TOOLS[tool](dir)], { cwd: workdir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${tool} failed (${result.status}): ${result.stderr}`);
  const cpuMs = Number(/cpu-ms:([\d.]+)/.exec(result.stderr)[1]);
  return { ms, cpuMs, stdout: result.stdout };
}

/** file:line:column rule, from either tool's JSON. */
function findings(tool, stdout) {
  const rows = [];
  for (const file of JSON.parse(stdout)) {
    const list = tool === 'cloudid-check' ? file.diagnostics : file.messages.map((m) => ({ ...m, rule: m.ruleId }));
    if (file.error) throw new Error(`${tool}: ${file.filePath}: ${file.error.message}`);
    for (const item of list) rows.push(`${file.filePath}:${item.line}:${item.column} ${item.rule}`);
  }
  return rows.sort();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const lines = FILES && readFileSync(join(corpus, 'pages/page-0/index.js'), 'utf8').split('\n').length;

// One untimed run each: warms the file cache and checks both tools agree.
const found = {};
for (const name of Object.keys(CORPORA)) {
  const checker = findings('cloudid-check', run('cloudid-check', name).stdout);
  const eslint = findings('eslint', run('eslint', name).stdout);
  if (JSON.stringify(checker) !== JSON.stringify(eslint)) {
    console.error(`cloudid-check and ESLint disagree on the ${name} corpus; not timing them.`);
    process.exit(1);
  }
  found[name] = checker.length;
}
{
  const checker = findings('cloudid-check', run('cloudid-check', 'vue').stdout);
  const eslint = findings('eslint', run('eslint (vue-eslint-parser)', 'vue').stdout);
  if (JSON.stringify(checker) !== JSON.stringify(eslint) || checker.length !== found.dense) {
    console.error(`cloudid-check and ESLint with vue-eslint-parser disagree on the .vue corpus, or it differs from the dense one (${checker.length} against ${found.dense}); not timing them.`);
    process.exit(1);
  }
  found.vue = checker.length;
}
if (BASELINE) {
  for (const name of Object.keys(CORPORA)) {
    if (JSON.stringify(findings('cloudid-check', run('cloudid-check (baseline)', name).stdout)) !== JSON.stringify(findings('cloudid-check', run('cloudid-check', name).stdout))) {
      console.error(`the baseline finds other problems on the ${name} corpus; not timing it.`);
      process.exit(1);
    }
  }
}

const times = {};
for (let index = 0; index < RUNS; index++) {
  for (const name of Object.keys(CORPORA)) {
    if (COMPONENTS_ONLY && name !== 'dense') continue;
    for (const tool of COMPARED) {
      const { ms, cpuMs } = run(tool, name);
      (times[`${name} ${tool}`] ??= []).push(ms);
      (times[`${name} ${tool} cpu`] ??= []).push(cpuMs);
    }
  }
  const { ms, cpuMs } = run('cloudid-check', 'vue');
  (times['vue cloudid-check'] ??= []).push(ms);
  (times['vue cloudid-check cpu'] ??= []).push(cpuMs);
}

console.log(`${FILES} files per corpus (~${lines} lines each), median of ${RUNS} interleaved runs`);
console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
let met = true;
for (const [measure, suffix] of COMPONENTS_ONLY ? [] : [['wall time', ''], ['CPU time (user + system, all threads)', ' cpu']]) {
  console.log(`${measure}:\n`);
  console.log('| corpus | findings | cloudid-check | ESLint, these rules only | ratio | ESLint, no rule | share vs no rule | ESLint, a no-op rule | the rules\' own share |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of Object.keys(CORPORA)) {
    const checkerMs = median(times[`${name} cloudid-check${suffix}`]);
    const eslintMs = median(times[`${name} eslint${suffix}`]);
    const bareMs = median(times[`${name} eslint (no rule)${suffix}`]);
    const noopMs = median(times[`${name} eslint (a no-op rule)${suffix}`]);
    const ratio = eslintMs / checkerMs;
    const share = (eslintMs - bareMs) / eslintMs;
    const ownShare = (eslintMs - noopMs) / eslintMs;
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const percent = (x) => `${(x * 100).toFixed(1)}%`;
    console.log(`| ${name} | ${found[name]} | ${s(checkerMs)} | ${s(eslintMs)} | ${ratio.toFixed(1)}x | ${s(bareMs)} | ${percent(share)} | ${s(noopMs)} | ${percent(ownShare)} |`);
    met &&= ratio >= GOAL_RATIO && checkerMs <= GOAL_WALL_MS && ownShare <= GOAL_RULE_SHARE;
  }
  console.log('');
}
if (BASELINE) {
  console.log(`cloudid-check against the baseline (${BASELINE}), median of ${RUNS}:\n`);
  console.log('| corpus | wall time | baseline | CPU time | baseline |');
  console.log('|---|---:|---:|---:|---:|');
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  for (const name of Object.keys(CORPORA)) {
    if (COMPONENTS_ONLY && name !== 'dense') continue;
    const [wall, baseWall, cpu, baseCpu] = ['', ' (baseline)', ' cpu', ' (baseline) cpu'].map((suffix) => median(times[suffix.startsWith(' (baseline)') ? `${name} cloudid-check (baseline)${suffix.slice(' (baseline)'.length)}` : `${name} cloudid-check${suffix}`]));
    console.log(`| ${name} | ${s(wall)} | ${s(baseWall)} | ${s(cpu)} | ${s(baseCpu)} |`);
  }
  console.log('');
}
// Lines of each corpus: all of them, and those a parser reads (the <script> of a component).
const countLines = (name, file) => {
  let all = 0;
  let script = 0;
  for (let index = 0; index < FILES; index++) {
    const text = readFileSync(join(workdir, name, 'pages', `page-${index}`, file), 'utf8');
    all += text.split('\n').length - 1;
    const open = text.indexOf('<script>');
    script += open === -1 ? text.split('\n').length - 1 : text.slice(open, text.indexOf('</script>')).split('\n').length - 1;
  }
  return { all, script };
};
const corpusLines = { dense: countLines('dense', 'index.js'), vue: countLines('vue', 'index.vue') };
for (const [measure, suffix] of [['wall time', ''], ['CPU time', ' cpu']]) {
  console.log(`cloudid-check on the dense pages as .js and as uni-app .vue components, ${measure}:\n`);
  console.log('| files | lines (read by the parser) | findings | cloudid-check | per 1,000 lines | per 1,000 lines read by the parser |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const perLine = {};
  for (const [name, label] of [['dense', '.js'], ['vue', '.vue']]) {
    const ms = median(times[`${name} cloudid-check${suffix}`]);
    const { all, script } = corpusLines[name];
    perLine[name] = ms / all;
    console.log(`| ${FILES} ${label} | ${all.toLocaleString('en-US')} (${script.toLocaleString('en-US')}) | ${found[name]} | ${(ms / 1000).toFixed(2)} s | ${((ms / all) * 1000).toFixed(1)} ms | ${((ms / script) * 1000).toFixed(1)} ms |`);
  }
  console.log('');
  met &&= perLine.vue <= perLine.dense;
}
{
  // The same comparison in this process, warm: checkSource on the files' text, no process
  // start and no file reads; the two kinds alternate, CPU time, median of RUNS rounds.
  const { checkSource } = require(join(root, 'dist/check.cjs'));
  const texts = (name, file) => Array.from({ length: FILES }, (_, index) => readFileSync(join(workdir, name, 'pages', `page-${index}`, file), 'utf8'));
  const kinds = { dense: { texts: texts('dense', 'index.js'), filename: 'index.js' }, vue: { texts: texts('vue', 'index.vue'), filename: 'index.vue' } };
  const cpuOf = ({ texts: list, filename }) => {
    const started = process.cpuUsage();
    for (const text of list) checkSource(text, filename);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  };
  for (let round = 0; round < 2; round++) Object.values(kinds).forEach(cpuOf);
  const cpu = { dense: [], vue: [] };
  for (let round = 0; round < RUNS; round++) for (const name of round % 2 ? ['vue', 'dense'] : ['dense', 'vue']) cpu[name].push(cpuOf(kinds[name]));
  console.log(`checkSource in this process, warm, on the same pages as .js and as .vue, CPU time, median of ${RUNS}:\n`);
  console.log('| files | cpu | per 1,000 lines | per 1,000 lines read by the parser |');
  console.log('|---|---:|---:|---:|');
  const perLine = {};
  for (const [name, label] of [['dense', '.js'], ['vue', '.vue']]) {
    const ms = median(cpu[name]);
    perLine[name] = ms / corpusLines[name].all;
    console.log(`| ${FILES} ${label} | ${(ms / 1000).toFixed(2)} s | ${((ms / corpusLines[name].all) * 1000).toFixed(1)} ms | ${((ms / corpusLines[name].script) * 1000).toFixed(1)} ms |`);
  }
  console.log('');
  met &&= perLine.vue <= perLine.dense;
}
console.log(
  COMPONENTS_ONLY
    ? 'Goal, by either measure: a .vue line costs no more than a .js line.'
    : `Goals on each corpus, by either measure: cloudid-check >= ${GOAL_RATIO}x ESLint and <= ${GOAL_WALL_MS / 1000} s; the rules' own share <= ${GOAL_RULE_SHARE * 100}% of ESLint's run; a .vue line costs no more than a .js line.`,
);
console.log(met ? 'Goals met.' : 'Goals missed.');

if (args.includes('--parsers')) {
  // Each parser on every file, in this process, without the text pre-filter.
  const sources = [];
  for (let index = 0; index < FILES; index++) sources.push(readFileSync(join(corpus, 'pages', `page-${index}`, 'index.js'), 'utf8'));
  const babel = (plugins) => () => {
    const { parse } = require('@babel/parser');
    return (code) => parse(code, { sourceType: 'unambiguous', plugins, attachComment: false, tokens: false });
  };
  const candidates = {
    '@babel/parser 7, Babel AST (jsx): the checker': babel(['decorators', 'jsx']),
    '@babel/parser 7, Babel AST (typescript)': babel(['decorators', 'typescript']),
    '@babel/parser 7, estree plugin (jsx)': babel(['estree', 'decorators', 'jsx']),
    'acorn (no JSX, no TypeScript)': () => {
      const { parse } = require('acorn');
      return (code) => parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
    },
    'espree (no TypeScript)': () => {
      const { parse } = require('espree');
      return (code) => parse(code, { ecmaVersion: 'latest', sourceType: 'module', loc: true, range: true, ecmaFeatures: { jsx: true } });
    },
    '@typescript-eslint/typescript-estree (bundles TypeScript)': () => {
      const { parse } = require('@typescript-eslint/typescript-estree');
      return (code) => parse(code, { loc: true, range: true, jsx: false });
    },
  };
  console.log('\n| parser (no pre-filter) | files/s |');
  console.log('|---|---:|');
  for (const [name, load] of Object.entries(candidates)) {
    let parse;
    try {
      parse = load();
    } catch {
      console.log(`| ${name} | not installed |`);
      continue;
    }
    for (const code of sources.slice(0, 100)) parse(code); // warm up
    const runs = [];
    for (let index = 0; index < RUNS; index++) {
      const started = process.hrtime.bigint();
      for (const code of sources) parse(code);
      runs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    console.log(`| ${name} | ${Math.round((FILES / median(runs)) * 1000).toLocaleString('en-US')} |`);
  }
}
