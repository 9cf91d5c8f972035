import { createMockWx, MODELLED_WX_MEMBERS, type MockWx } from './mock-wx';
import type { MockWxOptions } from './options';
import { attachPlatform, platformOf, type Platform } from './platform';

/** A mock wx on the global, with the way back. */
export interface InstalledMockWx extends MockWx {
  /** Puts back exactly the global `wx` that was there before (or none). Calling it again does nothing. */
  restore(): void;
}

/** Base-info APIs whose other fields (screen size, ...) the simulator may fill: kept, with the kit's SDKVersion on top. */
const BASE_INFO = ['getAppBaseInfo', 'getSystemInfoSync'];

type Global = { wx?: unknown };

/**
 * Puts a mock wx on `globalThis.wx` (made from `options`, or a mock from `createMockWx`).
 * When a `wx` is there already (miniprogram-simulate defines one), the new global is a
 * merge: everything of the old one, the mock's APIs and helpers over it, and the APIs the
 * mock models but this base library lacks removed. `restore()` puts the old one back.
 */
export function installMockWx(optionsOrMock: MockWxOptions | MockWx = {}): InstalledMockWx {
  const mock = platformOf(optionsOrMock) ? (optionsOrMock as MockWx) : createMockWx(optionsOrMock as MockWxOptions);
  const scope = globalThis as Global;
  const hadOwn = Object.prototype.hasOwnProperty.call(scope, 'wx');
  const previousDescriptor = Object.getOwnPropertyDescriptor(scope, 'wx');
  const previous = scope.wx;

  const installed = {} as InstalledMockWx;
  const members = installed as unknown as Record<string, unknown>;
  if (typeof previous === 'object' && previous !== null) {
    Object.defineProperties(installed, Object.getOwnPropertyDescriptors(previous));
    for (const name of MODELLED_WX_MEMBERS) delete members[name];
  }
  Object.defineProperties(installed, Object.getOwnPropertyDescriptors(mock));
  for (const name of BASE_INFO) {
    const theirs = previous && (previous as Record<string, unknown>)[name];
    const ours = members[name];
    if (typeof theirs === 'function' && typeof ours === 'function') members[name] = () => ({ ...theirs.call(previous), ...ours() });
  }
  let restored = false;
  installed.restore = () => {
    if (restored) return;
    restored = true;
    if (hadOwn && previousDescriptor) Object.defineProperty(scope, 'wx', previousDescriptor);
    else delete scope.wx;
  };
  attachPlatform(installed, platformOf(mock) as Platform);
  Object.defineProperty(scope, 'wx', { value: installed, writable: true, enumerable: true, configurable: true });
  return installed;
}
