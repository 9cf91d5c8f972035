import { AsyncLocalStorage } from 'node:async_hooks';
import { WX_CONTEXT_ENV } from '../core/rules';
import type { CallerIdentity } from '../core/source';

const { KEYS, PREFIX, ENV, ENV_FALLBACK, SOURCE, HIDDEN_KEYS } = WX_CONTEXT_ENV;

/**
 * The caller's fields the platform puts in a cloud function's context (each becomes
 * `WX_<FIELD>`): its identity (FROM_* in a cross-account call), IP and OPEN_DATA_INFO.
 */
export interface CallerFields extends Omit<CallerIdentity, 'ENV' | 'SOURCE'> {
  CLIENTIP?: string;
  OPEN_DATA_INFO?: string;
}

/** The environment variables a cloud function runs with, as wx-server-sdk 4.0.2 expects them. */
export function contextVariables(fields: CallerFields, env: string, source: string): Record<string, string> {
  const variables: Record<string, string> = {};
  const names: string[] = [];
  for (const field of Object.keys(fields) as (keyof CallerFields)[]) {
    const value = fields[field];
    if (value === undefined) continue;
    variables[PREFIX + field] = value;
    names.push(PREFIX + field);
  }
  variables[KEYS] = names.join(',');
  variables[ENV] = env;
  variables[SOURCE] = source;
  return variables;
}

const isHidden = (key: string) => HIDDEN_KEYS.some((hidden) => key === hidden || key === PREFIX + hidden);

/**
 * `cloud.getWXContext()` exactly as wx-server-sdk 4.0.2 reads process.env: `{}` without
 * WX_CONTEXT_KEYS; all-digit values become numbers; ENV from TCB_ENV (or SCF_NAMESPACE),
 * SOURCE from TCB_SOURCE.
 */
export function readWxContext(): Record<string, unknown> {
  const env = process.env;
  if (!env[KEYS]) return {};
  const context: Record<string, unknown> = {};
  for (const key of (env[KEYS] as string).split(',')) {
    if (!key || isHidden(key)) continue;
    const value = env[key];
    if (value === undefined) continue;
    const field = key.startsWith(PREFIX) && key.length > PREFIX.length ? key.slice(PREFIX.length) : key;
    context[field] = /^-?\d+$/.test(value) ? parseInt(value, 10) : value;
  }
  const environment = env[ENV] || env[ENV_FALLBACK];
  if (environment) context.ENV = environment;
  if (env[SOURCE]) context.SOURCE = env[SOURCE];
  return context;
}

/** The SOURCE of a call made by code running now: the current chain with `link` appended. */
export function sourceOfNestedCall(link: string): string {
  const chain = process.env[SOURCE];
  return chain ? `${chain},${link}` : link;
}

/**
 * Each call's context variables, for the code running in it (and everything it awaits or
 * schedules). process.env is one object for the whole process, so the kit puts a view in
 * its place that answers a running call's variables from that call's scope and everything
 * else from the real environment: calls of any mock overlap freely, each seeing its own
 * context, as functions on the platform run in their own instances.
 */
const scope = new AsyncLocalStorage<Record<string, string | undefined>>();
let scopedEnv: NodeJS.ProcessEnv | undefined;

const inScope = (variables: Record<string, string | undefined> | undefined, key: string | symbol): variables is Record<string, string | undefined> =>
  variables !== undefined && typeof key === 'string' && Object.prototype.hasOwnProperty.call(variables, key);

/** Puts the scoped view over process.env (once; again if someone replaced it). */
function scopeProcessEnv(): void {
  if (scopedEnv !== undefined && process.env === scopedEnv) return;
  const view = new Proxy(process.env, {
    get: (real, key) => {
      const variables = scope.getStore();
      return inScope(variables, key) ? variables[key as string] : Reflect.get(real, key);
    },
    set: (real, key, value) => {
      const variables = scope.getStore();
      if (!inScope(variables, key)) return Reflect.set(real, key, String(value));
      variables[key as string] = String(value);
      return true;
    },
    deleteProperty: (real, key) => {
      const variables = scope.getStore();
      if (!inScope(variables, key)) return Reflect.deleteProperty(real, key);
      // stays in scope as deleted, so the real environment's value does not show through
      variables[key as string] = undefined;
      return true;
    },
    has: (real, key) => {
      const variables = scope.getStore();
      return inScope(variables, key) ? variables[key as string] !== undefined : Reflect.has(real, key);
    },
    ownKeys: (real) => {
      const variables = scope.getStore();
      const keys = Reflect.ownKeys(real);
      if (!variables) return keys;
      const names = Object.keys(variables);
      return keys.filter((key) => !inScope(variables, key)).concat(names.filter((name) => variables[name] !== undefined));
    },
    getOwnPropertyDescriptor: (real, key) => {
      const variables = scope.getStore();
      if (!inScope(variables, key)) return Reflect.getOwnPropertyDescriptor(real, key);
      const value = variables[key as string];
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  });
  process.env = view;
  if (process.env !== view) throw new TypeError('The testing kit could not scope process.env to each call (process.env cannot be replaced here).');
  scopedEnv = view;
}

/** Runs `task` with `variables` in process.env for it and what it awaits; nothing outside the call sees them. */
export function runWithVariables<T>(variables: Record<string, string>, task: () => T | Promise<T>): Promise<T> {
  scopeProcessEnv();
  return scope.run({ ...variables }, async () => task());
}
