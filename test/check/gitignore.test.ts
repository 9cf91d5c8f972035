import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as nodePath from 'path';
import { isIgnoredBy, parseGitignore } from '../../src/check/gitignore';

/** Whether `path` (a file, or a directory when it ends in `/`) is ignored by the .gitignore text. */
function ignored(gitignore: string, path: string): boolean {
  const directory = path.endsWith('/');
  return isIgnoredBy(parseGitignore(gitignore), directory ? path.slice(0, -1) : path, directory) === true;
}

test.each([
  // a name without a slash matches at any depth
  ['*.log', 'debug.log', true],
  ['*.log', 'a/b/debug.log', true],
  ['*.log', 'debug.log.js', false],
  ['build', 'src/build/', true],
  // a slash at the start or in the middle anchors to the .gitignore's directory
  ['/build', 'build/', true],
  ['/build', 'src/build/', false],
  ['docs/*.md', 'docs/a.md', true],
  ['docs/*.md', 'src/docs/a.md', false],
  ['docs/*.md', 'docs/sub/a.md', false],
  // a trailing slash matches directories only
  ['out/', 'out/', true],
  ['out/', 'out', false],
  // ** : leading, trailing, between slashes
  ['**/fixtures', 'a/b/fixtures/', true],
  ['**/fixtures', 'fixtures/', true],
  ['logs/**', 'logs/a/b.txt', true],
  ['logs/**', 'logs/', false],
  ['a/**/z.js', 'a/z.js', true],
  ['a/**/z.js', 'a/b/c/z.js', true],
  // ? and character classes
  ['file?.js', 'file1.js', true],
  ['file?.js', 'file10.js', false],
  ['[abc].js', 'b.js', true],
  ['[!abc].js', 'b.js', false],
  ['[a-c].js', 'd.js', false],
  // regex characters are literal
  ['a+b(1).js', 'a+b(1).js', true],
  ['a.js', 'abjs', false],
  // comments, blank lines, escapes, trailing spaces
  ['# comment\n\n*.tmp   ', 'x.tmp', true],
  ['\\#notes.js', '#notes.js', true],
  ['\\!important.js', '!important.js', true],
  // classes and whitespace as git reads them (each checked against `git check-ignore`)
  ['[z-a]', 'z', true],
  ['[z-a]', 'a', false],
  ['[[:alpha:]].js', 'a.js', true],
  ['[[:alpha:]].js', '1.js', false],
  ['[]a].js', '].js', true],
  ['[]a].js', 'a.js', true],
  ['[]a].js', 'b.js', false],
  ['x.js\t', 'x.js', false],
  ['x.js\t', 'x.js\t', true],
  // the last matching pattern wins
  ['*.gen.js\n!keep.gen.js', 'keep.gen.js', false],
  ['*.gen.js\n!keep.gen.js', 'other.gen.js', true],
  ['!keep.gen.js\n*.gen.js', 'keep.gen.js', true],
])('%j ignores %s: %s', (gitignore, path, expected) => {
  expect(ignored(gitignore, path)).toBe(expected);
});

test('no line of a .gitignore makes reading it throw', () => {
  expect(() => parseGitignore('[z-a]\n[\n\\\n[[:nope:]]\n**\n!\n/\n')).not.toThrow();
});

/** The same cases, asked of git itself where it is installed: the expectations above are git's. */
const git = spawnSync('git', ['--version']).status === 0 ? test : test.skip;
git('git agrees with every case above', () => {
  const cases: [string, string][] = [['[z-a]', 'z'], ['[z-a]', 'a'], ['[[:alpha:]].js', 'a.js'], ['[[:alpha:]].js', '1.js'], ['[]a].js', '].js'], ['[]a].js', 'b.js'], ['x.js\t', 'x.js'], ['x.js\t', 'x.js\t'], ['*.log', 'a/b/debug.log'], ['logs/**', 'logs/a/b.txt']];
  const root = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'cloudid-gitignore-'));
  expect(spawnSync('git', ['init', '-q', root]).status).toBe(0);
  for (const [gitignore, path] of cases) {
    fs.writeFileSync(nodePath.join(root, '.gitignore'), `${gitignore}\n`);
    const byGit = spawnSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: root }).status === 0;
    expect([gitignore, path, ignored(gitignore, path)]).toEqual([gitignore, path, byGit]);
  }
});

test('no matching pattern leaves the decision to other .gitignore files', () => {
  expect(isIgnoredBy(parseGitignore('*.log'), 'a.js', false)).toBeUndefined();
  expect(isIgnoredBy(parseGitignore('!a.js'), 'a.js', false)).toBe(false);
});
