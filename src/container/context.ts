import { CONTAINER_IDENTITY_HEADERS } from '../core/rules';
import { parseSource, type CallerIdentity, type CallSource } from '../core/source';
import { isObject } from '../core/is-object';
import { invalidOption } from '../core/errors';
import { identityHeaderRepeated, notFromWeChatGateway } from './errors';

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
 * as an anonymous user would let anyone who reaches the service pass for one. Throws
 * `IDENTITY_HEADER_REPEATED` when an identity header arrives more than once: the gateway
 * sets each once, so a second copy was added by someone else, and no copy can be trusted.
 */
export function getContainerContext(reqOrHeaders: HeadersSource): ContainerContext {
  const headers = readHeaders(reqOrHeaders);
  // Filled in place: spreading an object built key by key costs V8 microseconds per request.
  const context = {} as ContainerContext;
  for (const field of FIELDS) {
    const value = headers[CONTAINER_IDENTITY_HEADERS[field]];
    if (value !== undefined && value !== '') context[field] = value;
  }
  if (context.OPENID === undefined && context.FROM_OPENID === undefined) throw notFromWeChatGateway();
  context.source = parseSource(context.SOURCE);
  context.origin = context.source[0];
  context.resourceReuse = context.OPENID === undefined;
  return context;
}

const IDENTITY_HEADER_NAMES: readonly string[] = FIELDS.map((field) => CONTAINER_IDENTITY_HEADERS[field]);

/** What `readHeaders` uses of a request: Node's (Express's, Koa's `ctx.req`) has both. */
interface IncomingMessageLike {
  headers?: unknown;
  rawHeaders?: unknown;
}

/**
 * The headers as lowercase name -> string. An identity header sent twice is refused: Node
 * joins repeated lines into one value (`'oFirst, oSecond'`), so they are counted in
 * `rawHeaders` (a request: Node's, Express's, Koa's `ctx.req`) or seen as an array (a
 * header record). A Fetch `Headers` joins them beyond telling apart.
 */
function readHeaders(given: unknown): Record<string, string> {
  if (!isObject(given)) {
    throw invalidOption('getContainerContext(req)', 'the request, or its headers', given);
  }
  const record = given as IncomingMessageLike & { req?: unknown };
  const raw = isObject(record.headers) ? record.headers : given;
  const request = Array.isArray(record.rawHeaders) ? record : isObject(record.req) && Array.isArray((record.req as IncomingMessageLike).rawHeaders) ? (record.req as IncomingMessageLike) : undefined;
  if (request) {
    checkRawHeaders(request.rawHeaders as unknown[]);
    // Node's own headers of that request: lowercase names, no identity header repeated.
    if (raw === request.headers) return raw as Record<string, string>;
  }
  const headers: Record<string, string> = {};
  const entries: [string, unknown][] =
    typeof (raw as { forEach?: unknown }).forEach === 'function' && !Array.isArray(raw)
      ? collect(raw as { forEach(callback: (value: string, name: string) => void): void })
      : Object.entries(raw);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    if (Array.isArray(value) && value.length > 1 && IDENTITY_HEADER_NAMES.includes(key)) throw identityHeaderRepeated(key, value.length);
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && !(key in headers)) headers[key] = first;
  }
  return headers;
}

/** Refuses an identity header that occurs more than once in Node's `rawHeaders` (name, value, name, value, ...). */
function checkRawHeaders(rawHeaders: unknown[]): void {
  const counts: Record<string, number> = {};
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index];
    const key = typeof name === 'string' ? name.toLowerCase() : '';
    if (IDENTITY_HEADER_NAMES.includes(key)) counts[key] = (counts[key] ?? 0) + 1;
  }
  const repeated = Object.keys(counts).find((key) => counts[key] > 1);
  if (repeated !== undefined) throw identityHeaderRepeated(repeated, counts[repeated]);
}

/** A Fetch `Headers` (or anything with its `forEach`) as entries. */
function collect(headers: { forEach(callback: (value: string, name: string) => void): void }): [string, unknown][] {
  const entries: [string, unknown][] = [];
  headers.forEach((value, name) => entries.push([name, value]));
  return entries;
}
