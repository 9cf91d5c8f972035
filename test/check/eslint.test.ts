import * as fs from 'fs';
import * as path from 'path';
import { RuleTester } from 'eslint';
import { parser as typescriptParser } from 'typescript-eslint';
import plugin from '../../src/check/eslint';
import { RULE_META, type SourceRuleName } from '../../src/check';
import { MAX_CLOUD_IDS_PER_CALL } from '../../src/core/rules';

const ROOT = path.join(__dirname, '../..');
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };

describe('the plugin object', () => {
  test('meta names the package and its version', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'cloudid' });
  });

  test.each(Object.entries(plugin.rules))('rule %s has the meta ESLint shows', (name, rule) => {
    expect(rule.meta).toMatchObject({ type: 'problem', schema: [] });
    expect(Object.keys(rule.meta!.messages!)).toEqual([expect.any(String), 'unchecked']);
    expect(rule.meta!.docs!.description).toMatch(/CloudID/);
    expect(rule.meta!.docs!.url).toBe(RULE_META[name as SourceRuleName].url);
  });

  // The pages ship in the package; a public npm CDN serves each file of each published version.
  test.each(Object.entries(RULE_META))("rule %s's docs url is its page in this version of the published package, a file of the repository", (name, meta) => {
    const prefix = `https://unpkg.com/${packageJson.name}@${packageJson.version}/`;
    expect(meta.url.startsWith(prefix)).toBe(true);
    const file = meta.url.slice(prefix.length);
    expect(file).toBe(`docs/rules/${name}.md`);
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    expect(packageJson.files.some((shipped) => file === shipped || file.startsWith(`${shipped.replace(/\/$/, '')}/`))).toBe(true); // and it ships
  });

  test('configs.recommended registers the plugin under cloudid and turns every rule on as an error', () => {
    const { recommended } = plugin.configs;
    expect(recommended.plugins).toEqual({ cloudid: plugin });
    expect(recommended.rules).toEqual({ 'cloudid/top-level': 'error', 'cloudid/max-five': 'error', 'cloudid/no-cloudid-in-container': 'error' });
    expect(Object.keys(plugin.rules).sort()).toEqual(['max-five', 'no-cloudid-in-container', 'top-level']);
  });

  test('every rule but phone-number-permission, which judges a cloud function folder (code and config.json) and only the command runs', () => {
    expect(Object.keys(RULE_META).filter((name) => !(name in plugin.rules))).toEqual(['phone-number-permission']);
  });

  test.each(Object.keys(RULE_META))('rule %s has a Chinese twin of its page', (name) => {
    expect(fs.existsSync(path.join(ROOT, 'docs/zh-CN/rules', `${name}.md`))).toBe(true);
  });
});

const CLOUD_ID_NESTED = { value: 'CloudID', reason: 'only top-level fields of data are replaced, so the cloud function receives the bare id string.' };

const ruleTester = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } });
const tsRuleTester = new RuleTester({ languageOptions: { parser: typescriptParser } });

ruleTester.run('top-level', plugin.rules['top-level'], {
  valid: [
    `wx.cloud.callFunction({ name: 'sync', data: { weRunData: wx.cloud.CloudID(res.cloudID), day: '2024-05-01' } })`,
    `wx.cloud.callFunction({ name: 'list', data: { page: { size: 20 }, filter: { tags: ['a'] } } })`,
    `wx.cloud.callFunction({ name: 'f', data: { meta: { id: wx.cloud.CloudID(x) }, ...extra } })`,
    `function f(data) { return wx.cloud.callFunction({ name: 'f', data }) }`,
  ],
  invalid: [
    {
      code: `wx.cloud.callFunction({ name: 'join', data: { obj: { shareInfo: wx.cloud.CloudID(res.cloudID) } } })`,
      errors: [{ messageId: 'nested', data: { path: 'obj.shareInfo', ...CLOUD_ID_NESTED }, line: 1, column: 65, endColumn: 94 }],
    },
    {
      code: `import { callFunction, getWeRunData } from 'miniprogram-cloudid'
const weRunData = await getWeRunData()
await callFunction({ name: 'sync', data: { days: [weRunData] } })`,
      errors: [
        {
          message: 'CloudID at days[0] is nested: only top-level fields of data are replaced, so the cloud function receives the bare id string. Move it to the top level of data.',
          line: 3,
        },
      ],
    },
  ],
});

tsRuleTester.run('top-level (TypeScript)', plugin.rules['top-level'], {
  valid: [`const id: string = res.cloudID; wx.cloud.callFunction({ name: 'f', data: { id: wx.cloud.CloudID(id) as unknown } })`],
  invalid: [
    {
      code: `const data = { profile: { user: wx.cloud.CloudID(res.cloudID as string)! } } satisfies Record<string, unknown>\nwx.cloud?.callFunction({ name: 'f', data })`,
      errors: [{ messageId: 'nested', data: { path: 'profile.user', ...CLOUD_ID_NESTED }, line: 1 }],
    },
  ],
});

const fields = (count: number) => Array.from({ length: count }, (_, index) => `id${index}: wx.cloud.CloudID(ids[${index}])`).join(', ');
const names = Array.from({ length: MAX_CLOUD_IDS_PER_CALL + 1 }, (_, index) => `id${index}`);

ruleTester.run('max-five', plugin.rules['max-five'], {
  valid: [
    `wx.cloud.callFunction({ name: 'f', data: { ${fields(MAX_CLOUD_IDS_PER_CALL)} } })`,
    `wx.cloud.callFunction({ name: 'f', data: { ${fields(MAX_CLOUD_IDS_PER_CALL)}, extra: { id: wx.cloud.CloudID(x) } } })`,
  ],
  invalid: [
    {
      code: `wx.cloud.callFunction({ name: 'f', data: { ${fields(MAX_CLOUD_IDS_PER_CALL + 1)} } })`,
      errors: [
        {
          messageId: 'tooMany',
          data: { count: String(names.length), paths: names.join(', '), path: names[MAX_CLOUD_IDS_PER_CALL] },
          line: 1,
        },
      ],
    },
  ],
});

ruleTester.run('no-cloudid-in-container', plugin.rules['no-cloudid-in-container'], {
  valid: [
    `wx.cloud.callContainer({ path: '/steps', data: { weRunData: res.cloudID } })`,
    `import { callContainer, getWeRunData } from 'miniprogram-cloudid'
callContainer({ path: '/steps', data: { weRunData: await getWeRunData() } })`,
    `wx.cloud.callFunction({ name: 'f', data: { weRunData: wx.cloud.CloudID(res.cloudID) } })`,
  ],
  invalid: [
    {
      code: `wx.cloud.callContainer({ path: '/steps', data: { weRunData: wx.cloud.CloudID(res.cloudID) } })`,
      errors: [
        {
          message:
            "wx.cloud.CloudID at weRunData in callContainer data is never replaced: Cloud Hosting passes data through as it is. Send the ticket with this package's callContainer (it sends the id string), or send the id string itself, and exchange it in the container.",
          line: 1,
          column: 61,
        },
      ],
    },
    {
      code: `import Taro from '@tarojs/taro'
import { callContainer } from 'miniprogram-cloudid'
callContainer({ path: '/steps', data: { list: [new Taro.cloud.CloudID(id)] } })`,
      errors: [{ messageId: 'cloudIdInContainer', data: { path: 'list[0]' }, line: 3 }],
    },
  ],
});
