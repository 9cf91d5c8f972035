/**
 * The text of what a `fail` callback got or an API threw: its `errMsg`, else its
 * `message`, else the string itself, else `fallback`. Never throws, whatever it is given.
 */
export function errorText(error: unknown, fallback: string): string {
  const { errMsg, message } = ((typeof error === 'object' && error) || {}) as { errMsg?: unknown; message?: unknown };
  for (const text of [errMsg, message, error]) if (typeof text === 'string' && text) return text;
  return fallback;
}
