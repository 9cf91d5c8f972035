/**
 * The guides' complete snippets, run against the package installed from its tarball
 * (docs.test.ts type-checks every block; this runs the ones that are whole programs). A
 * block that runs says so just above it: `<!-- docs-test: run -->`. It runs as what its
 * file name (its first line) makes it:
 *
 * - A test file (`// test/werun.test.js`, `// test/steps.test.ts`) runs in jest, in a
 *   project that has the package installed from the tarball, beside the page's other blocks
 *   (so it can require the cloud function the page shows). `(jest testEnvironment: jsdom)`
 *   after the name picks jsdom. Every test in it must pass.
 * - A page, a cloud function and a Cloud Hosting service run together on the testing kit's
 *   mock platform, each page's as its SCENARIOS entry below says: what the guide promises
 *   of them, in both languages.
 *
 * The README quick starts run in readme.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_BLOCKS, FILE_OF, writeBlocks } from './docs-project';
import { codeBlocks, nameOf, twinOf, type Block } from './markdown';
import { pack, projectWith, remove, ROOT, type Packed, type Project } from './packed';
import { containerInCloudHosting, expressAsInstalled, loadPage, runCommonJs } from './snippets';

type Testing = typeof import('../../src/testing');
type Container = Parameters<typeof containerInCloudHosting>[0];

/** Where this repository's jest and its parts are: the reader's project runs the same jest. */
const resolveModule = createRequire(__filename).resolve;

const isRun = (block: Block) => block.directive === 'run';
const RUN_BLOCKS = CODE_BLOCKS.filter(isRun);
const isTestFile = (block: Block) => /\.test\.[cm]?[jt]s$/.test(nameOf(block) ?? '');

let packed: Packed | undefined;
let project: Project | undefined;
/** The package's entries, as installed from the tarball. */
let installed: { client: unknown; server: unknown; container: Container; testing: Testing };

beforeAll(() => {
  if (!RUN_BLOCKS.length) return;
  packed = pack();
  project = projectWith(packed.tarball);
  writeBlocks(project.dir);
  const load = (file: string) => require(join(project!.packageDir, file)); // eslint-disable-line @typescript-eslint/no-require-imports
  // The page gets what DevTools' "build npm" copies; Node code resolves the exports map.
  installed = { client: load('miniprogram_dist/index.js'), server: load('dist/server.cjs'), container: load('dist/container.cjs'), testing: load('dist/testing.cjs') };
}, 60_000);
afterAll(() => remove(packed?.dir, project?.dir));

/** What a scenario gets: the code of a run block of its page by file name, and the package. */
interface Snippets {
  code(name: string): string;
  /** The page's json block that has `key`, parsed (a config.json the page shows). */
  json(key: string): Record<string, unknown>;
  page: string;
}

/** Cleanups a scenario registers; run after each scenario, last first. */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** What a user may be shown: no developer vocabulary. */
const forTheUser = (message: unknown) => expect(message).not.toMatch(/fail|CloudId|cloudID|[A-Z]{2,}_[A-Z]|Error/);

/** The last day of the step list a mock hands out (`openData.getWeRunData`). */
const STEPS = { stepInfoList: [{ timestamp: 1767196800, step: 4321 }] };

/** A page's runnable blocks and what they must do: cases, each run on the page and its twin. */
interface Scenario {
  uses: string[];
  cases: Record<string, (snippets: Snippets) => Promise<void>>;
}

/** The guide's Express service (`index.js`) deployed behind the mock gateway, its open-API service the kit's; and its page. */
async function deployStepsService({ code }: Snippets, onTheWay: { ms: number } = { ms: 0 }) {
  const { installMockWx, createMockOpenApi } = installed.testing;
  // Time on the way to the service, spent on the platform clock before the route runs.
  const express = expressAsInstalled((_req, _res, next) => {
    wx.clock.advance(onTheWay.ms);
    onTheWay.ms = 0;
    next();
  });
  const sidecar = { url: '' };
  runCommonJs(code('index.js'), { express: express.express, 'miniprogram-cloudid/container': containerInCloudHosting(installed.container, sidecar) });
  const wx = installMockWx({ clock: Date.now(), containers: { 'steps-service': express.app() }, openData: { getWeRunData: STEPS } });
  cleanups.push(() => wx.restore(), () => wx.closeContainers());
  const openApi = await createMockOpenApi({ wx });
  cleanups.push(() => openApi.close());
  sidecar.url = openApi.url;
  /** Loads the guide's page and taps its button; resolves with what it shows and logs. */
  const showSteps = async () => {
    const { page, logged } = loadPage<{ steps: number; error: string }>(code('pages/steps/index.js'), installed.client);
    await page.onShowSteps();
    return { shown: page.data, logged };
  };
  return { wx, openApi, showSteps };
}

