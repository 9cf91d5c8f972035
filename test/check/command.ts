/** The built command on throwaway projects: what the command's tests share. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The built command, as installing the package installs it (`npm test` builds first). */
export const CLI = path.join(__dirname, '../../dist/cli.cjs');

/**
 * Runs `cloudid-check args` in `cwd`. A hang fails the test instead of the whole run: the
 * process is killed, and the result then says by which `signal`.
 */
export function runChecker(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string; signal?: NodeJS.Signals } {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first.');
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ...(result.signal ? { signal: result.signal } : {}) };
}

/** A throwaway project in the system's temporary directory: `{ 'a/b.js': 'text' }`. */
export function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudid-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
