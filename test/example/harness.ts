/**
 * Runs the example mini program (example/) under miniprogram-simulate and the mock
 * platform: the real app.js, page files and cloud functions, with the built package
 * (jest.config.js maps `miniprogram-cloudid` to miniprogram_dist/, as DevTools' "Build npm"
 * does). Each test file must fake wx-server-sdk itself, before anything loads it:
 *   jest.mock('wx-server-sdk', () => jest.requireActual('../../src/testing').createMockCloud(), { virtual: true });
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import simulate from 'miniprogram-simulate';
import { createFakeClock, installMockWx, type CloudFunction, type FunctionConfig, type InstalledMockWx, type MockClock, type MockWxOptions } from '../../src/testing';

/** jsdom's document (the project's type check has no DOM lib). */
declare const document: { createElement(tagName: string): unknown };

export const EXAMPLE_DIR = join(__dirname, '../../example');
const MINIPROGRAM_DIR = join(EXAMPLE_DIR, 'miniprogram');

export type Page = ReturnType<typeof simulate.render>;

export interface Example {
  wx: InstalledMockWx;
  /** WeChat's clock (and the cloud function's): cloudIDs expire by it. */
  clock: MockClock;
  /** Sets the phone's clock `ms` behind WeChat's (the page reads `Date.now`). */
  setPhoneBehind(ms: number): void;
  /** Renders a page of app.json and runs its onLoad, as the platform does when it opens it. */
  open(page: 'werun' | 'phone' | 'werun-shared'): Page;
  /** Undoes the install and the clock. */
  stop(): void;
}

function requireFresh<T>(path: string): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path);
  });
  return loaded as T;
}

/** The example's cloud functions, loaded as the cloud loads them. */
export function cloudFunctions(): Record<'werun' | 'phone', CloudFunction> {
  const load = (name: string) => requireFresh<{ main: CloudFunction }>(join(EXAMPLE_DIR, 'cloudfunctions', name, 'index.js')).main;
  return { werun: load('werun'), phone: load('phone') };
}

/** Each example cloud function's config.json, as the cloud reads it on deployment (the phone function's grants the phone-code exchange). */
function functionConfigs(): Record<string, FunctionConfig> {
  const read = (name: string) => JSON.parse(readFileSync(join(EXAMPLE_DIR, 'cloudfunctions', name, 'config.json'), 'utf8')) as FunctionConfig;
  return { phone: read('phone') };
}

/** Runs app.js: App() registers the app, then the platform calls onLaunch. */
function launchApp(): void {
  const global = globalThis as { App?: unknown };
  let app: { onLaunch?(): void } = {};
  global.App = (definition: typeof app) => (app = definition);
  try {
    requireFresh(join(MINIPROGRAM_DIR, 'app.js'));
  } finally {
    delete global.App;
  }
  if (app.onLaunch) app.onLaunch();
}

/**
 * Installs the mock with the example's cloud functions and a fake clock shared by WeChat,
 * the phone (`Date.now`) and the cloud function, then launches app.js. Cloud starts
 * uninitialised, as on the platform: app.js must call `wx.cloud.init`.
 */
export function startExample(options: MockWxOptions = {}): Example {
  const clock = createFakeClock();
  let phoneBehind = 0;
  const now = jest.spyOn(Date, 'now').mockImplementation(() => clock.now() - phoneBehind);
  const wx = installMockWx({ cloud: 'not-initialized', clock, functions: cloudFunctions(), functionConfigs: functionConfigs(), ...options });
  launchApp();
  return {
    wx,
    clock,
    setPhoneBehind: (ms) => (phoneBehind = ms),
    open(name) {
      // A fresh module registry, so the page's Component() call runs again for this render.
      let id = '';
      jest.isolateModules(() => (id = simulate.load(join(MINIPROGRAM_DIR, 'pages', name, 'index'), { compiler: 'simulate', rootPath: MINIPROGRAM_DIR })));
      const page = simulate.render(id);
      page.attach(document.createElement('parent-wrapper'));
      (page.instance as unknown as { onLoad(query: object): void }).onLoad({});
      return page;
    },
    stop() {
      wx.restore();
      now.mockRestore();
    },
  };
}

/** The text of the first element matching `selector`, or undefined when none is rendered. */
export function textOf(page: Page, selector: string): string | undefined {
  const found = page.querySelector(selector);
  return found && found.dom ? found.dom.textContent!.trim() : undefined;
}

/** Fires an event on the first element matching `selector`, as a user's tap does. */
export function fire(page: Page, selector: string, event = 'tap', detail?: object): void {
  const found = page.querySelector(selector);
  if (!found) throw new Error(`nothing matches ${selector}: the page shows ${page.dom!.textContent}`);
  found.dispatchEvent(event, detail ? { detail } : undefined);
}

/** Waits until `selector` shows text (the async work a tap started has rendered). */
export async function rendered(page: Page, selector: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const text = textOf(page, selector);
    if (text) return text;
    await simulate.sleep(0);
  }
  throw new Error(`${selector} was never rendered: the page shows ${page.dom!.textContent}`);
}
