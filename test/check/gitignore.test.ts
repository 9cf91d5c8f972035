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
  // the last matching pattern wins
  ['*.gen.js\n!keep.gen.js', 'keep.gen.js', false],
  ['*.gen.js\n!keep.gen.js', 'other.gen.js', true],
  ['!keep.gen.js\n*.gen.js', 'keep.gen.js', true],
])('%j ignores %s: %s', (gitignore, path, expected) => {
  expect(ignored(gitignore, path)).toBe(expected);
});

test('no matching pattern leaves the decision to other .gitignore files', () => {
  expect(isIgnoredBy(parseGitignore('*.log'), 'a.js', false)).toBeUndefined();
  expect(isIgnoredBy(parseGitignore('!a.js'), 'a.js', false)).toBe(false);
});
