import type { ClientContext } from './context';
import { requireParam, sendCall, type SendOptions } from './send-call';
import type { CallFunctionResult, PlatformCallFunctionResult } from './wx';

export interface CallFunctionParams<Data extends object = Record<string, unknown>> extends SendOptions {
  /** The cloud function's name. */
  name: string;
  /** The event to send; tickets and references at its top level become CloudIDs, phone codes their code. */
  data?: Data;
  /** Passed through to `wx.cloud.callFunction` (e.g. `{ env }`). */
  config?: object;
  /** Passed through to `wx.cloud.callFunction`. */
  slow?: boolean;
}

/**
 * `callFunction` through the shared pipeline: the cloud function's `result` carries the
 * envelope. `Result` is the caller's word for what the function returns; nothing checks it.
 */
export function callFunctionIn<Result>(context: ClientContext, params: CallFunctionParams<object>): Promise<CallFunctionResult<Result>> {
  return sendCall<CallFunctionParams<object>, PlatformCallFunctionResult>(context, params, (given) => {
    requireParam(given, 'name');
    return {
      method: 'callFunction',
      callee: given.name,
      send: (cloud, data, success, fail) => cloud.callFunction({ name: given.name, data, config: given.config, slow: given.slow, success, fail }),
      answer: (result) => result.result,
    };
  }) as Promise<CallFunctionResult<Result>>;
}
