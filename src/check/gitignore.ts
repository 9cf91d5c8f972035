/**
 * A `.gitignore` reader for the patterns projects commonly write: comments, `!` negation,
 * a leading or inner `/` anchoring the pattern to the file's directory, a trailing `/` for
 * directories only, `*`, `?`, `[a-z]`/`[!a]` classes, `**` (leading, trailing or between
 * slashes) and `\` escapes. The last matching pattern wins, as in git.
 */
export interface IgnorePattern {
  negated: boolean;
  directoryOnly: boolean;
  regex: RegExp;
}

const SPECIAL = /[.+^${}()|\\]/;

function globToRegex(glob: string): string {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '\\' && index + 1 < glob.length) {
      const next = glob[++index];
      source += SPECIAL.test(next) || /[*?[\]/]/.test(next) ? `\\${next}` : next;
    } else if (char === '*') {
      if (glob[index + 1] === '*' && (index === 0 || glob[index - 1] === '/') && (index + 2 === glob.length || glob[index + 2] === '/')) {
        // `**/` (any leading directories, none included), `/**` (everything inside)
        if (index + 2 === glob.length) source += '.*';
        else source += '(?:.*/)?';
        index += 2;
      } else source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close === -1) source += '\\[';
      else {
        let set = glob.slice(index + 1, close);
        if (set[0] === '!') set = `^${set.slice(1)}`;
        source += `[${set.replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else source += SPECIAL.test(char) ? `\\${char}` : char;
  }
  return source;
}

/** Reads a `.gitignore` file's text. Lines it cannot use (blank, comments) are skipped. */
export function parseGitignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.replace(/\/+$/, '');
    if (line === '') continue;
    // A slash anywhere but at the end ties the pattern to the .gitignore's own directory.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRegex(line);
    patterns.push({ negated, directoryOnly, regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`) });
  }
  return patterns;
}

/**
 * Whether the patterns ignore a path (relative to the `.gitignore`'s directory, with `/`
 * separators): true or false when a pattern decides, undefined when none matches.
 */
export function isIgnoredBy(patterns: readonly IgnorePattern[], relativePath: string, isDirectory: boolean): boolean | undefined {
  for (let index = patterns.length - 1; index >= 0; index--) {
    const pattern = patterns[index];
    if (pattern.directoryOnly && !isDirectory) continue;
    if (pattern.regex.test(relativePath)) return !pattern.negated;
  }
  return undefined;
}
