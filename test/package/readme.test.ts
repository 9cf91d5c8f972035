/**
 * The quick start of both READMEs, run as written: the page code against the built
 * miniprogram_dist, the cloud function code against the built server entry, on the mock
 * platform, with `require` resolving the way DevTools' "build npm" and the cloud do. Beside
 * the happy path, each failure a user can cause (declined, an old WeChat, a cloudID that
 * expired on the way) must reach the page as a sentence for the user, never as the
 * developer message; anything else is logged. (Every other code block of the docs is
 * type-checked by docs.test.ts.) The cloud hosting quick start runs the README's Express
 * service over loopback HTTP, the open-API service being the testing kit's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerInCloudHosting, expressAsInstalled, loadPage as definePage, runCommonJs as run } from './snippets';
import { createMockCloud, createMockOpenApi, installMockWx, type InstalledMockWx, type MockOpenApiService, type MockWxOptions } from '../../src/testing';

const root = join(__dirname, '../..');

/** The "Quick start" section. */
function quickStart(readme: string): string {
  const text = readFileSync(join(root, readme), 'utf8');
  const start = text.search(/^## (Quick start|快速上手)$/m);
  return text.slice(start, text.indexOf('\n## ', start + 1));
}

/** The code blocks of the "Quick start" section, in order: the page, the cloud function, the container's service. */
function quickStartBlocks(readme: string): string[] {
  return [...quickStart(readme).matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
}

interface PageData {
  steps: number | null;
  error: string;
}

describe.each(['README.md', 'README.zh-CN.md'])('%s quick start', (readme) => {
  let wx: InstalledMockWx | undefined;
  afterEach(() => wx && wx.restore());

  /** Installs the mock platform with `options` and the README's cloud function as `werun`. */
  function installPlatform(options: MockWxOptions): InstalledMockWx {
    const functionCode = quickStartBlocks(readme)[1];
    expect(functionCode).toContain('exports.main');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const server = require(join(root, 'dist/server.cjs'));
    // The fake wx-server-sdk serves whichever mock platform is running the call.
    const main = run(functionCode, { 'wx-server-sdk': createMockCloud(), 'miniprogram-cloudid/server': server }).main as (event: unknown, context: unknown) => unknown;
    wx = installMockWx({ clock: Date.now(), functions: { werun: main }, ...options });
    return wx;
  }

  /** Loads the page `pageCode` defines (the README's by default) and waits for its onLoad. */
  async function loadPage(pageCode = quickStartBlocks(readme)[0]): Promise<{ data: PageData; logged: unknown[] }> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { page, logged } = definePage<PageData>(pageCode, require(join(root, 'miniprogram_dist/index.js')));
    await page.onLoad();
    return { data: page.data, logged };
  }

  const openPage = (options: MockWxOptions) => {
    installPlatform(options);
    return loadPage();
  };

  /** What a user may be shown: Chinese, and none of the developer's vocabulary. */
  function expectUserSentence(message: string) {
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(message).not.toMatch(/fail|deny|CloudId|cloudID|getWeRunData|[A-Z]{2,}_[A-Z]/);
  }

  it("shows today's steps from the cloud function", async () => {
    const { data, logged } = await openPage({});
    const steps = (wx!.calls[0].event as { weRun: { data: { stepInfoList: { step: number }[] } } }).weRun.data.stepInfoList;
    expect(data).toEqual({ steps: steps[steps.length - 1].step, error: '' });
    expect(logged).toEqual([]);
  });

  const messages: Record<string, string> = {};

  it('tells a user who declined WeRun access where to allow it', async () => {
    const { data, logged } = await openPage({ failures: { getWeRunData: { errMsg: 'getWeRunData:fail auth deny' } } });
    expectUserSentence(data.error);
    expect(data.error).toContain('设置');
    expect(data.steps).toBeNull();
    expect(logged).toEqual([]);
    messages.declined = data.error;
  });

  it('tells a user of an old WeChat to update it', async () => {
    const { data, logged } = await openPage({ baseLibrary: '2.6.0' });
    expectUserSentence(data.error);
    expect(data.error).toContain('升级微信');
    expect(logged).toEqual([]);
    messages.old = data.error;
  });

  it('tells the user to try again when the cloudID expired on the way, twice', async () => {
    // A network so slow that every cloudID is over five minutes old when WeChat replaces it:
    // callFunction resends once with a new one, which expires as well.
    let now = Date.now();
    const { data, logged } = await openPage({ clock: { now: () => (now += 6 * 60 * 1000) } });
    expect(wx!.calls).toHaveLength(2);
    expectUserSentence(data.error);
    expect(data.error).toContain('重试');
    expect(logged).toEqual([]);
    messages.expired = data.error;
  });

  it("logs a developer's mistake and shows the user a plain sentence", async () => {
    const { data, logged } = await openPage({ cloud: 'not-initialized' });
    expectUserSentence(data.error);
    expect(logged).toEqual([expect.objectContaining({ code: 'CLOUD_UNAVAILABLE' })]);
    messages.developer = data.error;
  });

  it('gives each of those failures its own sentence', () => {
    expect(new Set(Object.values(messages)).size).toBe(4);
  });

  describe('cloud hosting', () => {
    let openApi: MockOpenApiService | undefined;
    afterEach(async () => {
      if (wx) await wx.closeContainers();
      if (openApi) await openApi.close();
      openApi = undefined;
    });

    const call = "callContainer({ service: 'werun', path: '/steps', data: { weRun } })";

    /** The README's page changed as its Cloud hosting section says. */
    function containerPage(): string {
      const section = quickStart(readme);
      expect(section).toContain(`\`${call}\``);
      expect(section).toMatch(/`callFunction` 换成 `callContainer`|`callContainer`\s+in place of `callFunction`/);
      expect(section).toMatch(/`result` 换成 `data`|`data` in place of\s+`result`/);
      expect(section).toMatch(/`CallFunctionResult` 换成 `CallContainerResult`|`CallContainerResult` in place of\s+`CallFunctionResult`/);
      const page = quickStartBlocks(readme)[0]
        .replace("callFunction({ name: 'werun', data: { weRun } })", call)
        .replace(/\bcallFunction\b/g, 'callContainer')
        .replace(/\bCallFunctionResult\b/g, 'CallContainerResult')
        .replace(/\bresult\b/g, 'data');
      expect(page).toContain(call);
      return page;
    }

    /** Runs the README's service on the platform; its open-API service is at `sidecar.url` once set. */
    function serveReadmeService(sidecar: { url: string }): InstalledMockWx {
      const serviceCode = quickStartBlocks(readme)[2];
      expect(serviceCode).toContain("require('miniprogram-cloudid/container')");

      // The service as the README writes it, its open-API service on loopback: inside Cloud
      // Hosting it is the sidecar at http://api.weixin.qq.com, withOpenData's default.
      const installed = expressAsInstalled();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      run(serviceCode, { express: installed.express, 'miniprogram-cloudid/container': containerInCloudHosting(require(join(root, 'dist/container.cjs')), sidecar) });
      return installPlatform({ containers: { werun: installed.app() } });
    }

    it("shows today's steps from the container, with the page changed as the README says", async () => {
      const sidecar = { url: '' };
      const platform = serveReadmeService(sidecar);
      openApi = await createMockOpenApi({ wx: platform });
      sidecar.url = openApi.url;
      const { data, logged } = await loadPage(containerPage());

      const exchanged = JSON.parse((openApi.requests[0].answer as { data_list: { json: string }[] }).data_list[0].json) as { data: { stepInfoList: { step: number }[] } };
      const steps = exchanged.data.stepInfoList;
      expect(data).toEqual({ steps: steps[steps.length - 1].step, error: '' });
      expect(logged).toEqual([]);
      expect(platform.containerCalls).toHaveLength(1);
    });

    it('shows the user a sentence, and logs the HTTP error, when the service fails', async () => {
      // No open-API service where the sidecar should be (nothing listens on port 1): the
      // service's withOpenData answers 502 (and tells its onError).
      const platform = serveReadmeService({ url: 'http://127.0.0.1:1' });
      const serviceLogged: unknown[] = [];
      const serviceLog = jest.spyOn(console, 'error').mockImplementation((value: unknown) => serviceLogged.push(value));
      const { data, logged } = await loadPage(containerPage()).finally(() => serviceLog.mockRestore());
      expect(serviceLogged).toEqual([expect.objectContaining({ code: 'OPEN_API_UNREACHABLE' })]);
      expectUserSentence(data.error);
      expect(data.steps).toBeNull();
      expect(platform.containerCalls.map((containerCall) => containerCall.statusCode)).toEqual([502]);
      expect(logged).toEqual([expect.objectContaining({ code: 'HTTP_ERROR', status: 502, body: { error: expect.objectContaining({ code: 'OPEN_API_UNREACHABLE' }) } })]);
    });
  });
});
