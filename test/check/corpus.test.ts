import * as fs from 'fs';
import * as path from 'path';
import { checkSource } from '../../src/check';
import { analyzeProgram } from '../../src/check/analyze';
import { parseSource } from '../../src/check/parse';
import { byLine, CORPUS_DIR, corpusFiles, expectationsOf } from './corpus';
import { comparable, eslintDiagnostics } from './eslint-face';

const files = corpusFiles();

test('the corpus has pages and modules with findings of both rules, and clean ones', () => {
  const expectations = files.map((file) => expectationsOf(fs.readFileSync(file, 'utf8')));
  const rules = new Set(expectations.flat().map((expectation) => expectation.rule));
  expect(rules).toEqual(new Set(['cloudid/top-level', 'cloudid/max-five']));
  expect(expectations.filter((list) => list.length === 0).length).toBeGreaterThanOrEqual(3);
  expect(new Set(files.map((file) => path.extname(file)))).toEqual(new Set(['.js', '.mjs', '.cjs', '.ts', '.tsx', '.vue', '.mpx']));
});

describe.each(files.map((file) => [path.relative(CORPUS_DIR, file), file]))('%s', (_name, file) => {
  const code = fs.readFileSync(file, 'utf8');

  test('checkSource reports exactly the annotated problems', () => {
    expect(byLine(checkSource(code, file))).toEqual(byLine(expectationsOf(code)));
  });

  test('the ESLint rules report exactly what checkSource does', () => {
    expect(eslintDiagnostics(code, file)).toEqual(comparable(checkSource(code, file)));
  });
});

describe('the walk that follows the text', () => {
  test.each(files.map((file) => [path.relative(CORPUS_DIR, file), file]))('%s: finds what walking the whole tree finds', (_name, file) => {
    const code = fs.readFileSync(file, 'utf8');
    const { program, text } = parseSource(code, file)!;
    const inOrder = (findings: ReturnType<typeof analyzeProgram>) => [...findings].sort((a, b) => a.loc.start.line - b.loc.start.line || a.loc.start.column - b.loc.start.column);
    expect(inOrder(analyzeProgram(program, text))).toEqual(inOrder(analyzeProgram(program)));
  });
});
