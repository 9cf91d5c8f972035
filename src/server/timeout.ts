import { cloudIdError, invalidOption } from '../core/errors';
import { CLOUD_FUNCTION_DEFAULT_TIMEOUT_MS } from '../core/rules';
import { MAX_TIMER_MS, settleWithin as settleWithinCore } from '../core/settle-within';

/**
 * The default `timeoutMs` of the exchanges: half a second inside a cloud function's default
 * 3 s limit, so the function still answers (an error it can report) before the platform
 * ends it. A choice, not a platform rule; raise it with the function's `"timeout"`.
 */
export const DEFAULT_EXCHANGE_TIMEOUT_MS = CLOUD_FUNCTION_DEFAULT_TIMEOUT_MS - 500;


/** Checks `timeoutMs` once, where it is given. */
export function resolveTimeout(timeoutMs: unknown = DEFAULT_EXCHANGE_TIMEOUT_MS): number {
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > MAX_TIMER_MS) {
    throw invalidOption('timeoutMs', `a number of milliseconds above 0 and at most ${MAX_TIMER_MS} (default ${DEFAULT_EXCHANGE_TIMEOUT_MS})`, timeoutMs);
  }
  return timeoutMs;
}

/** Settles like `start()`'s result, or rejects with `EXCHANGE_TIMEOUT` after `timeoutMs`. */
export function settleWithin<T>(api: string, timeoutMs: number, start: () => T): Promise<Awaited<T>> {
  return settleWithinCore(timeoutMs, () =>
      cloudIdError(
        'EXCHANGE_TIMEOUT',
        `cloud.${api} gave no answer within ${timeoutMs} ms: WeChat or the network is slow. Try again, or raise timeoutMs (and "timeout" in the function's config.json).`,
        { api, timeoutMs },
      ),
     start);
}
