import * as fs from 'fs';
import * as path from 'path';
import { isIgnoredBy, parseGitignore, type IgnorePatterns } from './gitignore';
import { SOURCE_EXTENSIONS } from './parse';

/** Never walked into: installed or built code, and git's own folder. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'miniprogram_npm', 'miniprogram_dist', 'dist', '.git']);

/** The patterns of one `.gitignore`, applied below the directory that holds it. */
interface IgnoreScope {
  directory: string;
  patterns: IgnorePatterns;
}

/** The file that names a mini program project's folders, `cloudfunctionRoot` among them. */
export const PROJECT_CONFIG = 'project.config.json';

export interface FoundFiles {
  /** Absolute paths, in the order given and then sorted within each directory. */
  files: string[];
  /** The `project.config.json` files of the directories walked. */
  projectConfigs: string[];
  /** Paths given that do not exist or cannot be read. */
  errors: { path: string; message: string }[];
}

function readIgnoreScope(directory: string): IgnoreScope | undefined {
  const file = path.join(directory, '.gitignore');
  if (statOrUndefined(file)?.isFile() !== true) return undefined; // a FIFO would block the read
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { directory, patterns: parseGitignore(text) };
}

/** The `.gitignore` files above `directory` up to its git work tree's root (none outside a work tree). */
function ancestorIgnoreScopes(directory: string): IgnoreScope[] {
  const ancestors: string[] = [];
  for (let current = directory; !fs.existsSync(path.join(current, '.git')); ) {
    const parent = path.dirname(current);
    if (parent === current) return [];
    ancestors.push((current = parent));
  }
  return ancestors
    .reverse()
    .map(readIgnoreScope)
    .filter((scope): scope is IgnoreScope => scope !== undefined);
}

function isIgnored(scopes: readonly IgnoreScope[], absolutePath: string, isDirectory: boolean): boolean {
  // Deeper .gitignore files take precedence over shallower ones.
  for (let index = scopes.length - 1; index >= 0; index--) {
    const relative = path.relative(scopes[index].directory, absolutePath).split(path.sep).join('/');
    const decision = isIgnoredBy(scopes[index].patterns, relative, isDirectory);
    if (decision !== undefined) return decision;
  }
  return false;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // ELOOP, EACCES
  }
}

function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.some((extension) => name.endsWith(extension)) && !name.endsWith('.d.ts') && !/\.d\.[mc]ts$/.test(name);
}

/**
 * The source files under the given paths. A path named explicitly is walked (a directory)
 * or included when it is a source file, even if ignored; below it, skipped directories,
 * other files and whatever the `.gitignore` files of the work tree ignore are left out.
 */
export function findSourceFiles(paths: readonly string[], cwd: string): FoundFiles {
  const files: string[] = [];
  const projectConfigs: string[] = [];
  const errors: FoundFiles['errors'] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };

  const walk = (directory: string, scopes: readonly IgnoreScope[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      errors.push({ path: directory, message: (error as Error).message });
      return;
    }
    const own = entries.some((entry) => entry.name === '.gitignore') ? readIgnoreScope(directory) : undefined;
    const inner = own ? [...scopes, own] : scopes;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Linked files are read; linked directories are not walked (they may loop). A link
        // that loops or points nowhere is no source file: it is skipped, like git skips it.
        isDirectory = false;
        isFile = statOrUndefined(absolute)?.isFile() === true;
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !isIgnored(inner, absolute, true)) walk(absolute, inner);
      } else if (isFile && isSourceFile(entry.name) && !isIgnored(inner, absolute, false)) add(absolute);
      else if (isFile && entry.name === PROJECT_CONFIG) projectConfigs.push(absolute);
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats: fs.Stats | undefined;
    try {
      stats = fs.statSync(absolute, { throwIfNoEntry: false });
    } catch (error) {
      errors.push({ path: given, message: (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'a symbolic link that loops' : (error as Error).message });
      continue;
    }
    if (!stats) errors.push({ path: given, message: 'no such file or directory' });
    // A directory named explicitly is walked even when ignored; the .gitignore files that
    // ignore it then say nothing inside it (git's matcher would ignore all of it through its parent).
    else if (stats.isDirectory()) walk(absolute, ancestorIgnoreScopes(absolute).filter((scope) => !isIgnored([scope], absolute, true)));
    // Reading a FIFO or a device would block or never end: only regular files are read.
    else if (!stats.isFile()) errors.push({ path: given, message: 'not a regular file' });
    // What it does not check is skipped, as inside directories, so `cloudid-check $(git diff --name-only)` works.
    else if (isSourceFile(path.basename(absolute))) add(absolute);
  }
  return { files, projectConfigs, errors };
}
