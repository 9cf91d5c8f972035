/** The callbacks every wx API takes. */
export interface ApiCallbacks<Success, Failure = unknown> {
  success?: (result: Success) => void;
  fail?: (error: Failure) => void;
  complete?: (outcome: Success | Failure) => void;
}

/** Options that name a callback: the API answers through it and returns nothing. */
export type WithCallback<Success, Failure = unknown> = { [Name in keyof ApiCallbacks<Success, Failure>]-?: Required<Pick<ApiCallbacks<Success, Failure>, Name>> }[keyof ApiCallbacks<Success, Failure>];

/**
 * Delivers an outcome the way wx APIs do: to success/fail then complete, always
 * asynchronously; or, when no callback is given and the API has a Promise form, as the
 * returned Promise.
 */
export function deliver<Success, Failure>(options: ApiCallbacks<Success, Failure> | undefined, outcome: Promise<Success>, hasPromiseForm = true): Promise<Success> | undefined {
  const { success, fail, complete } = options || {};
  if (!success && !fail && !complete) {
    if (hasPromiseForm) return outcome;
    outcome.catch(() => undefined); // nobody listens: like the platform, drop the outcome
    return undefined;
  }
  outcome.then(
    (result) => {
      if (success) success(result);
      if (complete) complete(result);
    },
    (error: Failure) => {
      if (fail) fail(error);
      if (complete) complete(error);
    },
  );
  return undefined;
}

/** Runs `produce` now (so its effects happen at call time) and settles with its value or throw. */
export function settle<T>(produce: () => T): Promise<T> {
  try {
    return Promise.resolve(produce());
  } catch (error) {
    return Promise.reject(error);
  }
}
