import * as fs from 'fs';
import * as path from 'path';

/** The annotated corpus: each reported line carries `// expect: <rule> <path> [<rule> <path> ...]`. */
export const CORPUS_DIR = path.join(__dirname, '../fixtures/check');

export interface Expectation {
  line: number;
  rule: string;
  path: string;
}

export function corpusFiles(directory = CORPUS_DIR): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? corpusFiles(path.join(directory, entry.name)) : [path.join(directory, entry.name)]));
}

export function expectationsOf(code: string): Expectation[] {
  const expectations: Expectation[] = [];
  code.split('\n').forEach((text, index) => {
    const match = /\/\/ expect: (.+)$/.exec(text);
    if (!match) return;
    const words = match[1].trim().split(/\s+/);
    if (words.length % 2) throw new Error(`line ${index + 1}: an expectation is "<rule> <path>", got "${match[1]}"`);
    for (let word = 0; word < words.length; word += 2) expectations.push({ line: index + 1, rule: words[word], path: words[word + 1] });
  });
  return expectations;
}

/** Comparable form, in line order. */
export function byLine(items: readonly Expectation[]): string[] {
  return items.map(({ line, rule, path }) => `${line} ${rule} ${path}`).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || (a < b ? -1 : 1));
}
