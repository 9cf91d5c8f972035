/**
 * What `npm publish` would ship, checked on the real tarball: the files a user needs, nothing
 * else, every file reachable from an entry point, no runtime dependencies, clean reports
 * from publint and @arethetypeswrong/cli, and the guides complete: every relative link of a
 * shipped page, and every page the declarations' comments name, is in the tarball. `npm test`
 * builds dist/ and miniprogram_dist/ first; packing (packed.ts) skips lifecycle scripts so it
 * does not build again.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { brokenLinks, markdownFiles } from './markdown';
import { extract, pack, remove, ROOT, type Packed } from './packed';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let packed: Packed;
let packDir: string;
let tarball: string;
let shipped: string[];
/** The tarball extracted, as npm installs it. */
let installed: string;

beforeAll(() => {
  packed = pack();
  ({ dir: packDir, tarball, files: shipped } = packed);
  installed = mkdtempSync(join(tmpdir(), 'miniprogram-cloudid-installed-'));
  extract(tarball, installed);
}, 60_000);

afterAll(() => remove(packDir, installed));

/** Every file path an `exports` map points to. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

const normalize = (path: string) => posix.normalize(path).replace(/^\.\//, '');

/** The files a consumer reaches by name: package.json fields, the exports map, the bin, the mini program folder. */
function entryPoints(): string[] {
  const fields = [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin as Record<string, string>), ...exportTargets(pkg.exports)];
  return [...new Set([...fields, `${pkg.miniprogram}/index.js`, `${pkg.miniprogram}/index.d.ts`].map(normalize))];
}

const DECLARATION = /\.d\.[cm]?ts$/;
const CODE = /\.[cm]?js$/;

/** The file a relative specifier names: TypeScript's mapping for declarations (`./a.js` -> `./a.d.ts`), the exact file for code. */
function resolveRelative(from: string, specifier: string): string {
  const target = posix.join(posix.dirname(from), specifier);
  if (!DECLARATION.test(from)) return target;
  if (/\.mjs$/.test(target)) return target.replace(/\.mjs$/, '.d.mts');
  if (/\.cjs$/.test(target)) return target.replace(/\.cjs$/, '.d.cts');
  return `${target.replace(/\.js$/, '')}.d.ts`;
}

