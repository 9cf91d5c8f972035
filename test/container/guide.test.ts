/**
 * The Cloud Hosting guide (docs/cloud-hosting.md and its Chinese twin), run as written: its
 * Express service (`// index.js`) against the built container entry, its page
 * (`// pages/steps/index.js`) against the built miniprogram_dist, the page's callContainer
 * reaching the service over loopback HTTP through the mock gateway, the service's
 * exchange reaching the mock open-API service. (docs.test.ts type-checks every block.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { createMockOpenApi, createMockWx, installMockWx, type InstalledMockWx, type MockOpenApiService, type MockWx } from '../../src/testing';

const root = join(__dirname, '../..');
const MINUTE = 60 * 1000;

/** The js block of `page` whose first line is `// <file>`. */
function blockOf(page: string, file: string): string {
  const text = readFileSync(join(root, page), 'utf8');
  const block = [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]).find((code) => code.startsWith(`// ${file}\n`));
  if (!block) throw new Error(`${page} has no js block starting with // ${file}`);
  return block;
}

/** Runs CommonJS `code` with `modules` as what `require` finds. */
function run(code: string, modules: Record<string, unknown>, globals: Record<string, unknown> = {}): void {
  const module = { exports: {} };
  const load = (name: string) => {
    if (!(name in modules)) throw new Error(`the guide's code requires ${name}, which the test does not provide`);
    return modules[name];
  };
  new Function('require', 'module', 'exports', 'process', ...Object.keys(globals), code)(load, module, module.exports, { env: {} }, ...Object.values(globals));
}

describe.each(['docs/cloud-hosting.md', 'docs/zh-CN/cloud-hosting.md'])('%s', (guide) => {
  let platform: MockWx;
  let openApiService: MockOpenApiService;
  let wx: InstalledMockWx;
  let onTheWayMs = 0;

  beforeEach(async () => {
    platform = createMockWx({ clock: Date.now() });
    openApiService = await createMockOpenApi({ wx: platform });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const container = require(join(root, 'dist/container.cjs'));
    let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
    // express() as the guide calls it; listen() hands the app to the mock gateway instead of port 80.
    const expressAsDeployed = Object.assign((...args: Parameters<typeof express>) => {
      const created = express(...args);
      created.use((_req, _res, next) => {
        platform.clock.advance(onTheWayMs);
        onTheWayMs = 0;
        next();
      });
      created.listen = (() => (app = created)) as never;
      return created;
    }, express);
    // Inside Cloud Hosting http://api.weixin.qq.com is the open-API sidecar; here it is the mock.
    const containerAsDeployed = {
      ...container,
      withOpenData: (options: object, handler: unknown) => container.withOpenData({ openApi: container.createOpenApi({ baseUrl: openApiService.url }), ...options }, handler),
    };
    run(blockOf(guide, 'index.js'), { express: expressAsDeployed, 'miniprogram-cloudid/container': containerAsDeployed });
    if (!app) throw new Error('the guide\'s service never called app.listen');
    wx = installMockWx({ platform, containers: { 'steps-service': app } });
  });
  afterEach(async () => {
    await wx.closeContainers();
    wx.restore();
    await openApiService.close();
  });

  /** Loads the guide's page and taps its button; resolves with what the page shows. */
  async function showSteps(): Promise<Record<string, unknown>> {
    let definition: { data: Record<string, unknown>; onShowSteps(this: unknown): Promise<void> } | undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    run(blockOf(guide, 'pages/steps/index.js'), { 'miniprogram-cloudid': require(join(root, 'miniprogram_dist/index.js')) }, { Page: (given: typeof definition) => (definition = given) });
    const page = { data: { ...definition!.data }, setData(patch: object) {
      Object.assign(this.data, patch);
    } };
    await definition!.onShowSteps.call(page);
    return page.data;
  }

  it("shows the service's checked steps on the page", async () => {
    const shown = await showSteps();
    const days = (platform.issuedCloudIds[0].data as { stepInfoList: { step: number }[] }).stepInfoList;
    expect(shown).toEqual({ steps: days[days.length - 1].step, error: '' });
    expect(openApiService.requests.map((request) => request.path)).toEqual(['/wxa/getopendata']);
    expect(JSON.parse(wx.containerCalls[0].body)).toEqual({ weRunData: platform.issuedCloudIds[0].cloudID });
  });

  it('gets a new cloudID and retries once when one expires on the way', async () => {
    onTheWayMs = 5 * MINUTE;
    const shown = await showSteps();
    expect(shown.error).toBe('');
    expect(typeof shown.steps).toBe('number');
    expect(wx.containerCalls.map((call) => call.statusCode)).toEqual([422, 200]);
    expect(platform.issuedCloudIds).toHaveLength(2);
  });
});
