/**
 * The quick start of both READMEs, run as written: the page code against the built
 * miniprogram_dist, the cloud function code against the built server entry, on the mock
 * platform, with `require` resolving the way DevTools' "build npm" and the cloud do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMockCloud, installMockWx, type InstalledMockWx } from '../../src/testing';

const root = join(__dirname, '../..');

/** The code blocks of the "Quick start" section, in order. */
function quickStartBlocks(readme: string): string[] {
  const text = readFileSync(join(root, readme), 'utf8');
  const start = text.search(/^## (Quick start|快速上手)$/m);
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** Runs CommonJS `code` with `modules` as what `require` finds; returns its `module.exports`. */
function run(code: string, modules: Record<string, unknown>, globals: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const load = (name: string) => {
    if (!(name in modules)) throw new Error(`the README code requires ${name}, which the test does not provide`);
    return modules[name];
  };
  new Function('require', 'module', 'exports', ...Object.keys(globals), code)(load, module, module.exports, ...Object.values(globals));
  return module.exports;
}

describe.each(['README.md', 'README.zh-CN.md'])('%s quick start', (readme) => {
  let wx: InstalledMockWx | undefined;
  afterEach(() => wx && wx.restore());

  it('shows today\'s steps from the cloud function', async () => {
    const [pageCode, functionCode] = quickStartBlocks(readme);
    expect(pageCode).toContain('Page(');
    expect(functionCode).toContain('exports.main');

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const server = require(join(root, 'dist/server.cjs'));
    // The fake wx-server-sdk serves whichever mock platform is running the call.
    const main = run(functionCode, { 'wx-server-sdk': createMockCloud(), 'miniprogram-cloudid/server': server }).main as (event: unknown, context: unknown) => unknown;
    wx = installMockWx({ clock: Date.now(), functions: { werun: main } });

    let definition: { data: Record<string, unknown>; onLoad(): Promise<void> } | undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    run(pageCode, { 'miniprogram-cloudid': require(join(root, 'miniprogram_dist/index.js')) }, { Page: (options: typeof definition) => (definition = options) });
    const page = Object.assign(Object.create(definition!), {
      data: { ...definition!.data },
      setData(this: { data: Record<string, unknown> }, changes: Record<string, unknown>) {
        Object.assign(this.data, changes);
      },
    });
    await page.onLoad();

    const steps = (wx.calls[0].event as { weRun: { data: { stepInfoList: { step: number }[] } } }).weRun.data.stepInfoList;
    expect(page.data).toEqual({ steps: steps[steps.length - 1].step, error: '' });
  });
});