/** Imports, re-exports and require() calls of a shipped file, comments excluded. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(installed, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
}

describe('npm pack', () => {
  it('ships the package.json, the docs and licence, and every entry point', () => {
    const required = ['package.json', 'README.md', 'README.zh-CN.md', 'LICENSE', 'CHANGELOG.md', 'miniprogram_dist/index.js', 'miniprogram_dist/index.d.ts', ...entryPoints()];
    const missing = [...new Set(required)].filter((file) => !shipped.includes(file));
    expect({ missing }).toEqual({ missing: [] });
  });

  it('ships every public entry as CommonJS and ESM with types for each', () => {
    for (const entry of ['index', 'server', 'testing', 'check', 'eslint']) {
      expect(shipped).toEqual(expect.arrayContaining(['cjs', 'mjs', 'd.ts', 'd.mts'].map((extension) => `dist/${entry}.${extension}`)));
    }
    expect(shipped).toContain('dist/cli.cjs');
  });

  it('ships no sources, tests, example, benchmarks or scripts, and nothing under docs/ but its pages', () => {
    const stray = shipped.filter((file) => /^(src|test|example|bench|scripts|coverage|node_modules)\//.test(file) || (/^docs\//.test(file) && !/\.md$/.test(file)) || (/\.ts$/.test(file) && !DECLARATION.test(file)) || /\.tgz$/.test(file));
    expect({ stray }).toEqual({ stray: [] });
  });

  it('ships no source map pointing at files it does not ship', () => {
    const broken: string[] = [];
    for (const file of shipped.filter((path) => CODE.test(path) || DECLARATION.test(path))) {
      const match = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(installed, file), 'utf8'));
      if (match && !match[1].startsWith('data:') && !shipped.includes(resolveRelative(file.replace(DECLARATION, '.js'), match[1]))) broken.push(`${file} -> ${match[1]}`);
    }
    for (const map of shipped.filter((path) => path.endsWith('.map'))) {
      const { sources = [], sourcesContent = [] } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources?: string[]; sourcesContent?: (string | null)[] };
      sources.forEach((source, index) => {
        if (typeof sourcesContent[index] !== 'string' && !shipped.includes(posix.join(posix.dirname(map), source))) broken.push(`${map} -> ${source}`);
      });
    }
    expect({ broken }).toEqual({ broken: [] });
  });

  it('ships only files an entry point reaches (no stale chunks from earlier builds), and no import is broken', () => {
    const reached = new Set<string>();
    const broken: string[] = [];
    const queue = entryPoints();
    while (queue.length) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      if (!CODE.test(file) && !DECLARATION.test(file)) continue;
      for (const specifier of importsOf(file).filter((name) => name.startsWith('.'))) {
        const target = resolveRelative(file, specifier);
        if (shipped.includes(target)) queue.push(target);
        else broken.push(`${file} imports ${specifier}`);
      }
    }
    const unreached = shipped.filter((file) => (CODE.test(file) || DECLARATION.test(file)) && !reached.has(file));
    expect({ unreached, broken }).toEqual({ unreached: [], broken: [] });
  });

  it('has no runtime dependencies: shipped code requires nothing but Node built-ins', () => {
    expect(pkg.dependencies).toBeUndefined();
    const builtins = new Set(builtinModules);
    const external = shipped
      .filter((file) => CODE.test(file))
      .flatMap((file) => importsOf(file).filter((name) => !name.startsWith('.') && !name.startsWith('node:') && !builtins.has(name)).map((name) => `${file}: ${name}`));
    expect({ external }).toEqual({ external: [] });
  });

  it('passes publint, suggestions included', () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { publint } from 'publint';
      import { formatMessage } from 'publint/utils';
      const { messages, pkg } = await publint({ pack: { tarball: readFileSync(process.argv[1]).buffer }, level: 'suggestion', strict: true });
      process.stdout.write(JSON.stringify(messages.map((message) => message.type + ': ' + formatMessage(message, pkg, { color: false }))));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, tarball], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  }, 60_000);

  it('passes @arethetypeswrong/cli with the node16 profile (an exports map: node10 cannot see subpaths)', () => {
    const attw = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
    // Offline: the tarball only, no @types lookup on the registry.
    const run = spawnSync(process.execPath, [attw, tarball, '--profile', 'node16', '--no-definitely-typed', '--format', 'ascii', '--no-color', '--no-emoji'], { cwd: packDir, encoding: 'utf8' });
    expect({ status: run.status, report: run.status === 0 ? '' : run.stdout + run.stderr }).toEqual({ status: 0, report: '' });
  }, 60_000);
});

describe('the guides in the tarball', () => {
  const text = (file: string) => readFileSync(join(installed, file), 'utf8');

  it('ships every guide of the repository, in both languages, with the rule pages', () => {
    const guides = markdownFiles(ROOT, 'docs');
    expect(guides).toEqual(expect.arrayContaining(['docs/platform-rules.md', 'docs/zh-CN/platform-rules.md', 'docs/rules/top-level.md', 'docs/zh-CN/rules/top-level.md']));
    expect({ missing: guides.filter((page) => !shipped.includes(page)) }).toEqual({ missing: [] });
  });

  it('every relative link of every shipped page resolves to a shipped file, anchors included', () => {
    const pages = shipped.filter((file) => file.endsWith('.md'));
    expect(pages.length).toBeGreaterThan(20);
    const read = (path: string) => (shipped.includes(path) ? text(path) : undefined);
    const isFolder = (path: string) => shipped.some((file) => file.startsWith(`${path}/`));
    expect(pages.flatMap((page) => brokenLinks(page, text(page), read, isFolder))).toEqual([]);
  });

  it('every page the declarations name in their comments is shipped', () => {
    // `docs/platform-rules.md` and the like, as a word of its own (not the tail of a WeChat doc path such as 工具类/CDN.md).
    const named = shipped
      .filter((file) => DECLARATION.test(file))
      .flatMap((file) => [...text(file).matchAll(/(?<![^\s(`'"])[\w.-]+(?:\/[\w.-]+)*\.md\b/g)].map((match) => ({ file, page: match[0] })));
    expect(named.map(({ page }) => page)).toContain('docs/platform-rules.md');
    expect(named.filter(({ page }) => !shipped.includes(page)).map(({ file, page }) => `${file} names ${page}`)).toEqual([]);
  });
});
