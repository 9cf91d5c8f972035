/** example/misnested/ must stay the phone page with one deliberate mistake, so the checker's finding shows on real code. */
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
