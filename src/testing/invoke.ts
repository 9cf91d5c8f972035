import { AsyncLocalStorage } from 'node:async_hooks';
import { Buffer } from 'node:buffer';
import { FUNCTION_NOT_FOUND_MESSAGE, MAX_FUNCTION_RESULT_BYTES, WX_ERROR_CODE } from '../core/rules';
import { idOfCloudId } from './cloud-id';
import { thrownString } from '../core/thrown';
import { codedFailure } from './failure';
import { CALL_FUNCTION } from './call-data';
import { copyAsJson } from './json-copy';
import { nextRequestId, programOf, type MockCall, type Platform } from './platform';
import { contextVariables, readWxContext, runWithVariables, type CallerFields } from './wx-context';
import { settleWithin } from '../core/settle-within';

/** What `callFunction` resolves with. */
export interface CallFunctionResult {
  result: unknown;
  errMsg: string;
  requestID: string;
}

/** A call that is ready to run: data serialised, open data in place. */
export interface Invocation {
  /** The mini program whose environment the call goes to: its functions run it. */
  appid: string;
  name: string;
  /** The recorded form of the data sent. */
  data: unknown;
  event: Record<string, unknown>;
  caller: CallerFields;
  env: string;
  source: string;
}

/** SCF's default memory for a cloud function. */
const MEMORY_LIMIT_MB = 256;

/** Why a call failed when its function ran out of time: the kit's wording (SCF's exact text is not documented). */
export const timeLimitMessage = (ms: number) => `Invoking task timed out after ${ms / 1000} seconds`;


/** A cloud function running now: its platform, the mini program whose environment it runs in, and its name. */
export interface RunningFunction {
  platform: Platform;
  appid: string;
  name: string;
}

/** The function whose code is running now (calls overlap: each is found through its own async scope). */
const running = new AsyncLocalStorage<RunningFunction>();

/** The function running now, if any: its platform is the one a fake wx-server-sdk serves. */
export function runningFunction(): RunningFunction | undefined {
  return running.getStore();
}

/** The platform whose function is running now, if any. */
export function runningPlatform(): Platform | undefined {
  const current = runningFunction();
  return current && current.platform;
}

/**
 * Runs a cloud function the way the platform does: records the call, runs the function with
 * the caller's context in process.env (one call per depth at a time), and hands back a JSON
 * copy of its result. A missing function fails with -501000, a throw with -504002, a result
 * over 1 MB with -604001.
 */
export async function invoke(platform: Platform, call: Invocation): Promise<CallFunctionResult> {
  const record: MockCall = { name: call.name, source: call.source, data: call.data };
  platform.calls.push(record);
  const fail = (errCode: number, detail: string) => {
    record.error = codedFailure(CALL_FUNCTION, errCode, detail);
    throw record.error;
  };

  const program = programOf(platform, call.appid);
  const run = program.functions.get(call.name);
  if (!run) return fail(WX_ERROR_CODE.NOT_FOUND, FUNCTION_NOT_FOUND_MESSAGE);
  const requestID = nextRequestId(platform);
  const config = program.functionConfigs.get(call.name);
  const timeLimitMs = config && config.timeout !== undefined ? config.timeout * 1000 : platform.timeLimitMs;
  const variables = contextVariables(call.caller, call.env, call.source);
  const context = {
    function_name: call.name,
    function_version: '$LATEST',
    namespace: call.env,
    request_id: requestID,
    memory_limit_in_mb: MEMORY_LIMIT_MB,
    time_limit_in_ms: timeLimitMs,
    environment: JSON.stringify(variables),
  };
  Object.assign(record, { event: JSON.parse(JSON.stringify(call.event)), context: { ...context }, requestID });

  let returned: unknown;
  try {
    returned = await runWithVariables(variables, async () => {
      record.wxContext = readWxContext();
      // Fails once the time limit has passed, as SCF ends a function there (the kit cannot
      // stop the code: it only stops waiting for it).
      return running.run({ platform, appid: call.appid, name: call.name }, () => settleWithin(timeLimitMs, () => new Error(timeLimitMessage(timeLimitMs)), () => run(call.event, context)));
    });
  } catch (thrown) {
    return fail(WX_ERROR_CODE.FUNCTION_EXECUTE_FAIL, thrownString(thrown));
  }
  let result: unknown;
  try {
    result = copyAsJson(returned, idOfCloudId, 'result');
  } catch (thrown) {
    return fail(WX_ERROR_CODE.FUNCTION_EXECUTE_FAIL, `the result cannot be serialised as JSON: ${thrownString(thrown)}`);
  }
  if (result === undefined) result = null;
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes > MAX_FUNCTION_RESULT_BYTES) return fail(WX_ERROR_CODE.RESULT_TOO_LARGE, `the result is ${bytes} bytes of JSON, more than ${MAX_FUNCTION_RESULT_BYTES}`);
  record.result = result;
  return { result, errMsg: `${CALL_FUNCTION}:ok`, requestID };
}
