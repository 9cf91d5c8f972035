/**
 * The usual cloud-development layout: the package installed in `miniprogram/`, commands run
 * from the project root, where `npx cloudid-check` finds no local bin (and npm then asks the
 * registry for a package named cloudid-check: E404). The invocation the docs give instead,
 * tried on the packed package installed as a user installs it.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

describe('cloudid-check from the root of a cloud-development project', () => {
  let project: string;

  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/cli.cjs'))) throw new Error('dist/cli.cjs is missing: run `npm run build` first.');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudid-npx-'));
    const tarball = execFileSync(NPM, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    project = path.join(work, 'project');
    fs.mkdirSync(path.join(project, 'miniprogram/pages/share'), { recursive: true });
    fs.mkdirSync(path.join(project, 'cloudfunctions/join'), { recursive: true });
    fs.writeFileSync(path.join(project, 'project.config.json'), JSON.stringify({ miniprogramRoot: 'miniprogram/', cloudfunctionRoot: 'cloudfunctions/' }));
    fs.writeFileSync(path.join(project, 'miniprogram/package.json'), JSON.stringify({ name: 'mp', version: '1.0.0', private: true }));
    fs.writeFileSync(path.join(project, 'miniprogram/pages/share/share.js'), `wx.cloud.callFunction({ name: 'join', data: { group: { shareInfo: wx.cloud.CloudID(id) } } })\n`);
    fs.writeFileSync(path.join(project, 'cloudfunctions/join/index.js'), `exports.main = async (event) => event\n`);
    // Offline and from the tarball: the package has no runtime dependencies to fetch.
    execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, tarball)], { cwd: path.join(project, 'miniprogram'), stdio: 'ignore' });
  }, 120_000);

  test('`npx --prefix miniprogram cloudid-check miniprogram cloudfunctions` checks both, paths relative to the root', () => {
    const result = spawnSync(NPX, ['--offline', '--prefix', 'miniprogram', 'cloudid-check', 'miniprogram', 'cloudfunctions'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${path.join('miniprogram', 'pages', 'share', 'share.js')}\n  1:`);
    expect(result.stdout).toContain('CloudID at group.shareInfo is nested');
  }, 60_000);

  test('plain `npx cloudid-check` there does not find the command', () => {
    const result = spawnSync(NPX, ['--offline', 'cloudid-check', 'miniprogram'], { cwd: project, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('CloudID at');
  }, 60_000);

  test('a script in miniprogram/package.json, run from the root with `npm run check:cloudid --prefix miniprogram`', () => {
    const manifest = path.join(project, 'miniprogram/package.json');
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    fs.writeFileSync(manifest, JSON.stringify({ ...pkg, scripts: { 'check:cloudid': 'cloudid-check . ../cloudfunctions' } }));
    const result = spawnSync(NPM, ['run', 'check:cloudid', '--silent', '--prefix', 'miniprogram'], { cwd: project, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${path.join('pages', 'share', 'share.js')}\n  1:`);
  }, 60_000);
});
