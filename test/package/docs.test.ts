/**
 * Every page of the docs, in both languages, checked as a reader would use it: its code
 * against the BUILT package (`npm run build` first), its links against the files and headings
 * they point to. The pages: README.md, CONTRIBUTING.md, example/README.md, every .md under
 * docs/, and their twins (README.zh-CN.md, CONTRIBUTING.zh-CN.md, example/README.zh-CN.md,
 * docs/zh-CN/<same>.md).
 *
 * Writing docs (also in CONTRIBUTING.md, "Writing docs"):
 *
 * - Every fenced code block has a language tag, and what the tag promises is checked:
 *   - `js`, `ts`: type-checked, each block as its own module (`import` / `require` and
 *     top-level `await` both work), against the package's built declarations
 *     (`miniprogram-cloudid`, `miniprogram-cloudid/server`, ... resolve the way a user's
 *     project resolves them), with `wx`, `Page`, `Component` (miniprogram-api-typings),
 *     jest's globals, Node's and the DOM's in scope. `ts` blocks are strict; `js` blocks are
 *     checked as JavaScript (`checkJs`): a wrong name, a missing argument, a misspelt field
 *     of the package's results is an error.
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
 * - The quick start of each README is also RUN on the mock platform: readme.test.ts.
 * - Links: every relative link (`[text](path#anchor)`) resolves to a file of the repository,
 *   and its anchor to a heading of that page, by GitHub's rules (lower case, punctuation
 *   dropped, spaces to `-`, Chinese kept as it is, `-1`, `-2` for repeats). Every page has
 *   its twin in the other language.
 * - Chinese pages use one word per concept: 票据 (ticket), 基于性质的测试 (property-based test),
 *   模拟 (mock); an English term in inline code is fine.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string>; devDependencies: Record<string, string> };

function markdownFiles(directory: string): string[] {
  if (!existsSync(join(root, directory))) return [];
  return readdirSync(join(root, directory)).flatMap((name) => {
    const path = `${directory}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const pages = ['README.md', 'README.zh-CN.md', 'CONTRIBUTING.md', 'CONTRIBUTING.zh-CN.md', 'example/README.md', 'example/README.zh-CN.md', ...markdownFiles('docs')];

/** The twin of a page in the other language. */
function twinOf(page: string): string {
  if (page.startsWith('docs/zh-CN/')) return `docs/${page.slice('docs/zh-CN/'.length)}`;
  if (page.startsWith('docs/')) return `docs/zh-CN/${page.slice('docs/'.length)}`;
  return page.endsWith('.zh-CN.md') ? page.replace(/\.zh-CN\.md$/, '.md') : page.replace(/\.md$/, '.zh-CN.md');
}

interface Block {
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  /** The `docs-test:` comment just above the fence, if any. */
  directive?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** Lines of a page with fenced code blanked out, so headings and links are read from prose only. */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const match = line.match(FENCE);
    if (match && (fence === undefined || (match[2].startsWith(fence) && match[3].trim() === ''))) {
      fence = fence === undefined ? match[2] : undefined;
      return '';
    }
    return fence === undefined ? line : '';
  });
}

function codeBlocks(page: string): Block[] {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = lines[index].match(FENCE);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const end = lines.findIndex((line, at) => at > index && line.trim().startsWith(fence) && line.trim().slice(fence.length).trim() === '');
    if (end < 0) throw new Error(`${page}:${index + 1}: the code block is never closed`);
    const code = lines
      .slice(index + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n');
    // A directive is an HTML comment ending on the line above the fence.
    let directive: string | undefined;
    if (index > 0 && lines[index - 1].trim().endsWith('-->')) {
      let start = index - 1;
      while (start > 0 && !lines[start].includes('<!--')) start--;
      const comment = lines.slice(start, index).join('\n');
      const match = comment.match(/<!--\s*docs-test:([\s\S]*?)-->/);
      if (match) directive = match[1].trim();
    }
    blocks.push({ page, line: index + 1, lang: info.trim().split(/\s+/)[0], code, directive });
    index = end;
  }
  return blocks;
}

const allBlocks = pages.flatMap(codeBlocks);
const where = (block: Block) => `${block.page}:${block.line}`;

