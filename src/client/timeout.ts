import { invalidOption } from '../core/errors';
import { DEFAULT_CALL_TIMEOUT_MS } from '../core/rules';
import { MAX_TIMER_MS } from '../core/settle-within';

/**
 * The `timeout` option of a call or an open-data source: how many milliseconds to wait for
 * the platform to call back (default `DEFAULT_CALL_TIMEOUT_MS`); at most what a timer can wait.
 */
export function timeoutOption(timeout: unknown): number {
  const ms = timeout === undefined ? DEFAULT_CALL_TIMEOUT_MS : timeout;
  if (!(typeof ms === 'number' && ms > 0 && ms <= MAX_TIMER_MS)) throw invalidOption('timeout', 'a positive number (ms)', ms);
  return ms;
}

/**
 * A request to the platform, which answers through callbacks: `start` gets them, and what
 * fails it (a throw in `start`, the platform's `fail`, `timedOut()` once `timeout` ms have
 * passed) goes through `failure`. The timer stops as soon as the Promise settles, which it
 * always does.
 */
export function requestWithin<T>(
  timeout: number,
  timedOut: () => unknown,
  failure: (error: unknown) => unknown,
  start: (resolve: (value: T) => void, fail: (error: unknown) => void) => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const request = new Promise<T>((resolve, reject) => {
    const fail = (error: unknown) => reject(failure(error));
    timer = setTimeout(() => fail(timedOut()), timeout);
    try {
      start(resolve, fail);
    } catch (error) {
      fail(error);
    }
  });
  const stopTimer = () => clearTimeout(timer);
  request.then(stopTimer, stopTimer);
  return request;
}
