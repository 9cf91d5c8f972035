import { acceptedAppIds } from '../core/open-data-checks';
import { cloudIdError, invalidOption } from '../core/errors';
import { parseSource, type CallerIdentity, type CallSource } from '../core/source';
import { LOCAL_DEBUG_ENV, LOCAL_DEBUG_SOURCE, OPEN_DATA_INFO_KEYS_FIELD } from '../core/rules';
import type { CloudLike } from './cloud';

export { parseSource, type CallSource };

/** The fields `cloud.getWXContext()` documents, each present only when it applies. */
export interface WxContextFields extends CallerIdentity {
  /** The client's IPv4 address. */
  CLIENTIP?: string;
  /** The client's IPv6 address. */
  CLIENTIPV6?: string;
  /** JSON `{"keys": [...]}`: the event fields WeChat itself filled with open data. */
  OPEN_DATA_INFO?: string;
}

/**
 * `getWXContext()` typed, with its encoded fields parsed. Fields a newer wx-server-sdk
 * adds are kept at run time as it returned them.
 */
export interface CloudContext extends WxContextFields {
  /** SOURCE split along the call chain: `'wx_client,scf'` -> `['wx_client', 'scf']`; `[]` when absent. */
  source: CallSource[];
  /** What started the chain (the first element of `source`). */
  origin: CallSource | undefined;
  /** The event keys OPEN_DATA_INFO lists; `[]` when it is absent, empty or malformed. */
  openDataKeys: string[];
  /** True under the DevTools' local debugging (ENV `'local'`, or `wx_localdebug` in the chain). */
  localDebug: boolean;
}

const STRING_FIELDS: readonly (keyof WxContextFields)[] = [
  'OPENID',
  'APPID',
  'UNIONID',
  'FROM_OPENID',
  'FROM_APPID',
  'FROM_UNIONID',
  'ENV',
  'SOURCE',
  'CLIENTIP',
  'CLIENTIPV6',
  'OPEN_DATA_INFO',
];

/** The keys of an OPEN_DATA_INFO value; never throws: anything unreadable lists no keys. */
function parseOpenDataInfo(info: unknown): string[] {
  let parsed: unknown = info;
  if (typeof info === 'string') {
    try {
      parsed = JSON.parse(info);
    } catch {
      return [];
    }
  }
  const keys = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[OPEN_DATA_INFO_KEYS_FIELD] : undefined;
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string' && key !== '') : [];
}

/**
 * The caller's context, typed. Call it inside `exports.main`: outside it wx-server-sdk
 * has no context to read and this throws `NOT_IN_CLOUD_FUNCTION`.
 */
export function getContext(cloud: CloudLike): CloudContext {
  if (typeof cloud !== 'object' || cloud === null || typeof cloud.getWXContext !== 'function') {
    throw invalidOption('cloud', "wx-server-sdk's cloud object, the one with getWXContext: pass require('wx-server-sdk')", cloud);
  }
  const raw: unknown = cloud.getWXContext();
  if (typeof raw !== 'object' || raw === null || Object.keys(raw).length === 0) {
    throw cloudIdError(
      'NOT_IN_CLOUD_FUNCTION',
      'getWXContext() returned an empty context: call getContext inside exports.main, where wx-server-sdk can read WX_CONTEXT_KEYS.',
      {},
    );
  }

  const context: Record<string, unknown> = { ...raw };
  // wx-server-sdk turns all-digit environment values into numbers; these fields are strings.
  for (const field of STRING_FIELDS) {
    if (typeof context[field] === 'number') context[field] = String(context[field]);
    else if (typeof context[field] !== 'string') delete context[field];
  }
  const source = parseSource(context.SOURCE as string | undefined);
  return {
    ...context,
    source,
    origin: source[0],
    openDataKeys: parseOpenDataInfo(context.OPEN_DATA_INFO),
    localDebug: context.ENV === LOCAL_DEBUG_ENV || source.includes(LOCAL_DEBUG_SOURCE),
  };
}

/** The AppIDs open data may be issued to in this call: the caller's, and under resource sharing the resource owner's caller (FROM_APPID). */
export function watermarkAppIds(context: CloudContext): string[] {
  return acceptedAppIds(context.APPID, context.FROM_APPID);
}

const CONTEXT_EXPECTED = "getContext(cloud)'s result (cloud.getWXContext() as it comes has no parsed OPEN_DATA_INFO or SOURCE: pass { context: getContext(cloud) })";

/**
 * `value` when it is a context `getContext` made (`undefined` passes through), else an
 * `INVALID_OPTION` naming the fix: the raw `getWXContext()` or a hand-made object
 * would otherwise fail deep inside a check, or pass one by accident.
 */
export function checkContextOption(value: unknown): CloudContext | undefined {
  if (value === undefined) return undefined;
  const context = value as Partial<Record<keyof CloudContext, unknown>> | null;
  const wellFormed =
    typeof context === 'object' &&
    context !== null &&
    isStringList(context.openDataKeys) &&
    isStringList(context.source) &&
    typeof context.localDebug === 'boolean';
  if (!wellFormed) throw invalidOption('context', CONTEXT_EXPECTED, value);
  return value as CloudContext;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