/** GitHub's anchor for a heading's text: lower case, punctuation and symbols dropped, spaces to hyphens. */
function slug(heading: string): string {
  // Inline code is kept as written (`CallData<T>` reads "calldatat"); outside it, links and
  // images count by their text and inline HTML tags not at all.
  const text = heading
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 ? part : part.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '')))
    .join('')
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** The anchors of a page's headings, with GitHub's -1, -2 suffixes for repeats. */
function anchorsOf(page: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = readFileSync(join(root, page), 'utf8');
  for (const line of proseLines(text)) {
    const heading = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  for (const match of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

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
    const broken: string[] = [];
    proseLines(readFileSync(join(root, page), 'utf8')).forEach((line, index) => {
      // Inline code is not a link.
      const prose = line.replace(/`[^`]*`/g, '');
      const targets = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...prose.matchAll(/\bhref="([^"]+)"/g)].map((match) => match[1]);
      for (const target of targets) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? page : normalize(join(dirname(page), decodeURIComponent(path)));
        const absolute = resolve(root, file);
        if (relative(root, absolute).startsWith('..') || !existsSync(absolute)) {
          broken.push(`${page}:${index + 1}: ${target}: no such file`);
          continue;
        }
        if (anchor !== undefined && !anchorsOf(file).has(decodeURIComponent(anchor))) {
          broken.push(`${page}:${index + 1}: ${target}: ${file} has no heading with that anchor`);
        }
      }
    });
    expect(broken).toEqual([]);
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

  describe('js and ts blocks type-check against the built package', () => {
    const checked = allBlocks.filter((block) => (block.lang === 'js' || block.lang === 'ts') && !block.directive?.startsWith('skip'));
    /** The file name a block gives itself in its first line (`// cloudfunctions/werun/index.js`), if any. */
    const nameOf = (block: Block) => block.code.match(/^\/\/\s*([\w./-]+\.[cm]?[jt]s)\b/)?.[1];
    // Each page's blocks live in a folder of their own, under the names they give themselves,
    // so that one block can require another (a test requiring the cloud function above it).
    const fileOf = new Map<Block, string>();
    for (const block of checked) {
      const name = nameOf(block);
      const taken = name !== undefined && checked.some((other) => other !== block && other.page === block.page && nameOf(other) === name);
      fileOf.set(block, join(root, '.docs-blocks', block.page.replace(/[/.]/g, '_'), name && !taken ? name : `block-${block.line}.${block.lang}`));
    }
    const sources = new Map<string, string>();
    for (const block of checked) {
      const file = fileOf.get(block)!;
      let imports = '';
      if (block.directive?.startsWith('declare')) {
        // The declarations become a module of their own beside the block (a JavaScript file
        // cannot hold them), imported at the end so that line numbers stay the page's.
        const names = [...block.directive.matchAll(/\bdeclare\s+(?:const|let|var|function|class)\s+(\w+)/g)].map((match) => match[1]);
        const declarations = file.replace(/\.[cm]?[jt]s$/, '.declarations');
        sources.set(`${declarations}.d.ts`, block.directive.replace(/\bdeclare\s+(const|let|var|function|class)\b/g, 'export declare $1'));
        imports = `import { ${names.join(', ')} } from './${declarations.split('/').pop()}';`;
      }
      sources.set(file, `${block.code}\n${imports}\n`);
    }

    const common: ts.CompilerOptions = {
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
    // TypeScript as a strict TypeScript project checks it; JavaScript the same way, except
    // that a parameter needs no type (JavaScript has no way to give one).
    const programs: Record<'ts' | 'js', ts.Program | undefined> = { ts: undefined, js: undefined };
    function programFor(lang: 'ts' | 'js'): ts.Program {
      if (programs[lang]) return programs[lang]!;
      if (!existsSync(join(root, 'dist/index.d.ts'))) throw new Error('run `npm run build` first: the docs are checked against the built package');
      const options = { ...common, strict: true, noImplicitAny: lang === 'ts' };
      const host = ts.createCompilerHost(options);
      const { fileExists, readFile, getSourceFile, directoryExists } = host;
      const folders = new Set([...sources.keys()].flatMap((name) => name.split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/'))));
      host.fileExists = (name) => sources.has(name) || fileExists.call(host, name);
      host.directoryExists = (name) => folders.has(name.replace(/\/+$/, '')) || (directoryExists ? directoryExists.call(host, name) : true);
      host.readFile = (name) => sources.get(name) ?? readFile.call(host, name);
      host.getSourceFile = (name, languageVersion, ...rest) => {
        const text = sources.get(name);
        return text === undefined ? getSourceFile.call(host, name, languageVersion, ...rest) : ts.createSourceFile(name, text, languageVersion, true);
      };
      programs[lang] = ts.createProgram([...sources.keys()], options, host);
      return programs[lang]!;
    }

    /** Every field of the package's error classes: what `error.x` may read after `switch (error.code)`. */
    let errorFields: Set<string> | undefined;
    function errorFieldsOf(program: ts.Program): Set<string> {
      if (errorFields) return errorFields;
      const checker = program.getTypeChecker();
      const entry = program.getSourceFile(join(root, 'dist/index.d.ts'))!;
      errorFields = new Set(
        checker
          .getExportsOfModule(checker.getSymbolAtLocation(entry)!)
          .map((symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol))
          .filter((symbol) => symbol.flags & ts.SymbolFlags.Class)
          .map((symbol) => checker.getDeclaredTypeOfSymbol(symbol))
          .filter((type) => type.getBaseTypes()?.some(function isError(base): boolean {
            return base.symbol?.name === 'CloudIdError' || (base.getBaseTypes() ?? []).some(isError);
          }))
          .flatMap((type) => type.getProperties().map((property) => property.name)),
      );
      return errorFields;
    }

    const fromPackage = (type: ts.Type): boolean =>
      (type.isUnion() ? type.types : [type]).some((part) =>
        (part.getSymbol() ?? part.aliasSymbol)?.declarations?.some((declaration) => /[/\\](dist|miniprogram_dist)[/\\]/.test(relative(root, declaration.getSourceFile().fileName))),
      );

    /** The type whose property a TS2339 is about: of `x` in `x.field`, or of what `{ field } = x` takes apart. */
    function receiverOf(program: ts.Program, file: ts.SourceFile, start: number): ts.Type | undefined {
      const checker = program.getTypeChecker();
      let found: ts.Node | undefined;
      const visit = (node: ts.Node) => {
        if (found) return;
        if (ts.isIdentifier(node) && node.getStart(file) === start) found = node;
        else ts.forEachChild(node, visit);
      };
      visit(file);
      const parent = found?.parent;
      if (parent && ts.isPropertyAccessExpression(parent)) return checker.getTypeAtLocation(parent.expression);
      if (parent && ts.isBindingElement(parent)) return checker.getTypeAtLocation(parent.parent);
      return undefined;
    }

    /**
     * What JavaScript may do that the types do not say, since JavaScript cannot say it either:
     * read what the types leave open (a cloud function's `unknown` result, the platform's
     * `string | AnyObject`), use a value the types call possibly undefined (no `!` in
     * JavaScript), and read the field of the error a `switch (error.code)` case names. A
     * misspelt field of the package's own types still fails.
     */
    function allowedInJavaScript(program: ts.Program, file: ts.SourceFile, diagnostic: ts.Diagnostic, message: string): boolean {
      if ([18046, 2571, 2531, 2532, 2533, 2721, 2722, 18047, 18048, 18049].includes(diagnostic.code)) return true;
      if (diagnostic.code !== 2339) return false;
      const receiver = receiverOf(program, file, diagnostic.start ?? -1);
      if (!receiver || !fromPackage(program.getTypeChecker().getNonNullableType(receiver))) return true;
      const field = message.match(/^Property '(\w+)' does not exist on type 'CloudIdError'\.$/)?.[1];
      return field !== undefined && errorFieldsOf(program).has(field);
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

    it.each(checked.map((block) => [where(block), block] as const))('%s', (_, block) => {
      const program = programFor(block.lang as 'ts' | 'js');
      const file = program.getSourceFile(fileOf.get(block)!)!;
      const codeLines = block.code.split('\n');
      const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].flatMap((diagnostic) => {
        const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0];
        if (block.lang === 'js' && allowedInJavaScript(program, file, diagnostic, message)) return [];
        if (upstreamTypingGap(codeLines[line] ?? '', diagnostic)) return [];
        return [{ line: line + 1, column: character + 1, code: diagnostic.code, message }];
      });
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
