import ignore, { type Ignore } from 'ignore';

/**
 * One `.gitignore` file's patterns, matched as git matches them by the `ignore` package
 * (bundled into dist with the parser): classes such as `[[:alpha:]]` or `[]a]`, ranges,
 * `**`, escapes and trailing whitespace all behave as in git, and no line can make it throw.
 */
export type IgnorePatterns = Ignore;

/** Reads a `.gitignore` file's text. Case matters, as in git on Linux and in the mini program's paths. */
export function parseGitignore(text: string): IgnorePatterns {
  return ignore({ ignorecase: false }).add(text);
}

/**
 * Whether the patterns ignore a path (relative to the `.gitignore`'s directory, with `/`
 * separators): true or false when a pattern decides, undefined when none matches.
 */
export function isIgnoredBy(patterns: IgnorePatterns, relativePath: string, isDirectory: boolean): boolean | undefined {
  const { ignored, unignored } = patterns.test(isDirectory ? `${relativePath}/` : relativePath);
  return ignored ? true : unignored ? false : undefined;
}
