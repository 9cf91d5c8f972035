/**
 * The phone-number guide (docs/phone-numbers.md and its Chinese twin), run as written: its
 * page (`// pages/phone/index.js`) against the built miniprogram_dist, its cloud function
 * (`// cloudfunctions/phone/index.js`) and its `exchangePhoneCode` function against the
 * built server entry, on the mock platform, with the guide's config.json as deployed.
 * (docs.test.ts type-checks every block.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMockCloud, createMockWx, installMockWx, type InstalledMockWx } from '../../src/testing';

const root = join(__dirname, '../..');

/** The blocks of `language` in `page`, in order. */
function blocks(page: string, language: string): string[] {
  const text = readFileSync(join(root, page), 'utf8');
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
}

/** The js block of `page` whose first line is `// <file>`, or the first without a file line. */
function jsBlock(page: string, file?: string): string {
  const block = blocks(page, 'js').find((code) => (file ? code.startsWith(`// ${file}\n`) : !code.startsWith('// ')));
  if (!block) throw new Error(`${page} has no js block ${file ? `starting with // ${file}` : 'without a file line'}`);
  return block;
}

/** Runs CommonJS `code` with `modules` as what `require` finds; returns its `module.exports`. */
function run(code: string, modules: Record<string, unknown>, globals: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const load = (name: string) => {
    if (!(name in modules)) throw new Error(`the guide's code requires ${name}, which the test does not provide`);
    return modules[name];
  };
  new Function('require', 'module', 'exports', ...Object.keys(globals), code)(load, module, module.exports, ...Object.values(globals));
  return module.exports;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const server = require(join(root, 'dist/server.cjs'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const client = require(join(root, 'miniprogram_dist/index.js'));

type CloudFunctionMain = (event: unknown, context: unknown) => unknown;

describe.each(['docs/phone-numbers.md', 'docs/zh-CN/phone-numbers.md'])('%s', (guide) => {
  let wx: InstalledMockWx | undefined;
  let consoleError: jest.SpyInstance;
  beforeEach(() => (consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)));
  afterEach(() => {
    consoleError.mockRestore();
    if (wx) wx.restore();
  });
  /** The one thing the page logged. */
  const logged = (): unknown => {
    expect(consoleError).toHaveBeenCalledTimes(1);
    return consoleError.mock.calls[0][0];
  };
  /** What the guide's page shows when only a new tap can help. */
  const tapAgainMessage = /tapAgain \? '([^']+)'/.exec(jsBlock(guide, 'pages/phone/index.js'))![1];

  const functionOf = (file?: string) => run(jsBlock(guide, file), { 'wx-server-sdk': createMockCloud(), 'miniprogram-cloudid/server': server }).main as CloudFunctionMain;
  const config = JSON.parse(blocks(guide, 'json')[0]) as { permissions: { openapi: string[] } };

  /** The guide's page, loaded as DevTools would, and set up to show what it gets. */
  function loadPage() {
    let definition: { data: Record<string, unknown>; onGetPhoneNumber(event: unknown): Promise<void> } | undefined;
    run(jsBlock(guide, 'pages/phone/index.js'), { 'miniprogram-cloudid': client }, { Page: (given: typeof definition) => (definition = given) });
    return Object.assign(Object.create(definition!), {
      data: { ...definition!.data },
      setData(this: { data: Record<string, unknown> }, changes: Record<string, unknown>) {
        Object.assign(this.data, changes);
      },
    }) as NonNullable<typeof definition>;
  }

  it('shows the number after one tap: the page sends the code, the function exchanges it once', async () => {
    wx = installMockWx({
      clock: Date.now(),
      functions: { phone: functionOf('cloudfunctions/phone/index.js') },
      functionConfigs: { phone: config },
      openData: { getPhoneNumber: { purePhoneNumber: '13900000000' } },
    });
    const page = loadPage();
    const tap = wx.tapGetPhoneNumber();
    await page.onGetPhoneNumber(tap);
    expect(page.data.phoneNumber).toBe('13900000000');
    // The page sent the code string at the top level, once.
    expect(wx.calls.map((call) => call.data)).toEqual([{ phone: tap.detail.code }]);

    // The same event again: the code is spent, the client refuses it before any request,
    // the page logs the error and asks for a new tap.
    await page.onGetPhoneNumber(tap);
    expect(logged()).toMatchObject({ code: 'PHONE_CODE_USED' });
    expect(page.data.error).toBe(tapAgainMessage);
    expect(wx.calls).toHaveLength(1);
  });

  it('answers no-permission with the config.json entry when the function is deployed without it', async () => {
    wx = installMockWx({ clock: Date.now(), functions: { phone: functionOf('cloudfunctions/phone/index.js') } });
    const page = loadPage();
    await page.onGetPhoneNumber(wx.tapGetPhoneNumber());
    // The developer finds the fix in the log; the page shows its message.
    const error = logged() as { code: string; failures: { reason: string; errMsg: string }[] };
    expect(error).toMatchObject({ code: 'OPEN_DATA_REJECTED', failures: [{ reason: 'no-permission' }] });
    expect(error.failures[0].errMsg).toContain('phonenumber.getPhoneNumber');
    expect(page.data.error).not.toBe('');
  });

  it('exchanges a code with exchangePhoneCode and reports a used one by its reason', async () => {
    const mock = createMockWx({ clock: Date.now(), functions: { exchange: functionOf() }, functionConfigs: { exchange: config }, openData: { getPhoneNumber: { purePhoneNumber: '13900000001' } } });
    const code = mock.tapGetPhoneNumber().detail.code;
    const first = await mock.cloud!.callFunction({ name: 'exchange', data: { code } })!;
    expect(first.result).toEqual({ phoneNumber: '13900000001' });
    const again = await mock.cloud!.callFunction({ name: 'exchange', data: { code } })!;
    expect(again.result).toMatchObject({ error: 'code-invalid' });
  });
});
