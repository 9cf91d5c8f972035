/**
 * Reading the docs' Markdown as GitHub and a reader see it: the pages, their code blocks
 * with the `docs-test:` comment above each, their headings' anchors and their links. Used by
 * docs.test.ts (the repository's pages), docs-run.test.ts (the blocks that run) and
 * shipped-docs.test.ts (the pages in the tarball).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Every .md file under `directory` (relative to `root`), as `directory/.../name.md`. */
export function markdownFiles(root: string, directory: string): string[] {
  if (!existsSync(join(root, directory))) return [];
  return readdirSync(join(root, directory)).flatMap((name) => {
    const path = `${directory}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return markdownFiles(root, path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** The twin of a page in the other language. */
export function twinOf(page: string): string {
  if (page.startsWith('docs/zh-CN/')) return `docs/${page.slice('docs/zh-CN/'.length)}`;
  if (page.startsWith('docs/')) return `docs/zh-CN/${page.slice('docs/'.length)}`;
  return page.endsWith('.zh-CN.md') ? page.replace(/\.zh-CN\.md$/, '.md') : page.replace(/\.md$/, '.zh-CN.md');
}

export interface Block {
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
export function proseLines(text: string): string[] {
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

/** The fenced code blocks of `text`, the page `page`. */
export function codeBlocks(page: string, text: string): Block[] {
  const lines = text.split('\n');
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

/** The file name a block gives itself in its first line (`// cloudfunctions/werun/index.js`), if any. */
export const nameOf = (block: Block): string | undefined => block.code.match(/^\/\/\s*([\w./-]+\.[cm]?[jt]s)\b/)?.[1];

/** GitHub's anchor for a heading's text: lower case, punctuation and symbols dropped, spaces to hyphens. */
export function slug(heading: string): string {
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
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
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

/**
 * The relative links of a page (`[text](path#anchor)`, `href="..."`) that do not resolve: to a
 * file `read` does not find, outside the root, or to an anchor that is not a heading of the
 * Markdown page it names. `read(path)` gives a file's text by its path from the root, or
 * undefined when there is no such file; `isFolder(path)` says whether a folder is there.
 */
export function brokenLinks(page: string, text: string, read: (path: string) => string | undefined, isFolder: (path: string) => boolean = () => false): string[] {
  const broken: string[] = [];
  proseLines(text).forEach((line, index) => {
    // Inline code is not a link.
    const prose = line.replace(/`[^`]*`/g, '');
    const targets = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...prose.matchAll(/\bhref="([^"]+)"/g)].map((match) => match[1]);
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? page : posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(path))).replace(/\/$/, '');
      const outside = file === '..' || file.startsWith('../');
      const found = outside ? undefined : read(file);
      if (found === undefined && (outside || !isFolder(file))) {
        broken.push(`${page}:${index + 1}: ${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && (found === undefined || !anchorsOf(found).has(decodeURIComponent(anchor)))) {
        broken.push(`${page}:${index + 1}: ${target}: ${file} has no heading with that anchor`);
      }
    }
  });
  return broken;
}
