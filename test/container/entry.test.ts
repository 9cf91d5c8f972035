/** The built container entry as a Cloud Hosting service installs it: Node only, nothing else to install. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';

const dist = join(__dirname, '../../dist');

/** Every module the file requires, following the package's own chunks. */
function requiredModules(file: string, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  for (const [, name] of readFileSync(file, 'utf8').matchAll(/require\('([^']+)'\)/g)) {
    if (name.startsWith('./')) {
      const chunk = join(dirname(file), name);
      if (seen.has(chunk)) continue;
      seen.add(chunk);
      for (const inner of requiredModules(chunk, seen)) found.add(inner);
    } else {
      found.add(name);
    }
  }
  return found;
}

describe('dist/container.cjs', () => {
  it("requires nothing but Node's own modules (zero runtime dependencies)", () => {
    const modules = [...requiredModules(join(dist, 'container.cjs'))];
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((name) => !name.startsWith('node:'))).toEqual([]);
  });

  it('exports what the guide uses', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(join(dist, 'container.cjs'));
    for (const name of ['getContainerContext', 'createOpenApi', 'withOpenData', 'withOpenDataKoa', 'isCloudIdError', 'CloudIdError']) {
      expect(typeof entry[name]).toBe('function');
    }
    // What console.error and onError's default print: the class by its own name.
    expect(inspect(new entry.CloudIdError('INVALID_OPTION', 'keys must be an object', { option: 'keys' })).startsWith('CloudIdError: keys must be an object\n')).toBe(true);
  });
});
