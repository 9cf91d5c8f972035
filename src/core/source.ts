import type { KnownSource } from './rules';

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
