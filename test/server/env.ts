/**
 * Runs `task` with `variables` in process.env, where wx-server-sdk (and the kit's fake of
 * it) reads the context; restores them when `task` (or the Promise it returns) is done.
 */
export function withEnv<T>(variables: Record<string, string>, task: () => T): T {
  const previous = Object.keys(variables).map((name) => [name, process.env[name]] as const);
  const restore = () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  Object.assign(process.env, variables);
  let result: T;
  try {
    result = task();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
