import { invalidOption } from '../core/errors';
import { DEFAULT_CALL_TIMEOUT_MS } from '../core/rules';
import { MAX_TIMER_MS } from '../core/settle-within';

/**
 * The `timeout` option of a call or an open-data source: how many milliseconds to wait for
 * the platform to call back (default `DEFAULT_CALL_TIMEOUT_MS`); at most what a timer can wait.
 */
export function timeoutOption(timeout: unknown): number {
  const ms = timeout === undefined ? DEFAULT_CALL_TIMEOUT_MS : timeout;
  if (!(typeof ms === 'number' && ms > 0 && ms <= MAX_TIMER_MS)) throw invalidOption('timeout', 'a positive number of milliseconds', ms);
  return ms;
}
