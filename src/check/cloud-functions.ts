import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_CONFIG } from './walk-files';

/**
 * Which checked files belong to a cloud function, and to which. A mini program project names
 * the folder of its cloud functions in `project.config.json` (`"cloudfunctionRoot": "cloudfunctions/"`);
 * each folder inside it is one function, uploaded with its `config.json`. Functions roots are
 * found from the `project.config.json` in or above each path given, from those in the
 * directories walked, and from a directory given by the name `cloudfunctions`.
 */

/** The folder name WeChat DevTools gives cloud functions in a new project. */
export const DEFAULT_FUNCTIONS_FOLDER = 'cloudfunctions';

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** The functions root a `project.config.json` names, resolved from its own directory. */
function functionsRootOf(projectConfig: string): string | undefined {
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(projectConfig, 'utf8'));
  } catch {
    return undefined; // not the checker's to judge: DevTools reports it
  }
  const root = config && typeof config === 'object' ? (config as { cloudfunctionRoot?: unknown }).cloudfunctionRoot : undefined;
  return typeof root === 'string' && root.trim() ? path.resolve(path.dirname(projectConfig), root.trim()) : undefined;
}

/** The `project.config.json` in `directory` or the nearest directory above it. */
function nearestProjectConfig(directory: string): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    const candidate = path.join(current, PROJECT_CONFIG);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The folders that hold cloud functions, for the paths given (relative to `cwd`) and the project configs the walk met. */
export function functionsRoots(paths: readonly string[], cwd: string, projectConfigs: readonly string[]): string[] {
  const roots = new Set<string>();
  const addRootOf = (projectConfig: string | undefined) => {
    const root = projectConfig && functionsRootOf(projectConfig);
    if (root) roots.add(root);
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const directory = isDirectory(absolute);
    if (directory && path.basename(absolute) === DEFAULT_FUNCTIONS_FOLDER) roots.add(absolute);
    addRootOf(nearestProjectConfig(directory ? absolute : path.dirname(absolute)));
  }
  projectConfigs.forEach(addRootOf);
  return [...roots];
}

/** The folder of the cloud function a file belongs to (`<root>/<function>/...`), if any. */
export function functionFolderOf(file: string, roots: readonly string[]): string | undefined {
  for (const root of roots) {
    const relative = path.relative(root, file);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const [name, ...rest] = relative.split(path.sep);
    if (rest.length) return path.join(root, name); // a file directly in the root belongs to no function
  }
  return undefined;
}
