/**
 * The docs' code blocks as files of a reader's project (packed.ts): each page's blocks in a
 * folder of their own, under the names they give themselves (`// cloudfunctions/werun/index.js`),
 * so that one block can require another (a test requiring the cloud function above it). A
 * fragment's `<!-- docs-test: declare ... -->` becomes a declarations module beside it,
 * imported at the end so that line numbers stay the page's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { codeBlocks, markdownFiles, nameOf, type Block } from './markdown';
import { ROOT } from './packed';

/** Every page of the docs, in both languages. */
export const DOC_PAGES = ['README.md', 'README.zh-CN.md', 'CONTRIBUTING.md', 'CONTRIBUTING.zh-CN.md', 'example/README.md', 'example/README.zh-CN.md', ...markdownFiles(ROOT, 'docs')];

export const ALL_BLOCKS: Block[] = DOC_PAGES.flatMap((page) => codeBlocks(page, readFileSync(join(ROOT, page), 'utf8')));

export const where = (block: Block): string => `${block.page}:${block.line}`;

/** The js and ts blocks a compiler reads: all but those that say why they are skipped. */
export const CODE_BLOCKS = ALL_BLOCKS.filter((block) => (block.lang === 'js' || block.lang === 'ts') && !block.directive?.startsWith('skip'));

/** The path of each code block's file, relative to the project. */
export const FILE_OF: ReadonlyMap<Block, string> = new Map(
  CODE_BLOCKS.map((block) => {
    const name = nameOf(block);
    const taken = name !== undefined && CODE_BLOCKS.some((other) => other !== block && other.page === block.page && nameOf(other) === name);
    return [block, join(block.page.replace(/[/.]/g, '_'), name && !taken ? name : `block-${block.line}.${block.lang}`)];
  }),
);

/** Writes every code block into `project` as its file; returns the files written (absolute). */
export function writeBlocks(project: string): string[] {
  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  };
  for (const block of CODE_BLOCKS) {
    const file = join(project, FILE_OF.get(block)!);
    let imports = '';
    if (block.directive?.startsWith('declare')) {
      // A JavaScript file cannot hold the declarations: they become a module of their own.
      const names = [...block.directive.matchAll(/\bdeclare\s+(?:const|let|var|function|class)\s+(\w+)/g)].map((match) => match[1]);
      const declarations = file.replace(/\.[cm]?[jt]s$/, '.declarations');
      write(`${declarations}.d.ts`, block.directive.replace(/\bdeclare\s+(const|let|var|function|class)\b/g, 'export declare $1'));
      imports = `import { ${names.join(', ')} } from './${declarations.split(/[/\\]/).pop()}';`;
    }
    write(file, `${block.code}\n${imports}\n`);
  }
  return written;
}
