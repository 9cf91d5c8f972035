import type { KnownSource } from './rules';

/**
 * Who is calling, as WeChat vouches for it: the fields a cloud function's `getWXContext()`
 * and a container's X-WX-* headers share, each present only when it applies.
 */
export interface CallerIdentity {
  /** The calling user's openid (absent in a cross-account call / under resource reuse). */
  OPENID?: string;
  /** The AppID of the mini program (the one the function or service belongs to). */
  APPID?: string;
  /** The calling user's unionid, when the unionid conditions are met. */
  UNIONID?: string;
  /** Cross-account call / resource reuse: the calling user's openid in the calling mini program. */
  FROM_OPENID?: string;
  /** Cross-account call / resource reuse: the calling mini program's AppID. */
  FROM_APPID?: string;
  /** Cross-account call / resource reuse: the calling user's unionid. */
  FROM_UNIONID?: string;
  /** The cloud environment id (`'local'` under a cloud function's local debugging). */
  ENV?: string;
  /** The comma-separated call chain, e.g. `'wx_client,scf'`. */
  SOURCE?: string;
}

/** One element of the SOURCE call chain: a value WeChat documents, or any other trigger as is. */
export type CallSource = KnownSource | (string & {});

/**
 * Splits a SOURCE call chain (`'wx_client,scf'` -> `['wx_client', 'scf']`); unknown values
 * are kept as they are, blanks dropped. Cloud functions read it from `getWXContext()`,
 * containers from the X-WX-SOURCE header: one parser for both.
 */
export function parseSource(source: string | null | undefined): CallSource[] {
  if (typeof source !== 'string') return [];
  return source
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
