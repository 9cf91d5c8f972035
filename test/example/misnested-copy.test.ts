/** example/misnested/ must stay the example's own code with one deliberate mistake each, so the checker's findings show on real code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLE = join(__dirname, '../../example');
const read = (path: string) => readFileSync(join(EXAMPLE, path), 'utf8');

it('is the phone page with its CloudID moved from data.phone to data.user.phone, under a header saying so', () => {
  const page = read('miniprogram/pages/phone/index.js');
  const copy = read('misnested/pages/phone/index.js');
  const header = copy.slice(0, copy.indexOf('\n// Phone number'));
  expect(header).toMatch(/^\/\/ DELIBERATELY WRONG/);
  const correct = 'data: { phone: ticketFromEvent(e) }';
  expect(page.split(correct)).toHaveLength(2);
  expect(copy.slice(header.length + 1)).toBe(page.replace(correct, 'data: { user: { phone: ticketFromEvent(e) } }'));
});

it("holds the phone function as it is, beside a config.json with the public tutorials' misspelling of its permission", () => {
  expect(read('misnested/cloudfunctions/phone/index.js')).toBe(read('cloudfunctions/phone/index.js'));
  const config = JSON.parse(read('cloudfunctions/phone/config.json'));
  expect(JSON.parse(read('misnested/cloudfunctions/phone/config.json'))).toEqual({ permissions: { openapi: config.permissions.openapi.map((name: string) => `${name}k`) } });
});
