import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkSource, RULE_META, type Diagnostic } from '../../src/check';
import { project, runChecker as run } from './command';
import { CORPUS_DIR, corpusFiles } from './corpus';

const NESTED = `wx.cloud.callFunction({ name: 'f', data: { obj: { shareInfo: wx.cloud.CloudID(id) } } })\n`;

describe('on the annotated corpus', () => {
  test('--format json lists exactly what checkSource finds, file by file, and exits 1', () => {
    const { status, stdout } = run(['--format', 'json', '.'], CORPUS_DIR);
    expect(status).toBe(1);
    const reported = new Map((JSON.parse(stdout) as { filePath: string; diagnostics: Diagnostic[] }[]).map((entry) => [entry.filePath, entry.diagnostics]));
    const expected = new Map(
      corpusFiles()
        .map((file) => [file, checkSource(fs.readFileSync(file, 'utf8'), file)] as const)
        .filter(([, diagnostics]) => diagnostics.length > 0),
    );
    expect(expected.size).toBeGreaterThan(5);
    expect(reported).toEqual(expected);
  });

  test('checks the current directory by default', () => {
    const fromDefault = run(['--format=json'], path.join(CORPUS_DIR, 'taro'));
    const fromDot = run(['--format=json', '.'], path.join(CORPUS_DIR, 'taro'));
    expect(fromDefault.stdout).toBe(fromDot.stdout);
    expect(JSON.parse(fromDefault.stdout)).toHaveLength(2);
  });
});

describe('output', () => {
  test('stylish: each file, its problems in aligned columns with the rule, then the count', () => {
    const b = `wx.cloud.callFunction({ data: { list: [wx.cloud.CloudID(a)], x: { y: wx.cloud.CloudID(b) } } })\n`;
    const root = project({
      'pages/a.js': `// a\n${NESTED}`,
      'pages/b.js': b,
      'pages/clean.js': `wx.cloud.callFunction({ data: { shareInfo: wx.cloud.CloudID(id) } })\n`,
    });
    const { status, stdout } = run([], root);
    expect(status).toBe(1);
    const message = (path: string) => `CloudID at ${path} is nested: only top-level fields of data are replaced, so the cloud function receives the bare id string. Move it to the top level of data.`;
    const column = (code: string, text: string) => code.indexOf(text) + 1;
    expect(stdout).toBe(
      [
        path.join('pages', 'a.js'),
        `  2:${column(NESTED, 'wx.cloud.CloudID')}  ${message('obj.shareInfo')}  cloudid/top-level`,
        '',
        path.join('pages', 'b.js'),
        `  1:${column(b, 'wx.cloud.CloudID(a)')}  ${message('list[0]')}  cloudid/top-level`,
        `  1:${column(b, 'wx.cloud.CloudID(b)')}  ${message('x.y')}      cloudid/top-level`,
        '',
        '✖ 3 problems',
        '',
      ].join('\n'),
    );
  });

  test('one line when clean, with the number of files checked, exit 0; JSON stays an empty list', () => {
    const root = project({ 'app.js': `wx.cloud.init()\n`, 'pages/p.ts': `wx.cloud.callFunction({ name: 'f', data: { id: wx.cloud.CloudID(id as string) } })\n`, 'notes.md': NESTED });
    expect(run([], root)).toEqual({ status: 0, stdout: 'cloudid-check: 2 files, no problems\n', stderr: '' });
    expect(run(['app.js'], root)).toEqual({ status: 0, stdout: 'cloudid-check: 1 file, no problems\n', stderr: '' });
    expect(run(['notes.md'], root)).toEqual({ status: 0, stdout: 'cloudid-check: 0 files, no problems\n', stderr: '' });
    expect(run(['--format', 'json'], root)).toEqual({ status: 0, stdout: '[]\n', stderr: '' });
  });

  test('paths print relative to the working directory, above it too', () => {
    const root = project({ 'miniprogram/app.js': `wx.cloud.init()\n`, 'shared/share.js': NESTED });
    const { status, stdout } = run(['.', '../shared'], path.join(root, 'miniprogram'));
    expect(status).toBe(1);
    expect(stdout.split('\n')[0]).toBe(path.join('..', 'shared', 'share.js'));
  });
});

