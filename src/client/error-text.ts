/**
 * The text of what a `fail` callback got or an API threw: its `errMsg`, else its
 * `message`, else the string itself, else `fallback`. Never throws, whatever it is given.
 */
export function errorText(error: unknown, fallback: string): string {
  const { errMsg, message } = ((typeof error === 'object' && error) || {}) as { errMsg?: unknown; message?: unknown };
  for (const text of [errMsg, message, error]) if (typeof text === 'string' && text) return text;
  return fallback;
}

/** A numeric field (`errno`, `errCode`) of what a `fail` callback got, if it has one. */
export function errorNumber(error: unknown, field: 'errno' | 'errCode'): number | undefined {
  const value = typeof error === 'object' && error ? (error as Record<string, unknown>)[field] : undefined;
  return typeof value === 'number' ? value : undefined;
}
