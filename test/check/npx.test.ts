/**
 * The documented ways to run the checker (docs/checker.md, "The command"), as written, on the
 * packed package installed as the docs say: in `miniprogram/`, as a dependency (DevTools'
 * "Build npm" builds only dependencies). Each runs from the project root and from
 * `miniprogram/`, and none reaches the registry: npm runs offline here (`npm_config_offline`),
 * so a command that needed it would fail.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const ENV = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

const PAGE = `wx.cloud.callFunction({ name: 'join', data: { group: { shareInfo: wx.cloud.CloudID(id) } } })\n`;
const PHONE = `const cloud = require('wx-server-sdk')\nconst { exchangePhoneCode } = require('miniprogram-cloudid/server')\nexports.main = (event) => exchangePhoneCode(cloud, event.code)\n`;

let project: string;
let miniprogram: string;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: ENV });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli.cjs'))) throw new Error('dist/cli.cjs is missing: run `npm run build` first.');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudid-npx-'));
  const tarball = execFileSync(NPM, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  project = path.join(work, 'project');
  miniprogram = path.join(project, 'miniprogram');
  const files: Record<string, string> = {
    'project.config.json': JSON.stringify({ miniprogramRoot: 'miniprogram/', cloudfunctionRoot: 'cloudfunctions/' }),
    'miniprogram/package.json': JSON.stringify({ name: 'mp', version: '1.0.0', private: true, scripts: { 'check:cloudid': 'cloudid-check . ../cloudfunctions' } }),
    'miniprogram/pages/share/share.js': PAGE,
    'cloudfunctions/phone/index.js': PHONE,
    'cloudfunctions/phone/config.json': JSON.stringify({ permissions: { openapi: ['phonenumber.getPhoneNumberk'] } }),
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    fs.writeFileSync(path.join(project, name), text);
  }
  // `npm install miniprogram-cloudid`, from the tarball: the package has no runtime dependencies to fetch.
  execFileSync(NPM, ['install', '--ignore-scripts', path.join(work, tarball)], { cwd: miniprogram, stdio: 'ignore', env: ENV });
}, 120_000);

test('npm install puts the package in dependencies, where DevTools builds it from', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(miniprogram, 'package.json'), 'utf8'));
  expect(Object.keys(manifest.dependencies)).toEqual(['miniprogram-cloudid']);
  expect(manifest.devDependencies).toBeUndefined();
});

/** Both findings, with paths relative to `from`. */
function expectBothFindings(result: { status: number | null; stdout: string; stderr: string }, from: string) {
  expect(result.stderr).toBe('');
  expect(result.status).toBe(1);
  const at = (file: string) => path.relative(from, path.join(project, file));
  expect(result.stdout).toContain(`${at('miniprogram/pages/share/share.js')}\n  1:`);
  expect(result.stdout).toContain('CloudID at group.shareInfo is nested');
  expect(result.stdout).toContain(`${at('cloudfunctions/phone/config.json')}\n  1:`);
  expect(result.stdout).toContain('"phonenumber.getPhoneNumberk" in permissions.openapi is not "phonenumber.getPhoneNumber"');
  expect(result.stdout).toContain('✖ 2 problems');
}

test('from miniprogram/: `npx --no-install cloudid-check . ../cloudfunctions`', () => {
  expectBothFindings(run(NPX, ['--no-install', 'cloudid-check', '.', '../cloudfunctions'], miniprogram), miniprogram);
}, 60_000);

test('from the project root: `npx --no-install --prefix miniprogram cloudid-check miniprogram cloudfunctions`', () => {
  expectBothFindings(run(NPX, ['--no-install', '--prefix', 'miniprogram', 'cloudid-check', 'miniprogram', 'cloudfunctions'], project), project);
}, 60_000);

test('the script in miniprogram/package.json: `npm run check:cloudid` there, `npm run check:cloudid --prefix miniprogram` from the root', () => {
  expectBothFindings(run(NPM, ['run', '--silent', 'check:cloudid'], miniprogram), miniprogram);
  expectBothFindings(run(NPM, ['run', '--silent', 'check:cloudid', '--prefix', 'miniprogram'], project), miniprogram);
}, 60_000);

test('a clean run prints one line with the number of files', () => {
  fs.writeFileSync(path.join(project, 'clean.js'), `wx.cloud.callFunction({ name: 'join', data: { shareInfo: wx.cloud.CloudID(id) } })\n`);
  expect(run(NPX, ['--no-install', '--prefix', 'miniprogram', 'cloudid-check', 'clean.js'], project)).toEqual({ status: 0, stdout: 'cloudid-check: 1 file, no problems\n', stderr: '' });
}, 60_000);

test('where the package is not installed, `npx --no-install cloudid-check` and the script run nothing', () => {
  const result = run(NPX, ['--no-install', 'cloudid-check', 'miniprogram'], project);
  expect(result.status).not.toBe(0);
  expect(result.stdout).not.toContain('CloudID at');
  const elsewhere = path.join(project, 'tools');
  fs.mkdirSync(elsewhere);
  fs.writeFileSync(path.join(elsewhere, 'package.json'), JSON.stringify({ name: 'tools', private: true, scripts: { 'check:cloudid': 'cloudid-check ../miniprogram' } }));
  const script = run(NPM, ['run', '--silent', 'check:cloudid'], elsewhere);
  expect(script.status).not.toBe(0);
  expect(script.stderr).toMatch(/cloudid-check: (command )?not found/);
}, 60_000);