/** The phone guide's page and its function (`cloudfunctions/phone/index.js`), deployed with or without the config.json the guide shows. */
function deployPhoneFunction({ code, json }: Snippets, { permission }: { permission: boolean }) {
  const { createMockCloud, installMockWx } = installed.testing;
  const phone = runCommonJs(code('cloudfunctions/phone/index.js'), { 'wx-server-sdk': createMockCloud(), 'miniprogram-cloudid/server': installed.server }).main as never;
  const wx = installMockWx({ clock: Date.now(), functions: { phone }, functionConfigs: permission ? { phone: json('permissions') } : {}, openData: { getPhoneNumber: { purePhoneNumber: '13900000000' } } });
  cleanups.push(() => wx.restore());
  const { page, logged } = loadPage<{ phoneNumber: string; error: string }>(code('pages/phone/index.js'), installed.client);
  /** What the page shows when only a new tap can help. */
  const tapAgain = /tapAgain \? '([^']+)'/.exec(code('pages/phone/index.js'))![1];
  return { wx, page, logged, tapAgain };
}

/** For each English page whose page, function or service blocks run: which blocks, and what they must do. */
const SCENARIOS: Record<string, Scenario> = {
  'docs/cloud-functions.md': {
    uses: ['cloudfunctions/saveSteps/index.js', 'pages/steps/steps.js'],
    cases: {
      async 'saves and shows the checked steps, and saves nothing a client forged'({ code }) {
        const { createMockCloud, installMockWx, DEFAULT_OPENID } = installed.testing;
        // The database does not run here: a collection that records what is added.
        const added: unknown[] = [];
        const database = () => ({ collection: (name: string) => ({ add: async ({ data }: { data: object }) => (added.push({ name, ...data }), { _id: String(added.length) }) }) });
        const cloud = Object.assign(createMockCloud(), { database });
        const saveSteps = runCommonJs(code('cloudfunctions/saveSteps/index.js'), { 'wx-server-sdk': cloud, 'miniprogram-cloudid/server': installed.server }).main as never;
        const wx = installMockWx({ functions: { saveSteps }, openData: { getWeRunData: STEPS } });
        cleanups.push(() => wx.restore());

        const { page, logged } = loadPage<{ steps?: number }>(code('pages/steps/steps.js'), installed.client);
        await page.onSave();
        expect(page.data.steps).toBe(4321);
        expect(added).toEqual([{ name: 'steps', openid: DEFAULT_OPENID, day: 1767196800, steps: 4321, note: 'morning walk' }]);
        expect(logged).toEqual([]);

        // A client that sends made-up steps in the shape of open data gets nothing saved.
        const forged = await wx.cloud.callFunction({ name: 'saveSteps', data: { weRunData: { cloudID: 'made-up', data: { stepInfoList: [{ timestamp: 1767196800, step: 99999 }] } } } });
        expect(forged.result).toMatchObject({ cloudIdFailure: { failures: [{ key: 'weRunData', reason: 'forged' }] } });
        expect(added).toHaveLength(1);
      },
    },
  },

  'docs/cloud-hosting.md': {
    uses: ['index.js', 'pages/steps/index.js'],
    cases: {
      async "shows the service's checked steps, the ticket sent as its cloudID string"(snippets) {
        const { wx, openApi, showSteps } = await deployStepsService(snippets);
        const { shown, logged } = await showSteps();
        expect(shown).toEqual({ steps: 4321, error: '' });
        expect(openApi.requests.map((request) => request.path)).toEqual(['/wxa/getopendata']);
        expect(JSON.parse(wx.containerCalls[0].body as string)).toEqual({ weRunData: wx.issuedCloudIds[0].cloudID });
        expect(logged).toEqual([]);
      },
      async 'gets a new cloudID and retries once when one expires on the way'(snippets) {
        const onTheWay = { ms: 5 * 60 * 1000 };
        const { wx, showSteps } = await deployStepsService(snippets, onTheWay);
        const { shown } = await showSteps();
        expect(shown).toEqual({ steps: 4321, error: '' });
        expect(wx.containerCalls.map((call) => call.statusCode)).toEqual([422, 200]);
        expect(wx.issuedCloudIds).toHaveLength(2);
      },
      async 'shows an error, not steps, when the open-API service does not allow the exchange; the service logs the fix'(snippets) {
        const { openApi, showSteps } = await deployStepsService(snippets);
        openApi.allow([]);
        const serviceLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        cleanups.push(() => serviceLog.mockRestore());
        const { shown } = await showSteps();
        expect(shown.steps).toBe(0);
        expect(shown.error).not.toBe('');
        expect(serviceLog.mock.calls.map(([logged]) => logged)).toContainEqual(expect.objectContaining({ code: 'OPEN_API_NOT_ALLOWED', message: expect.stringContaining('/wxa/getopendata') }));
      },
    },
  },

  'docs/phone-numbers.md': {
    uses: ['pages/phone/index.js', 'cloudfunctions/phone/index.js', 'cloudfunctions/phoneByCode/index.js'],
    cases: {
      async 'shows the number after one tap, and asks for a new tap when the same event comes again'(snippets) {
        const { wx, page, logged, tapAgain } = deployPhoneFunction(snippets, { permission: true });
        const tap = wx.tapGetPhoneNumber();
        await page.onGetPhoneNumber(tap);
        expect(page.data).toEqual({ phoneNumber: '13900000000', error: '' });
        // The page sent the code string at the top level, once; the function spent it.
        expect(wx.calls.map((call) => call.data)).toEqual([{ phone: tap.detail.code }]);
        expect(wx.issuedPhoneCodes.map((issued) => issued.redeemedAt !== undefined)).toEqual([true]);

        // The same event again: the code is spent, refused before any request; logged, and a new tap asked for.
        await page.onGetPhoneNumber(tap);
        expect(logged).toEqual([expect.objectContaining({ code: 'PHONE_CODE_USED' })]);
        expect(page.data.error).toBe(tapAgain);
        expect(wx.calls).toHaveLength(1);
      },
      async 'does nothing when the user declines'(snippets) {
        const { wx, page, logged } = deployPhoneFunction(snippets, { permission: true });
        await page.onGetPhoneNumber(wx.tapGetPhoneNumber({ deny: true }));
        expect(page.data).toEqual({ phoneNumber: '', error: '' });
        expect(logged).toEqual([]);
        expect(wx.calls).toHaveLength(0);
      },
      async 'asks for a new tap when WeChat refuses the code (another user\'s)'(snippets) {
        const { wx, page, logged, tapAgain } = deployPhoneFunction(snippets, { permission: true });
        await page.onGetPhoneNumber({ type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok', code: wx.issuePhoneCode({ openid: 'oSomeoneElse' }) } });
        expect(page.data.error).toBe(tapAgain);
        forTheUser(page.data.error);
        expect(logged).toEqual([expect.objectContaining({ code: 'OPEN_DATA_REJECTED', tapAgain: true })]);
      },
      async 'logs the config.json entry when the function is deployed without it'(snippets) {
        const { wx, page, logged } = deployPhoneFunction(snippets, { permission: false });
        await page.onGetPhoneNumber(wx.tapGetPhoneNumber());
        expect(logged).toEqual([expect.objectContaining({ code: 'OPEN_DATA_REJECTED', failures: [expect.objectContaining({ reason: 'no-permission', errMsg: expect.stringContaining('phonenumber.getPhoneNumber') })] })]);
        expect(page.data.error).not.toBe('');
      },
      async 'exchanges a code without the wrapper, and reports a used one by its reason'({ code, json }) {
        const { createMockCloud, createMockWx } = installed.testing;
        const exchange = runCommonJs(code('cloudfunctions/phoneByCode/index.js'), { 'wx-server-sdk': createMockCloud(), 'miniprogram-cloudid/server': installed.server }).main as never;
        const mock = createMockWx({ clock: Date.now(), functions: { exchange }, functionConfigs: { exchange: json('permissions') }, openData: { getPhoneNumber: { purePhoneNumber: '13900000001' } } });
        const phoneCode = mock.tapGetPhoneNumber().detail.code;
        expect((await mock.cloud.callFunction({ name: 'exchange', data: { code: phoneCode } })).result).toEqual({ phoneNumber: '13900000001' });
        expect((await mock.cloud.callFunction({ name: 'exchange', data: { code: phoneCode } })).result).toMatchObject({ error: 'code-invalid' });
      },
    },
  },
};

describe('blocks marked to run', () => {
  it('are test files, or blocks their page scenario runs', () => {
    const stray = RUN_BLOCKS.filter((block) => !isTestFile(block) && !SCENARIOS[englishPage(block.page)]?.uses.includes(nameOf(block) ?? '')).map((block) => `${block.page}:${block.line}`);
    expect(stray).toEqual([]);
  });

  it('are the same on both language twins', () => {
    const runNames = (page: string) => RUN_BLOCKS.filter((block) => block.page === page).map((block) => nameOf(block)).sort();
    const pages = [...new Set(RUN_BLOCKS.map((block) => block.page))];
    expect(pages.filter((page) => JSON.stringify(runNames(page)) !== JSON.stringify(runNames(twinOf(page))))).toEqual([]);
  });
});

/** The English page of a page or its Chinese twin. */
function englishPage(page: string): string {
  return page.includes('zh-CN') ? twinOf(page) : page;
}

const scenarioPages = Object.keys(SCENARIOS).flatMap((page) => [page, twinOf(page)]);

describe.each(scenarioPages)('%s: its page, function or service, run', (page) => {
  const scenario = SCENARIOS[englishPage(page)];
  const blocks = RUN_BLOCKS.filter((block) => block.page === page);
  const snippets: Snippets = {
    page,
    code(name) {
      const block = blocks.find((candidate) => nameOf(candidate) === name);
      if (!block) throw new Error(`${page} has no block named ${name} marked <!-- docs-test: run -->`);
      return block.code;
    },
    json(key) {
      const found = codeBlocks(page, readFileSync(join(ROOT, page), 'utf8')).filter((block) => block.lang === 'json').map((block) => JSON.parse(block.code) as Record<string, unknown>).find((value) => key in value);
      if (!found) throw new Error(`${page} shows no json block with "${key}"`);
      return found;
    },
  };

  it(`marks ${scenario.uses.join(', ')} to run`, () => {
    for (const name of scenario.uses) snippets.code(name);
  });

  it.each(Object.keys(scenario.cases))('%s', (name) => scenario.cases[name](snippets), 30_000);
});

describe('test files the guides show, run by jest', () => {
  const testFiles = RUN_BLOCKS.filter(isTestFile);
  /** jest's JSON report of the one run of every test file, by absolute path. */
  let results: Map<string, { status: string; message: string; assertionResults: { status: string; fullName: string }[] }>;

  beforeAll(() => {
    const files = testFiles.map((block) => join(project!.dir, FILE_OF.get(block)!));
    const jsdom = testFiles.filter((block) => /\(jest testEnvironment: jsdom\)|（jest testEnvironment: jsdom）/.test(block.code.split('\n')[0])).map((block) => join(project!.dir, FILE_OF.get(block)!));
    const transform = {
      '^.+\\.ts$': [resolveModule('ts-jest'), { tsconfig: { module: 'commonjs', esModuleInterop: true, isolatedModules: true, ignoreDeprecations: '6.0' } }],
      '^.+\\.js$': resolveModule('babel-jest'),
    };
    const projects = [
      { displayName: 'node', testEnvironment: 'node', transform, testMatch: files.filter((file) => !jsdom.includes(file)) },
      { displayName: 'jsdom', testEnvironment: resolveModule('jest-environment-jsdom'), transform, testMatch: jsdom },
    ].filter((config) => config.testMatch.length);
    const report = join(mkdtempSync(join(tmpdir(), 'miniprogram-cloudid-jest-')), 'report.json');
    const run = spawnSync(process.execPath, [resolveModule('jest/bin/jest'), '--ci', '--json', `--outputFile=${report}`, '--watchman=false', '--config', JSON.stringify({ rootDir: project!.dir, projects: projects.map((config) => ({ rootDir: project!.dir, ...config })) })], {
      cwd: project!.dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    let parsed: { testResults: { name: string; status: string; message: string; assertionResults: { status: string; fullName: string }[] }[] };
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      throw new Error(`jest gave no report:\n${run.stdout}\n${run.stderr}`);
    } finally {
      remove(join(report, '..'));
    }
    results = new Map(parsed.testResults.map((result) => [result.name, result]));
  }, 150_000);

  it.each(testFiles.map((block) => [`${block.page}:${block.line} ${nameOf(block)}`, block] as const))('%s passes', (_, block) => {
    const result = results.get(join(project!.dir, FILE_OF.get(block)!));
    expect(result && { status: result.status, message: result.message }).toEqual({ status: 'passed', message: '' });
    expect(result!.assertionResults.length).toBeGreaterThan(0);
    expect(result!.assertionResults.filter((test) => test.status !== 'passed').map((test) => test.fullName)).toEqual([]);
  });
});
