/**
 * Hostile trees, arguments and sources: the command reports them and checks the rest,
 * and the ESLint rules never abort a lint run. Each case ended in a crash, a hang or a
 * wrong answer once.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Linter } from 'eslint';
import * as analyze from '../../src/check/analyze';
import plugin from '../../src/check/eslint';
import { CLI, project, runChecker as run } from './command';

const NESTED = `wx.cloud.callFunction({ name: 'f', data: { obj: { shareInfo: wx.cloud.CloudID(id) } } })\n`;
const FOUND = 'CloudID at obj.shareInfo is nested';

describe('symbolic links that loop', () => {
  test('inside a walked directory: skipped, every other file checked', () => {
    const root = project({ 'app/a.js': NESTED, 'app/z.js': NESTED });
    fs.symlinkSync('self', path.join(root, 'app/self'));
    fs.symlinkSync('b.js', path.join(root, 'app/a-loop.js'));
    fs.symlinkSync('a-loop.js', path.join(root, 'app/b.js'));
    const { status, stdout, stderr } = run([], root);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(stdout).toContain(`${path.join('app', 'a.js')}\n`);
    expect(stdout).toContain(`${path.join('app', 'z.js')}\n`);
    expect(stdout).toContain('✖ 2 problems');
  });

  test('named on the command line: reported, the others still checked, exit 2', () => {
    const root = project({ 'a.js': NESTED });
    fs.symlinkSync('self.js', path.join(root, 'self.js'));
    const { status, stdout, stderr } = run(['self.js', 'a.js'], root);
    expect(status).toBe(2);
    expect(stderr).toBe('cloudid-check: cannot read self.js: a symbolic link that loops\n');
    expect(stdout).toContain(FOUND);
  });
});

describe('--format names that objects inherit', () => {
  test.each(['toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty'])('%s is an unknown format, exit 2', (name) => {
    expect(run(['--format', name], os.tmpdir())).toMatchObject({
      status: 2,
      stdout: '',
      stderr: `cloudid-check: unknown format "${name}": use stylish or json.\nRun cloudid-check --help for usage.\n`,
    });
  });
});

describe('.gitignore lines git accepts', () => {
  test('a reversed range, POSIX classes, a class opening with ] and trailing tabs: matched as git does, nothing crashes', () => {
    const root = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '[z-a]\n[[:digit:]]*.js\n[]x].js\nkeep.js\t\n',
      'z/a.js': NESTED,
      'a/a.js': NESTED,
      '1.js': NESTED,
      'x.js': NESTED,
      'keep.js': NESTED,
    });
    const { status, stdout, stderr } = run(['--format', 'json'], root);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const checked = (JSON.parse(stdout) as { filePath: string }[]).map((entry) => path.relative(root, entry.filePath).split(path.sep).join('/'));
    // `[z-a]` ignores z/ (as git does); `keep.js<tab>` names another file than keep.js.
    expect(checked).toEqual(['a/a.js', 'keep.js']);
  });
});

const fifo = process.platform === 'win32' ? test.skip : test;

describe('files that are not regular files', () => {
  fifo('a FIFO named on the command line, or named .gitignore, or inside a directory: never read, no hang', () => {
    const root = project({ 'app/a.js': NESTED });
    for (const name of ['pipe.js', 'app/.gitignore', 'app/inner.js']) expect(spawnSync('mkfifo', [path.join(root, name)]).status).toBe(0);
    const { status, stdout, stderr, signal } = run(['pipe.js', 'app'], root);
    expect(signal).toBeUndefined();
    expect(status).toBe(2);
    expect(stderr).toBe('cloudid-check: cannot read pipe.js: not a regular file\n');
    expect(stdout).toContain(FOUND);
  });
});

describe('files named explicitly that the checker does not read', () => {
  test('notes.md, index.wxml, types.d.ts, page.json: skipped as inside directories, so `cloudid-check $(git diff --name-only)` works', () => {
    const root = project({ 'notes.md': '# Notes\n\nwx.cloud.callFunction is { not code\n', 'index.wxml': '<view bindtap="callFunction">CloudID</view>\n', 'types.d.ts': NESTED, 'page.json': '{}', 'a.js': NESTED });
    expect(run(['notes.md', 'index.wxml', 'types.d.ts', 'page.json'], root)).toMatchObject({ status: 0, stdout: 'cloudid-check: 0 files, no problems\n', stderr: '' });
    const withSource = run(['notes.md', 'index.wxml', 'a.js'], root);
    expect(withSource.status).toBe(1);
    expect(withSource.stdout).toContain(FOUND);
  });
});

/** `const o1 = { ...o0 }` ... `const oN = { ...oN-1 }`, then a call sending the last one and a nested early one. */
function spreadChain(length: number): string {
  const lines = ['const o0 = { shareInfo: wx.cloud.CloudID(id) }'];
  for (let index = 1; index <= length; index++) lines.push(`const o${index} = { ...o${index - 1} }`);
  lines.push(`wx.cloud.callFunction({ name: 'f', data: { x: o${length}, y: { z: o1 } } })`, '');
  return lines.join('\n');
}

describe('code built to exhaust the analysis', () => {
  const code = spreadChain(3_100);

  test('3,100 chained spreads: the command answers (the nested ticket close to the call is found), no internal error', () => {
    const root = project({ 'chain.js': code, 'b.js': NESTED });
    const { status, stdout, stderr } = run(['--format', 'json'], root);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const paths = (JSON.parse(stdout) as { filePath: string; diagnostics: { path: string }[] }[]).map((entry) => [path.basename(entry.filePath), entry.diagnostics.map((d) => d.path)]);
    expect(paths).toEqual([
      ['b.js', ['obj.shareInfo']],
      ['chain.js', ['y.z.shareInfo']],
    ]);
  });

  test('3,100 chained spreads in ESLint: the same finding, Linter.verify does not throw', () => {
    const messages = new Linter().verify(code, [plugin.configs.recommended], 'chain.js');
    expect(messages.map((message) => [message.ruleId, message.message.slice(0, 30)])).toEqual([['cloudid/top-level', 'CloudID at y.z.shareInfo is ne']]);
  });

  test('an analysis that throws on one file: ESLint reports that file as unchecked, once, and lints the others', () => {
    const real = analyze.analyzeProgram;
    const spy = jest.spyOn(analyze, 'analyzeProgram').mockImplementation((program) => {
      if ((program as { body: { type: string }[] }).body.length === 2) throw new RangeError('Maximum call stack size exceeded');
      return real(program);
    });
    try {
      const linter = new Linter();
      const config = [plugin.configs.recommended];
      const failing = linter.verify(`${NESTED}${NESTED}`, config, 'two.js');
      expect(failing.map((message) => [message.ruleId, message.severity, message.message])).toEqual([
        ['cloudid/top-level', 2, 'This file could not be analysed (Maximum call stack size exceeded): its cloud function calls are unchecked.'],
      ]);
      expect(linter.verify(NESTED, config, 'one.js').map((message) => message.ruleId)).toEqual(['cloudid/top-level']);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the bundled .gitignore matcher', () => {
  test('is inside dist with its MIT licence: nothing is required from node_modules at run time', () => {
    const cli = fs.readFileSync(CLI, 'utf8');
    expect(cli).not.toMatch(/require\(['"]ignore['"]\)/);
    expect(cli).toMatch(/\/\*! ignore \d+\.\d+\.\d+, bundled\. MIT licence:\nCopyright \(c\) 2013 Kael Zhang/);
  });
});
