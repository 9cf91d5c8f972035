/**
 * Every page of the docs, in both languages, checked as a reader would use it: its code
 * against the package as `npm pack` ships it (`npm run build` first), installed in a
 * reader's project (packed.ts), its links against the files and headings they point to. The
 * pages: README.md, CONTRIBUTING.md, example/README.md, every .md under docs/, and their
 * twins (README.zh-CN.md, CONTRIBUTING.zh-CN.md, example/README.zh-CN.md, docs/zh-CN/<same>.md).
 *
 * Writing docs (also in CONTRIBUTING.md, "Writing docs"):
 *
 * - Every fenced code block has a language tag, and what the tag promises is checked:
 *   - `js`, `ts`: type-checked, each block as its own module (`import` / `require` and
 *     top-level `await` both work), against the declarations in the tarball, installed in a
 *     project's node_modules beside the typings a reader has (miniprogram-api-typings,
 *     wx-server-sdk's own, Express's, Koa's, Node's, jest's): `miniprogram-cloudid`,
 *     `miniprogram-cloudid/server`, ... resolve the way a user's project resolves them, with
 *     `wx`, `Page`, `Component`, jest's globals, Node's and the DOM's in scope. `ts` blocks
 *     compile as a strict project; `js` blocks as a strict project with `checkJs`: a wrong
 *     name, a missing argument, a misspelt field of the package's results, a parameter with
 *     no type from anywhere (write a JSDoc `@param`) is an error.
 *   - A block may not compile on purpose. Each line that should fail says so with a comment
 *     ending the line: `// compile error` (`// 编译错误` on Chinese pages); or the block
 *     starts with a file name comment (`// page.ts`) and a `text` block after it prints
 *     `tsc`'s errors (`page.ts(9,39): error TS2322: ...`): those errors, at that line and
 *     column with that code and message, are then what the block must give. Any other error fails.
 *   - `json`: must parse. `sh`: every `npm run <script>` names a script of package.json
 *     (or of a package.json the same page shows),
 *     every `npx <bin>` a bin of this package or a development dependency.
 *   - `text`: output, diagrams and error listings, which nothing runs.
 * - A fragment that uses names the reader's own code defines (`e`, `res`, `event`) gets them
 *   from a comment just above the block, not shown on the page, with TypeScript declarations:
 *       <!-- docs-test: declare const e: WechatMiniprogram.ButtonGetPhoneNumber; -->
 * - A block that cannot be checked (a summary of signatures) says why, just above it:
 *       <!-- docs-test: skip a summary of signatures, not code -->
 * - A block that is a whole program (a test file, a page, a cloud function, a service) is
 *   also RUN when marked `<!-- docs-test: run -->`: docs-run.test.ts. The quick start of each
 *   README runs on the mock platform: readme.test.ts.
 * - Links: every relative link (`[text](path#anchor)`) resolves to a file of the repository
 *   (and, on the pages npm ships, to a file in the tarball: pack.test.ts),
 *   and its anchor to a heading of that page, by GitHub's rules (lower case, punctuation
 *   dropped, spaces to `-`, Chinese kept as it is, `-1`, `-2` for repeats). Every page has
 *   its twin in the other language.
 * - Chinese pages use one word per concept: 票据 (ticket), 基于性质的测试 (property-based test),
 *   模拟 (mock); an English term in inline code is fine.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { ALL_BLOCKS, CODE_BLOCKS, DOC_PAGES, FILE_OF, where, writeBlocks } from './docs-project';
import { brokenLinks, nameOf, proseLines, slug, twinOf, type Block } from './markdown';
import { pack, projectWith, remove, ROOT, type Packed, type Project } from './packed';

const root = ROOT;
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string>; devDependencies: Record<string, string> };
const pages = DOC_PAGES;
const allBlocks = ALL_BLOCKS;

describe('the pages', () => {
  it.each(pages)('%s has its twin in the other language', (page) => {
    expect(existsSync(join(root, twinOf(page)))).toBe(true);
  });

  it('README.md stays short enough to read in a few minutes, and shows the two commands', () => {
    for (const readme of ['README.md', 'README.zh-CN.md']) {
      const text = readFileSync(join(root, readme), 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(12 * 1024);
      expect(text).toContain('npm run example');
      expect(text).toContain('npm test');
    }
  });
});

describe('contents', () => {
  const withContents = pages.filter((page) => /^\*\*(Contents|目录)\*\*$/m.test(readFileSync(join(root, page), 'utf8')));

  it.each(withContents)('the contents of %s list every section of the page', (page) => {
    const lines = proseLines(readFileSync(join(root, page), 'utf8'));
    const start = lines.findIndex((line) => /^\*\*(Contents|目录)\*\*$/.test(line));
    const listed = new Set(lines.slice(start).flatMap((line) => [...line.matchAll(/^\s*- \[[^\]]*\]\(#([^)]+)\)/g)].map((match) => decodeURIComponent(match[1]))));
    const sections = lines.slice(start).flatMap((line) => line.match(/^## (.*?)\s*$/)?.slice(1) ?? []).map(slug);
    expect(sections.filter((section) => !listed.has(section))).toEqual([]);
  });
});

describe('Chinese terms', () => {
  // One word per concept on the Chinese pages (CONTRIBUTING.md, "Writing docs", lists them).
  const terms: [RegExp, string][] = [
    [/(?<!（)\bticket\b(?!）)/i, '票据 (a gloss "票据（ticket）" is fine)'],
    [/(?<!基于)性质测试|属性测试|基于属性的测试/, '基于性质的测试'],
    [/\bmock\b/i, '模拟 (模拟 `wx`, 模拟平台)'],
  ];
  it.each(pages.filter((page) => page.includes('zh-CN')))('%s uses one word per concept', (page) => {
    const found: string[] = [];
    proseLines(readFileSync(join(root, page), 'utf8')).forEach((line, index) => {
      const prose = line.replace(/`[^`]*`/g, '').replace(/\]\([^)]*\)/g, ']');
      for (const [pattern, word] of terms) if (pattern.test(prose)) found.push(`${page}:${index + 1}: write ${word}: ${line.trim()}`);
    });
    expect(found).toEqual([]);
  });
});

describe('links', () => {
  it.each(pages)('every relative link and anchor of %s resolves', (page) => {
    const read = (path: string) => {
      const file = join(root, path);
      return existsSync(file) && !statSync(file).isDirectory() ? readFileSync(file, 'utf8') : undefined;
    };
    const isFolder = (path: string) => existsSync(join(root, path)) && statSync(join(root, path)).isDirectory();
    expect(brokenLinks(page, readFileSync(join(root, page), 'utf8'), read, isFolder)).toEqual([]);
  });

  it('the slug rules match GitHub\'s on the kinds of headings the pages have', () => {
    expect(slug('What is not caught (the run-time check in `buildCallData` still is)')).toBe('what-is-not-caught-the-run-time-check-in-buildcalldata-still-is');
    expect(slug('API: `miniprogram-cloudid/check`')).toBe('api-miniprogram-cloudidcheck');
    expect(slug('不能发现的问题(`buildCallData` 的运行时检查仍会发现)')).toBe('不能发现的问题buildcalldata-的运行时检查仍会发现');
    expect(slug('构建期检查：cloudid-check 与 ESLint')).toBe('构建期检查cloudid-check-与-eslint');
    expect(slug('`createMockWx(options?)`')).toBe('createmockwxoptions');
    expect(slug('API: `CallData<T>`')).toBe('api-calldatat');
    expect(slug('平台未作说明之处：本包的选择')).toBe('平台未作说明之处本包的选择');
  });
});

describe('code blocks', () => {
  it('every block has a language tag the tests know', () => {
    const known = new Set(['js', 'ts', 'json', 'sh', 'text']);
    const unknown = allBlocks.filter((block) => !block.directive?.startsWith('skip') && !known.has(block.lang)).map((block) => `${where(block)}: \`\`\`${block.lang} (use one of ${[...known].join(', ')})`);
    expect(unknown).toEqual([]);
  });

  it('every skipped block says why', () => {
    const bare = allBlocks.filter((block) => block.directive !== undefined && /^skip\s*$/.test(block.directive)).map(where);
    expect(bare).toEqual([]);
  });

  it('json blocks parse', () => {
    const bad = allBlocks
      .filter((block) => block.lang === 'json' && !block.directive?.startsWith('skip'))
      .flatMap((block) => {
        try {
          JSON.parse(block.code);
          return [];
        } catch (error) {
          return [`${where(block)}: ${(error as Error).message}`];
        }
      });
    expect(bad).toEqual([]);
  });

  it('sh blocks run only scripts and commands the package has', () => {
    const bad: string[] = [];
    for (const block of allBlocks.filter((candidate) => candidate.lang === 'sh' && !candidate.directive?.startsWith('skip'))) {
      // A page that shows the reader's own package.json ("scripts": { "precommit": ... }) may run its scripts.
      const shown = allBlocks
        .filter((candidate) => candidate.page === block.page && candidate.lang === 'json')
        .flatMap((candidate) => Object.keys((JSON.parse(candidate.code) as { scripts?: object }).scripts ?? {}));
      for (const line of block.code.split('\n')) {
        const command = line.replace(/\s#.*$/, '');
        for (const [, script] of command.matchAll(/\bnpm run (?:--?[\w-]+ )*([\w:-]+)/g)) {
          if (!(script in packageJson.scripts) && !shown.includes(script)) bad.push(`${where(block)}: npm run ${script}: package.json has no such script`);
        }
        for (const [, bin] of command.matchAll(/\bnpx (?:(?:--(?:prefix|package|call|workspace|cache|registry)|-[pcw])[ =]\S+ |--?[\w-]+ )*([\w@/.-]+)/g)) {
          // The package's own command, or (in CONTRIBUTING) a tool the repository develops with.
          if (!(bin in packageJson.bin) && !(bin in packageJson.devDependencies)) bad.push(`${where(block)}: npx ${bin}: neither a command of this package nor a development dependency`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  describe('js and ts blocks type-check against the package installed from its tarball', () => {
    // A reader's project: the tarball `npm pack` makes, installed in node_modules with the
    // real typings beside it (packed.ts), and the blocks as its files.
    let packed: Packed | undefined;
    let project: Project | undefined;
    let files: string[] = [];
    beforeAll(() => {
      if (!existsSync(join(root, 'dist/index.d.ts'))) throw new Error('run `npm run build` first: the docs are checked against the packed package');
      packed = pack();
      project = projectWith(packed.tarball);
      files = writeBlocks(project.dir);
      for (const probe of STRICTNESS) {
        mkdirSync(join(project.dir, 'strictness'), { recursive: true });
        writeFileSync(join(project.dir, 'strictness', probe.name), probe.code);
      }
    }, 60_000);
    afterAll(() => remove(packed?.dir, project?.dir));

    const checked = CODE_BLOCKS;
    /** Code a reader's strict compiler rejects, and its error: the check must report it too, or it is not as strict as the reader's. */
    const STRICTNESS: { name: string; code: string; error: number }[] = [
      { name: 'untyped-parameter.js', code: 'function double(n) {\n  return n * 2;\n}\ndouble(1);\n', error: 7006 },
      {
        // BASE_LIBRARY_TOO_OLD has no errMsg: OPEN_DATA_API_FAILED has.
        name: 'field-of-another-code.js',
        code: "const { isCloudIdError } = require('miniprogram-cloudid');\n/** @param {unknown} error */\nexport function describe(error) {\n  if (isCloudIdError(error) && error.code === 'BASE_LIBRARY_TOO_OLD') return error.errMsg;\n  return '';\n}\n",
        error: 2339,
      },
      {
        // A result nothing gives a type to is `unknown`: JSDoc on the call types it.
        name: 'untyped-result.js',
        code: "const { callFunction } = require('miniprogram-cloudid');\nexport async function today() {\n  const { result } = await callFunction({ name: 'werun' });\n  return result.today;\n}\n",
        error: 18046,
      },
      { name: 'possibly-undefined.js', code: "const { createMockWx } = require('miniprogram-cloudid/testing');\nconst call = createMockWx().calls[0];\nexport const openid = call.wxContext.OPENID;\n", error: 18048 },
    ];
    const fileOf = (block: Block) => join(project!.dir, FILE_OF.get(block)!);

    // One strict project checks both: TypeScript as a strict TypeScript project, JavaScript
    // with `checkJs` (a parameter nothing gives a type to needs a JSDoc type).
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      target: ts.ScriptTarget.ES2020,
      lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      moduleDetection: ts.ModuleDetectionKind.Force,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['miniprogram-api-typings', 'node', 'jest'],
    };
    let program: ts.Program | undefined;
    function programOf(): ts.Program {
      if (program) return program;
      const host = ts.createCompilerHost(options);
      // Type roots and `types` resolve from the project, as its own tsconfig.json would.
      host.getCurrentDirectory = () => project!.dir;
      program = ts.createProgram([...files, ...STRICTNESS.map((probe) => join(project!.dir, 'strictness', probe.name))].filter((file) => !file.endsWith('.d.ts')), options, host);
      return program;
    }

    /** wx-server-sdk 4.0.2 declares DYNAMIC_CURRENT_ENV a `symbol`, which its own `init({ env })` does not accept. */
    const upstreamTypingGap = (line: string, diagnostic: ts.Diagnostic) => diagnostic.code === 2322 && /env:\s*cloud\.DYNAMIC_CURRENT_ENV/.test(line);

    /** The errors a block is meant to give. */
    function expectedErrors(block: Block): { line: number; column?: number; code?: number; message?: string }[] {
      const expected: { line: number; column?: number; code?: number; message?: string }[] = [];
      block.code.split('\n').forEach((line, index) => {
        if (/\/\/.*(compile error|编译错误)/.test(line)) expected.push({ line: index + 1 });
      });
      const name = nameOf(block);
      const next = allBlocks[allBlocks.indexOf(block) + 1];
      if (name && next && next.page === block.page && next.lang === 'text') {
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        for (const [, line, column, code, message] of next.code.matchAll(new RegExp(`^${escaped}\\((\\d+),(\\d+)\\): error TS(\\d+): (.*)$`, 'gm'))) {
          expected.push({ line: Number(line), column: Number(column), code: Number(code), message });
        }
      }
      return expected;
    }

    /** The errors the check reports for `file` (a block's, or a probe's): what a reader's compiler gives, less wx-server-sdk's own typing error. */
    function reportedErrors(fileName: string, codeLines: string[]): { line: number; column: number; code: number; message: string }[] {
      const checker = programOf();
      const file = checker.getSourceFile(fileName)!;
      return [...checker.getSyntacticDiagnostics(file), ...checker.getSemanticDiagnostics(file)].flatMap((diagnostic) => {
        const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0];
        if (upstreamTypingGap(codeLines[line] ?? '', diagnostic)) return [];
        return [{ line: line + 1, column: character + 1, code: diagnostic.code, message }];
      });
    }

    it.each(STRICTNESS.map((probe) => [probe.name, probe] as const))('a strict compiler rejects %s, and so does this check', (_, probe) => {
      expect(reportedErrors(join(project!.dir, 'strictness', probe.name), probe.code.split('\n')).map((error) => error.code)).toContain(probe.error);
    });

    it.each(checked.map((block) => [where(block), block] as const))('%s', (_, block) => {
      const codeLines = block.code.split('\n');
      const diagnostics = reportedErrors(fileOf(block), codeLines);
      const expected = expectedErrors(block);
      const unexpected = diagnostics
        .filter((diagnostic) => !expected.some((want) => want.line === diagnostic.line && (want.column === undefined || want.column === diagnostic.column) && (want.code === undefined || want.code === diagnostic.code) && (want.message === undefined || want.message === diagnostic.message)))
        .map((diagnostic) => `${diagnostic.line > codeLines.length ? 'in the docs-test declarations' : `line ${diagnostic.line}`}:${diagnostic.column} TS${diagnostic.code}: ${diagnostic.message}`);
      const missing = expected
        .filter((want) => !diagnostics.some((diagnostic) => want.line === diagnostic.line && (want.column === undefined || want.column === diagnostic.column)))
        .map((want) => `line ${want.line}${want.column ? `:${want.column}` : ''} should not compile${want.message ? `: ${want.message}` : ''}`);
      expect({ unexpected, missing }).toEqual({ unexpected: [], missing: [] });
    });
  });
});
