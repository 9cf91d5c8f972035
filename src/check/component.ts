import type { Dialect } from './parse';

/**
 * Single-file components (`.vue` for uni-app and mpvue, `.mpx` for mpx): the code is in their
 * top-level `<script>` blocks. This reads those blocks the way the components' compilers do,
 * without an HTML parser: top-level tags in order, `<template>` skipped to its matching
 * close (templates nest), every other block's content taken as raw text up to its closing tag.
 */

/** The file extensions read as single-file components. */
export const COMPONENT_EXTENSIONS = ['.vue', '.mpx'] as const;

export function isComponentFile(filename: string): boolean {
  return COMPONENT_EXTENSIONS.some((extension) => filename.endsWith(extension));
}

/** The code of a component's script blocks, each at its own line and column of the file. */
export interface ComponentScript {
  /**
   * The blocks' text, each preceded by as many line breaks and spaces as put its first
   * character where it is in the file: positions Babel gives are the file's own.
   */
  code: string;
  /** TypeScript when a block says `lang="ts"` (Vue requires one language for both blocks); with JSX for `lang="tsx"`. */
  dialect: Dialect;
}

/** `<name attributes>` or `<name attributes/>`; attribute values may hold `>`. */
const OPEN_TAG = /<([A-Za-z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** In a template, the tags that change its depth. */
const TEMPLATE_TAG = /<!--|<(\/?)template\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/gi;

/** `type` values that mark a script as JavaScript (absent: JavaScript too). */
const SCRIPT_TYPES = new Set(['module', 'text/javascript', 'application/javascript', 'text/ecmascript', 'application/ecmascript', 'text/babel', 'text/typescript']);
const JAVASCRIPT_LANGS = new Set(['js', 'javascript', 'jsx', 'mjs']);
const TYPESCRIPT_LANGS = new Set(['ts', 'typescript']);

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) attributes.set(match[1].toLowerCase(), (match[2] ?? match[3] ?? match[4] ?? '').trim().toLowerCase());
  return attributes;
}

/**
 * Whether a `<script>` holds code the page runs, and in which language: not `type="application/json"`
 * (mpx's page configuration), not mpx's `<script name="json">` (configuration computed at build
 * time), not a `lang` other than JavaScript or TypeScript.
 */
function scriptDialect(attributes: Map<string, string>): Dialect | undefined {
  const type = attributes.get('type');
  if (type !== undefined && type !== '' && !SCRIPT_TYPES.has(type)) return undefined;
  if (attributes.get('name') === 'json') return undefined;
  const lang = attributes.get('lang');
  if (lang === undefined || lang === '' || JAVASCRIPT_LANGS.has(lang)) return type === 'text/typescript' ? 'typescript' : 'javascript';
  if (lang === 'tsx') return 'tsx';
  return TYPESCRIPT_LANGS.has(lang) ? 'typescript' : undefined;
}

/** Where the `</template>` closing the template whose content starts at `from` begins, or the end of the text. */
function templateEnd(text: string, from: number): { closeStart: number; closeEnd: number } {
  TEMPLATE_TAG.lastIndex = from;
  let depth = 1;
  for (let match = TEMPLATE_TAG.exec(text); match; match = TEMPLATE_TAG.exec(text)) {
    if (match[0] === '<!--') {
      const end = text.indexOf('-->', match.index + 4);
      if (end === -1) break;
      TEMPLATE_TAG.lastIndex = end + 3;
    } else if (match[1]) {
      if (--depth === 0) return { closeStart: match.index, closeEnd: match.index + match[0].length };
    } else if (!match[3]) depth++;
  }
  return { closeStart: text.length, closeEnd: text.length };
}

/** Where the raw text of a `<name>` block that starts at `from` ends: at its closing tag, or the end of the text. */
function rawTextEnd(text: string, name: string, from: number): { closeStart: number; closeEnd: number } {
  const close = new RegExp(`</${name}\\s*>`, 'gi');
  close.lastIndex = from;
  const match = close.exec(text);
  return match ? { closeStart: match.index, closeEnd: match.index + match[0].length } : { closeStart: text.length, closeEnd: text.length };
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/**
 * What stands in for `text.slice(from, to)` so that what follows keeps its line and column:
 * its line breaks (`\r\n` as one, as Babel counts them), then as many spaces as the last line
 * has characters.
 */
function placeholder(text: string, from: number, to: number): string {
  let lines = 0;
  let lineStart = from;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (!isLineBreak(code)) continue;
    if (code === 13 && text.charCodeAt(index + 1) === 10) index++;
    lines++;
    lineStart = index + 1;
  }
  return '\n'.repeat(lines) + ' '.repeat(to - lineStart);
}

/**
 * The code of a component's script blocks (`<script>`, `<script setup>`, `lang="ts"`, ...),
 * as one program (Vue compiles `<script>` and `<script setup>` into one module); undefined
 * when it has none.
 */
export function componentScript(text: string): ComponentScript | undefined {
  let code = '';
  let dialect: Dialect | undefined;
  /** Where the text `code` stands for ends. */
  let covered = 0;
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    if (open === -1) break;
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      at = end === -1 ? text.length : end + 3;
      continue;
    }
    OPEN_TAG.lastIndex = open;
    const tag = OPEN_TAG.exec(text);
    if (!tag) {
      at = open + 1; // a closing tag or text: nothing opens here
      continue;
    }
    const contentStart = OPEN_TAG.lastIndex;
    if (tag[3]) {
      at = contentStart; // self-closing: no content
      continue;
    }
    const name = tag[1].toLowerCase();
    const { closeStart, closeEnd } = name === 'template' ? templateEnd(text, contentStart) : rawTextEnd(text, name, contentStart);
    const blockDialect = name === 'script' ? scriptDialect(attributesOf(tag[2])) : undefined;
    if (blockDialect) {
      code += placeholder(text, covered, contentStart) + text.slice(contentStart, closeStart);
      covered = closeStart;
      if (dialect === undefined || dialect === 'javascript') dialect = blockDialect;
    }
    at = closeEnd;
  }
  return dialect === undefined ? undefined : { code, dialect };
}
