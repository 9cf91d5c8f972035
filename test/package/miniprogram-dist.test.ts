/**
 * The mini program loads miniprogram_dist/index.js as it is: CommonJS, ES2015 syntax, no
 * Node built-ins, no dependencies. `npm test` builds it before jest runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'acorn';
import { createMockWx } from '../../src/testing';

const file = join(__dirname, '../../miniprogram_dist/index.js');
const code = readFileSync(file, 'utf8');

describe('miniprogram_dist/index.js', () => {
  it('parses as an ES2015 script (no async/await, object spread, ?. or ??)', () => {
    expect(() => parse(code, { ecmaVersion: 2015, sourceType: 'script' })).not.toThrow();
  });

  it('requires nothing: no dependencies, no Node built-ins', () => {
    expect(code).not.toMatch(/\brequire\s*\(/);
  });

  it('loads with plain require and runs the flow against a mock wx global', async () => {
    const previous = (globalThis as { wx?: unknown }).wx;
    const wx = createMockWx({ clock: Date.now(), functions: { echo: (event) => event.weRun.cloudID } });
    (globalThis as { wx?: unknown }).wx = wx;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const client = require(file);
      const ticket = await client.getWeRunData();
      expect(client.inspectCallData({ weRun: ticket })).toMatchObject({ cloudIdKeys: ['weRun'], problems: [] });
      const response = await client.callFunction({ name: 'echo', data: { weRun: ticket } });
      expect(response.result).toBe(ticket.cloudID);
    } finally {
      (globalThis as { wx?: unknown }).wx = previous;
    }
  });
});
