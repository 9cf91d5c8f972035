/**
 * The package as a user gets it: `npm pack` (lifecycle scripts skipped: `npm test` builds
 * dist/ and miniprogram_dist/ first), and a project that has it installed from the tarball,
 * with the packages a user of the docs has beside it. No network: the tarball is extracted
 * into the project's node_modules, and the other packages are linked from this repository's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '../..');

export interface Packed {
  /** The folder holding the tarball; remove it when done. */
  dir: string;
  tarball: string;
  /** The tarball's files, relative to the package root, sorted. */
  files: string[];
}

export function pack(): Packed {
  const dir = mkdtempSync(join(tmpdir(), 'miniprogram-cloudid-pack-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const output = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], shell: process.platform === 'win32' });
  const [result] = JSON.parse(output) as { filename: string; files: { path: string }[] }[];
  return { dir, tarball: join(dir, result.filename), files: result.files.map((file) => file.path).sort() };
}

/**
 * What a reader of the docs installs beside the package: the platform's typings, the real
 * wx-server-sdk (its own typings), Express and Koa with theirs, Node's and jest's types,
 * miniprogram-simulate, ESLint with the parsers the checker guide configures.
 */
export const USER_PACKAGES = [
  'miniprogram-api-typings',
  'wx-server-sdk',
  'express',
  '@types/express',
  'koa',
  '@types/koa',
  '@types/node',
  '@types/jest',
  'miniprogram-simulate',
  'eslint',
  'vue-eslint-parser',
  'typescript-eslint',
] as const;

/** Extracts a tarball `npm pack` made into `into`, as npm installs it. */
export function extract(tarball: string, into: string): void {
  mkdirSync(into, { recursive: true });
  // npm's tarballs hold everything under `package/`.
  execFileSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
}

export interface Project {
  /** The project's folder; remove it when done. */
  dir: string;
  /** Where the package is installed: `<dir>/node_modules/miniprogram-cloudid`. */
  packageDir: string;
}

/** A fresh project with the tarball installed and USER_PACKAGES linked from this repository. */
export function projectWith(tarball: string): Project {
  const dir = mkdtempSync(join(tmpdir(), 'miniprogram-cloudid-user-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'docs-reader', private: true }));
  const packageDir = join(dir, 'node_modules/miniprogram-cloudid');
  extract(tarball, packageDir);
  for (const name of USER_PACKAGES) {
    const target = join(ROOT, 'node_modules', name);
    if (!existsSync(target)) throw new Error(`${name} is not installed in this repository: run npm ci`);
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'junction');
  }
  return { dir, packageDir };
}

export function remove(...dirs: (string | undefined)[]): void {
  for (const dir of dirs) if (dir) rmSync(dir, { recursive: true, force: true });
}
