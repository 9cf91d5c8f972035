/** `npm run example` (scripts/example.mjs) as a newcomer runs it: a smoke test of the built package and the example. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

describe('npm run example', () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/example.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const lines = run.stdout.split('\n');
  const value = (label: string) => {
    const line = lines.find((candidate) => candidate.startsWith(`   ${label} `));
    return line === undefined ? undefined : line.slice(3 + label.length).trim();
  };

  it('exits 0 and says so, with nothing on stderr', () => {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('✔ The example works');
  });

  it('tells each step of the WeRun flow: init, base library, cloudID and expiry, payload, event, rendered steps', () => {
    expect(value('wx.cloud.init')).toBe('{ "env": "your-env-id", "traceUser": true }');
    expect(value('base library')).toBe('3.7.8 (wx.getAppBaseInfo().SDKVersion)');
    expect(value('cloudID')).toMatch(/^27_[\w-]{43}$/);
    expect(value('expires at')).toBe('2026-01-01T00:05:00.000Z (five minutes later)');
    expect(run.stdout).toContain(`{ "weRun": { "CloudID": "${value('cloudID')}" } }`);
    expect(run.stdout).toMatch(/event the werun function received:\n {5}\{\n {7}"weRun": \{\n {9}"cloudID": "27_[\w-]{43}",\n {9}"data": \{\n {11}"stepInfoList": \[/);
    expect(value('OPEN_DATA_INFO')).toBe('{"keys":["weRun"]}');
    expect(run.stdout).toMatch(/page shows +"cloudID valid until \d\d:\d\d:\d\d"\n/);
    expect(run.stdout).toMatch(/page shows +"Today: \d+ steps"/);
  });

  it('shows the cloudID renewed after six minutes, and the phone flow', () => {
    expect(value('new cloudID')).toMatch(/^27_[\w-]{43}$/);
    expect(value('new cloudID')).not.toBe(value('cloudID'));
    expect(run.stdout).toMatch(/page shows +"\+86 13800138000"/);
  });

  it('shows the phone code flow: the code sent as a string, exchanged once, refused on the phone the second time', () => {
    const code = value('button event code')!.split(' ')[0];
    expect(code).toMatch(/^[0-9a-f]{64}$/);
    expect(run.stdout).toContain(`{ "phone": "${code}" }`);
    expect(value('its config.json grants')).toBe('{ "openapi": [ "phonenumber.getPhoneNumber" ] }');
    expect(value('phone exchanged it')).toMatch(/^cloud\.openapi\.phonenumber\.getPhoneNumber, redeemed at \d{4}-/);
    expect(value('refused on the phone')).toMatch(/^PHONE_CODE_USED: /);
    expect(value('cloud function calls')).toBe('3 (none for the replay)');
    expect(run.stdout).toMatch(/page shows +"This phone code was already used: please tap the button again\."/);
  });

  it('tells the Cloud Hosting flow: the ticket sent as its id, the exchange, the retry when it expires on the way', () => {
    expect(value('request')).toBe('POST /api/steps to service cloudid-example');
    expect(value('open-API request')).toBe('POST /wxa/getopendata?openid=oMockUser0000000000000000001');
    expect(run.stdout).toMatch(/body as sent \(the ticket as its cloudID string\):\n {5}\{ "weRun": "27_[\w-]{43}" \}/);
    expect(run.stdout).toMatch(/"json": "\{\\"cloudID\\":/);
    expect(run.stdout).toMatch(/"reason": "expired",\n\s+"errMsg": "cloudID expired\."/);
    expect(value('callContainer refreshed')).toMatch(/^new cloudID 27_[\w-]{43}$/);
    expect(value('retry answered')).toBe('HTTP 200');
    expect(run.stdout.match(/page shows +"Today: \d+ steps"/g)!.length).toBeGreaterThanOrEqual(4);
  });

  it("tells resource sharing: the shared environment's werun sees the page's user in FROM_*, no OPENID", () => {
    expect(value('instance')).toBe('new wx.cloud.Cloud({ "resourceAppid": "wx-resource-appid", "resourceEnv": "resource-env-id" }), then init()');
    expect(value('werun ran in')).toBe('resource-env-id, the environment of wx-resource-appid');
    expect(run.stdout).toMatch(/its context \(the caller in FROM_\*, no OPENID\):\n {5}\{\n {7}"APPID": "wx-resource-appid",\n {7}"FROM_OPENID": "oMockUser0000000000000000001",\n {7}"FROM_APPID": "wx0123456789abcdef",/);
    expect(value('watermark appid')).toBe('wx0123456789abcdef (this mini program, which got the cloudID)');
  });

  it("shows cloudid-check's findings in the misnested copies (a page, a uni-app .vue page, a function's config.json) and none in the example", () => {
    expect(run.stdout).toMatch(/example\/misnested\/pages\/phone\/index\.js\n +\d+:\d+ +CloudID at user\.phone is nested.*cloudid\/top-level/);
    expect(run.stdout).toMatch(/example\/misnested\/uni-app\/pages\/werun\/index\.vue\n +28:75 +CloudID at today\.weRun is nested.*cloudid\/top-level/);
    expect(run.stdout).toMatch(/example\/misnested\/cloudfunctions\/phone\/config\.json\n +3:17 +"phonenumber\.getPhoneNumberk" in permissions\.openapi is not "phonenumber\.getPhoneNumber".*cloudid\/phone-number-permission/);
    expect(run.stdout).toMatch(/cloudid-check: \d+ files, no problems: the example itself passes/);
  });
});