describe('which files', () => {
  test('walks every JavaScript and TypeScript extension and single-file components, skips installed and built code', () => {
    const files: Record<string, string> = {};
    for (const extension of ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx']) files[`src/page.${extension}`] = NESTED;
    for (const extension of ['vue', 'mpx']) files[`src/page.${extension}`] = `<template><view /></template>\n<script>\n${NESTED}</script>\n`;
    for (const skipped of ['node_modules/x/index.js', 'miniprogram_npm/x/index.js', 'miniprogram_dist/index.js', 'dist/index.js', 'src/types.d.ts', 'src/page.wxml', 'src/page.json']) files[skipped] = NESTED;
    const { stdout } = run(['--format', 'json'], project(files));
    const checked = (JSON.parse(stdout) as { filePath: string }[]).map((entry) => path.basename(entry.filePath)).sort();
    expect(checked).toEqual(['page.cjs', 'page.cts', 'page.js', 'page.jsx', 'page.mjs', 'page.mpx', 'page.mts', 'page.ts', 'page.tsx', 'page.vue']);
  });

  test('a component is reported at its own line and column, a parse error in its script too', () => {
    const page = `<template>\n  <button @tap="join">Join</button>\n</template>\n\n<script setup lang="ts">\nconst id: string = getId()\n${NESTED}</script>\n`;
    const broken = `<template><view /></template>\n<script>\nwx.cloud.callFunction({ data: { x: wx.cloud.CloudID(id) }\n  oops })\n</script>\n`;
    const root = project({ 'pages/join.vue': page, 'pages/broken.mpx': broken });
    const { stdout } = run([], root);
    expect(stdout).toContain(`${path.join('pages', 'join.vue')}\n  7:${NESTED.indexOf('wx.cloud.CloudID') + 1}  CloudID at obj.shareInfo is nested`);
    expect(stdout).toContain(`${path.join('pages', 'broken.mpx')}\n  4:3  Parsing error: Unexpected token, expected ","\n`);
  });

  test('leaves out what .gitignore files list, including those above the named directory', () => {
    const root = project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '# generated\n/build/\n*.gen.js\n!keep.gen.js\n',
      'app/.gitignore': 'local/\n',
      'app/pages/a.js': NESTED,
      'app/pages/a.gen.js': NESTED,
      'app/pages/keep.gen.js': NESTED,
      'app/local/x.js': NESTED,
      'app/build/x.js': NESTED,
      'build/x.js': NESTED,
    });
    const checked = (args: string[]) => (JSON.parse(run(['--format', 'json', ...args], root).stdout) as { filePath: string }[]).map((entry) => path.relative(root, entry.filePath).split(path.sep).join('/'));
    expect(checked([])).toEqual(['app/build/x.js', 'app/pages/a.js', 'app/pages/keep.gen.js']);
    expect(checked(['app'])).toEqual(['app/build/x.js', 'app/pages/a.js', 'app/pages/keep.gen.js']);
    // A path named on the command line is checked even when ignored.
    expect(checked(['app/pages/a.gen.js', 'build'])).toEqual(['app/pages/a.gen.js', 'build/x.js']);
  });
});

describe('errors', () => {
  test('a file that does not parse is reported with its error, the others are still checked, exit 2', () => {
    const root = project({ 'a.js': `wx.cloud.callFunction({ data: { x: wx.cloud.CloudID(id) }\n  oops })\n`, 'b.js': NESTED });
    const { status, stdout } = run([], root);
    expect(status).toBe(2);
    expect(stdout).toContain('a.js\n  2:3  Parsing error: Unexpected token, expected ","\n');
    expect(stdout).toContain(`b.js\n  1:${NESTED.indexOf('wx.cloud.CloudID') + 1}  CloudID at obj.shareInfo is nested`);
    expect(stdout).toContain('✖ 2 problems');
    const [entry] = JSON.parse(run(['--format', 'json', 'a.js'], root).stdout);
    expect(entry).toMatchObject({ diagnostics: [], error: { kind: 'parse', message: 'Unexpected token, expected ","', line: 2, column: 3 } });
  });

  test('a path that does not exist: a message on stderr, the others still checked, exit 2', () => {
    const root = project({ 'b.js': NESTED });
    const { status, stdout, stderr } = run(['missing', 'b.js'], root);
    expect(status).toBe(2);
    expect(stderr).toBe('cloudid-check: cannot read missing: no such file or directory\n');
    expect(stdout).toContain('CloudID at obj.shareInfo is nested');
  });

  test.each([
    [['--frobnicate'], 'cloudid-check: unknown option "--frobnicate".\nRun cloudid-check --help for usage.\n'],
    [['--format', 'xml'], 'cloudid-check: unknown format "xml": use stylish or json.\nRun cloudid-check --help for usage.\n'],
    [['--format'], 'cloudid-check: --format needs a value: stylish or json.\nRun cloudid-check --help for usage.\n'],
  ])('usage error %j: exit 2', (args, message) => {
    expect(run(args, os.tmpdir())).toEqual({ status: 2, stdout: '', stderr: message });
  });

  test('--help lists every rule and which files are read; --version', () => {
    const help = run(['--help'], os.tmpdir());
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cloudid-check \[options\] \[paths\.\.\.\]/);
    for (const name of Object.keys(RULE_META)) expect(help.stdout).toContain(`\n  cloudid/${name}\n`);
    for (const read of ['.js', '.tsx', '.vue', '.mpx', 'config.json', 'cloudfunctionRoot']) expect(help.stdout).toContain(read);
    const version = run(['--version'], os.tmpdir());
    expect(version).toEqual({ status: 0, stdout: `${JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version}\n`, stderr: '' });
  });
});
