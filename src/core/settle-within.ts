/** The longest delay setTimeout honours: past 2^31 - 1 ms it fires at once. */
export const MAX_TIMER_MS = 2147483647;

/**
 * Calls `start` and settles like its result, or rejects with `timeoutError()` when that has
 * not settled within `timeoutMs`. A synchronous throw becomes a rejection; a result that
 * settles after the timeout is ignored (its rejection handled, never unhandled). The
 * server's exchanges and the testing kit's time limit both wait this way.
 */
export function settleWithin<T>(timeoutMs: number, timeoutError: () => unknown, start: () => T): Promise<Awaited<T>> {
  return new Promise<Awaited<T>>((resolve, reject) => {
    const timer = setTimeout(() => reject(timeoutError()), timeoutMs);
    new Promise<Awaited<T>>((resolveStart) => resolveStart(start() as Awaited<T>)).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
