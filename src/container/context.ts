import { CONTAINER_IDENTITY_HEADERS } from '../core/rules';
import { parseSource, type CallerIdentity, type CallSource } from '../core/source';
import { invalidOption } from '../core/errors';
import { notFromWeChatGateway } from './errors';

/** The identity fields the gateway's X-WX-* headers carry, each present only when its header is. */
export type ContainerIdentity = CallerIdentity;

/** The caller as WeChat's gateway vouches for it, typed like the cloud functions' `getContext`. */
export interface ContainerContext extends ContainerIdentity {
  /** SOURCE split along the call chain: `'wx_client,scf'` -> `['wx_client', 'scf']`; `[]` when absent. */
  source: CallSource[];
  /** What started the chain (the first element of `source`). */
  origin: CallSource | undefined;
  /** True when another account's mini program calls through resource reuse (FROM_OPENID, no OPENID). */
  resourceReuse: boolean;
}

/** What `getContainerContext` reads: a request (Express, Koa's `ctx.req`, `http`), a Koa context, or the headers themselves. */
export type HeadersSource = { headers: unknown } | Record<string, string | string[] | undefined>;

const FIELDS = Object.keys(CONTAINER_IDENTITY_HEADERS) as (keyof typeof CONTAINER_IDENTITY_HEADERS)[];

/**
 * The caller's identity from the X-WX-* headers WeChat's gateway adds, in any letter
 * case. Throws a `NOT_FROM_WECHAT_GATEWAY` error when neither X-WX-OPENID nor X-WX-FROM-OPENID
 * is there: such a request did not come through `wx.cloud.callContainer`, and treating it
 * as an anonymous user would let anyone who reaches the service pass for one.
 */
export function getContainerContext(reqOrHeaders: HeadersSource): ContainerContext {
  const headers = readHeaders(reqOrHeaders);
  const identity: ContainerIdentity = {};
  for (const field of FIELDS) {
    const value = headers[CONTAINER_IDENTITY_HEADERS[field]];
    if (value !== undefined && value !== '') identity[field] = value;
  }
  if (identity.OPENID === undefined && identity.FROM_OPENID === undefined) throw notFromWeChatGateway();
  const source = parseSource(identity.SOURCE);
  return { ...identity, source, origin: source[0], resourceReuse: identity.OPENID === undefined };
}

/** The headers as lowercase name -> string; a header sent twice keeps its first value. */
function readHeaders(given: unknown): Record<string, string> {
  if (typeof given !== 'object' || given === null) {
    throw invalidOption('getContainerContext(req)', 'the request, or its headers', given);
  }
  const record = given as { headers?: unknown };
  const raw = typeof record.headers === 'object' && record.headers !== null ? record.headers : given;
  const headers: Record<string, string> = {};
  const entries: [string, unknown][] =
    typeof (raw as { forEach?: unknown }).forEach === 'function' && !Array.isArray(raw)
      ? collect(raw as { forEach(callback: (value: string, name: string) => void): void })
      : Object.entries(raw);
  for (const [name, value] of entries) {
    const first = Array.isArray(value) ? value[0] : value;
    const key = name.toLowerCase();
    if (typeof first === 'string' && !(key in headers)) headers[key] = first;
  }
  return headers;
}

/** A Fetch `Headers` (or anything with its `forEach`) as entries. */
function collect(headers: { forEach(callback: (value: string, name: string) => void): void }): [string, unknown][] {
  const entries: [string, unknown][] = [];
  headers.forEach((value, name) => entries.push([name, value]));
  return entries;
}
