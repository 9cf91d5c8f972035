import { WX_CONTEXT_ENV } from '../core/rules';

const { KEYS, PREFIX, ENV, ENV_FALLBACK, SOURCE, HIDDEN_KEY } = WX_CONTEXT_ENV;

/** The caller's fields the platform puts in a cloud function's context (each becomes `WX_<FIELD>`). */
export interface CallerFields {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
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

const isHidden = (key: string) => key === HIDDEN_KEY || key === PREFIX + HIDDEN_KEY;

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
 * One queue per call depth (the length of the SOURCE chain): calls at one depth run one
 * at a time, so their environment variables cannot mix, while a function can still call
 * another (one level deeper) without waiting for itself. Process-wide, like process.env.
 */
const lanes = new Map<number, Promise<unknown>>();

function inLane<T>(depth: number, task: () => Promise<T>): Promise<T> {
  const run = (lanes.get(depth) || Promise.resolve()).then(task);
  lanes.set(
    depth,
    run.then(
      () => undefined,
      () => undefined,
    ),
  );
  return run;
}

/**
 * Runs `task` with `variables` set in process.env, after any earlier call at the same
 * depth has finished, and puts every touched variable back afterwards (also on throw).
 */
export function runWithVariables<T>(variables: Record<string, string>, task: () => T | Promise<T>): Promise<T> {
  const depth = (variables[SOURCE] || '').split(',').length;
  return inLane(depth, async () => {
    const previous: Record<string, string | undefined> = {};
    for (const name of Object.keys(variables)) {
      previous[name] = process.env[name];
      process.env[name] = variables[name];
    }
    try {
      return await task();
    } finally {
      for (const name of Object.keys(previous)) {
        if (previous[name] === undefined) delete process.env[name];
        else process.env[name] = previous[name];
      }
    }
  });
}
