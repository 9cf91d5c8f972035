/**
 * The uni-app ESLint configuration of docs/checker.md (and its Chinese twin), run as written:
 * the block is saved as a project's eslint.config.mjs, beside uni-app pages, and ESLint's own
 * command lints them with the built plugin (the project sits inside this package's folder, so
 * `miniprogram-cloudid/eslint` resolves to dist/ as it would from node_modules).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkSource } from '../../src/check';

const ROOT = path.join(__dirname, '../..');

/** The js block of a page that configures vue-eslint-parser. */
function documentedConfig(page: string): string {
  const blocks = [...fs.readFileSync(path.join(ROOT, page), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
  const config = blocks.filter((block) => block.includes("from 'vue-eslint-parser'"));
  expect(config).toHaveLength(1);
  return config[0];
}

const PAGES: Record<string, string> = {
  'src/pages/group/group.vue': `<template>
  <view><button @click="join">Join</button></view>
</template>

<script>
export default {
  methods: {
    join(res) {
      uni.cloud.callFunction({ name: 'join', data: { group: { shareInfo: uni.cloud.CloudID(res.cloudID) } } })
    },
  },
}
</script>
`,
  'src/pages/steps/steps.vue': `<script setup lang="ts">
import { callFunction, getWeRunData } from 'miniprogram-cloudid'

interface Steps { today: number }
const shown: Steps[] = []

async function show(): Promise<void> {
  const weRun = await getWeRunData()
  const { result } = await callFunction({ name: 'werun', data: { days: [weRun] as unknown[] } })
  shown.push(result as Steps)
}
</script>

<template>
  <button @click="show">Show</button>
</template>
`,
};

describe.each(['docs/checker.md', 'docs/zh-CN/checker.md'])("the uni-app configuration of %s", (page) => {
  let project: string;

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/eslint.mjs'))) throw new Error('dist/ is missing: run `npm run build` first.');
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    project = fs.mkdtempSync(path.join(ROOT, '.tmp', 'eslint-vue-'));
    fs.writeFileSync(path.join(project, 'eslint.config.mjs'), documentedConfig(page));
    for (const [name, text] of Object.entries(PAGES)) {
      fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
      fs.writeFileSync(path.join(project, name), text);
    }
  });

  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test('ESLint reports in .vue pages (plain script and <script setup lang="ts">) exactly what cloudid-check does', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', 'src'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    const linted = results
      .map((result) => ({
        file: path.relative(project, result.filePath).split(path.sep).join('/'),
        messages: result.messages.map(({ ruleId, line, column, message }) => `${line}:${column} ${ruleId} ${message}`),
      }))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    const checked = Object.entries(PAGES)
      .map(([file, text]) => ({ file, messages: checkSource(text, file).map(({ rule, line, column, message }) => `${line}:${column} ${rule} ${message}`) }))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    expect(linted).toEqual(checked);
    expect(run.status).toBe(1);
    expect(linted.map((result) => result.messages.length)).toEqual([1, 1]);
    expect(linted[1].messages[0]).toMatch(/^9:\d+ cloudid\/top-level CloudID at days\[0\] is nested/);
  }, 60_000);
});
