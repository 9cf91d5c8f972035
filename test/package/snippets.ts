/**
 * Running the docs' snippets as what they are: a page on the mock platform, a cloud function
 * behind it, a Cloud Hosting service in front of the mock open-API service. `require` finds
 * what the test hands it, the way DevTools' "build npm", the cloud and a container find it.
 * Used by readme.test.ts (the quick starts) and docs-run.test.ts (the guides).
 */
import express from 'express';

/** Runs CommonJS `code` with `modules` as what `require` finds and `globals` in scope; returns its `module.exports`. */
export function runCommonJs(code: string, modules: Record<string, unknown>, globals: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const load = (name: string) => {
    if (!(name in modules)) throw new Error(`the snippet requires ${name}, which the test does not provide`);
    return modules[name];
  };
  new Function('require', 'module', 'exports', ...Object.keys(globals), code)(load, module, module.exports, ...Object.values(globals));
  return module.exports;
}

/** A page as the framework runs it: its definition's methods, `data`, and `setData` merging into it. */
export type PageInstance<Data extends object> = Record<string, (...args: unknown[]) => unknown> & { data: Data; setData(changes: Partial<Data>): void };

/**
 * Defines the page `code` (a `Page({...})` call) with `client` as `require('miniprogram-cloudid')`,
 * and returns an instance of it and what it logged with console.error.
 */
export function loadPage<Data extends object>(code: string, client: unknown): { page: PageInstance<Data>; logged: unknown[] } {
  if (!code.includes('Page(')) throw new Error('the snippet defines no page');
  const logged: unknown[] = [];
  let definition: { data: Data } | undefined;
  runCommonJs(code, { 'miniprogram-cloudid': client }, { Page: (options: { data: Data }) => (definition = options), console: { ...console, error: (value: unknown) => logged.push(value) } });
  const page = Object.assign(Object.create(definition!), {
    data: { ...definition!.data },
    setData(this: { data: Data }, changes: Partial<Data>) {
      Object.assign(this.data, changes);
    },
  });
  return { page, logged };
}

/**
 * `require('express')` for a service snippet: the real Express, whose app's `listen` does
 * nothing (the testing kit serves the app); `app()` is the app the snippet made. `first`,
 * when given, runs before the snippet's own middleware (to model time on the way).
 */
export function expressAsInstalled(first?: express.RequestHandler): { express: typeof express; app(): express.Express } {
  let made: express.Express | undefined;
  const wrapped = Object.assign(() => {
    made = Object.assign(express(), { listen: () => undefined });
    if (first) made.use(first);
    return made;
  }, express);
  return {
    express: wrapped as unknown as typeof express,
    app() {
      if (!made) throw new Error('the snippet made no Express app');
      return made;
    },
  };
}

/** What `createOpenApi` of the container entry returns, as far as withOpenData uses it. */
interface OpenApiClient {
  getOpenData(...args: unknown[]): unknown;
  getPhoneNumber(...args: unknown[]): unknown;
}

/**
 * `require('miniprogram-cloudid/container')` as inside Cloud Hosting, where the open-API
 * service is the sidecar withOpenData calls by default: here `sidecar.url` (the testing
 * kit's mock open-API service, which may start after the app is made; the client to it is
 * made at each request).
 */
export function containerInCloudHosting(container: { createOpenApi(options: { baseUrl: string }): OpenApiClient; withOpenData(options: object, handler: unknown): unknown }, sidecar: { url: string }): unknown {
  const client = () => container.createOpenApi({ baseUrl: sidecar.url });
  const openApi: OpenApiClient = {
    getOpenData: (...args) => client().getOpenData(...args),
    getPhoneNumber: (...args) => client().getPhoneNumber(...args),
  };
  return { ...container, withOpenData: (options: object, handler: unknown) => container.withOpenData({ openApi, ...options }, handler) };
}
