import { isObject } from '../core/is-object';
import { markOf } from '../core/cloud-id-mark';
import { isFailureEnvelope, readFailure, type OpenDataFailure } from '../core/envelope';
import { cloudIdError, invalidOption, isCloudIdError, type CloudIdError } from '../core/errors';
import { CLOUD_NOT_INITIALIZED_MESSAGE, type VersionGatedFeature } from '../core/rules';
import { fieldsAsRead, prepareReading, readCallDataIn, type CallDataOptions, type CallDataReading, type ContainerCheck } from './call-data';
import type { ClientContext } from './context';
import { thrownNumber, thrownText } from '../core/thrown';
import { markPhoneCodeSent } from './phone-code';
import type { CloudIdTicket } from './ticket';
import { requestWithin, timeoutOption } from './timeout';
import { assertBaseLibrary, requireCloud } from './version';
import type { WxCloudLike } from './wx';

/** Options every call takes besides its transport's own. */
export interface SendOptions extends CallDataOptions {
  /**
   * Milliseconds to wait for the platform's answer before failing with `CALL_TIMEOUT`
   * (default `DEFAULT_CALL_TIMEOUT_MS`, 60 000). A retry after an expired cloudID gets its own.
   */
  timeout?: number;
}

/** One way to reach a backend. The pipeline around it is the same for every transport. */
export interface Transport<Result> {
  /** The `wx.cloud` method. */
  method: 'callFunction' | 'callContainer';
  /** callContainer's own checks: its tickets go as cloudID strings (see ContainerCheck). */
  container?: ContainerCheck;
  /** Names the callee in errors: the function's name, or the service and path. */
  callee: string;
  /** A feature the base library must have before anything is done. */
  needs?: VersionGatedFeature;
  /** Starts the request; may throw a `CloudIdError`, may return the platform's Promise. */
  send(cloud: WxCloudLike, data: Record<string, unknown>, success: (result: Result) => void, fail: (error: unknown) => void, timeout: number): unknown;
  /** What the backend answered: `result` of a cloud function, `data` of a container's response. */
  answer(result: Result): unknown;
  /** Judges the platform's result once no failure envelope is in it (callContainer: the HTTP status). */
  settle?(result: Result): Result;
}

type Data = Record<string, unknown>;

/** The platform's call failed (`errMsg` is its text). */
function callFailed(functionName: string, errMsg: string, errCode?: number): CloudIdError<'CALL_FAILED'> {
  return cloudIdError('CALL_FAILED', `${functionName}: ${errMsg}`, { functionName, errMsg, errCode });
}

/** Checks that `params` is an object with a non-empty string at `field`. */
export function requireParam(params: unknown, field: string): void {
  if (!isObject(params)) throw invalidOption('params', `an object with ${field}`, params);
  const value = (params as Record<string, unknown>)[field];
  if (typeof value !== 'string' || !value) throw invalidOption(field, 'a non-empty string', value);
}

/** True when `data[key]` is a ticket its source can replace without the user. */
function refreshable(data: Data, key: string): boolean {
  const value = data[key];
  return isObject(value) && markOf(value) === 'ticket' && (value as CloudIdTicket).refreshable;
}

/**
 * `data` (the pipeline's own copy of the caller's fields) with the tickets under `keys`
 * replaced by fresh ones from their sources, each once.
 */
function refreshTickets(data: Data, keys: string[]): Promise<Data> {
  const unique: string[] = [];
  for (let index = 0; index < keys.length; index++) if (unique.indexOf(keys[index]) < 0) unique.push(keys[index]);
  return Promise.all(unique.map((key) => (data[key] as CloudIdTicket).refresh())).then((tickets) => {
    // Each key is an own data property, so assigning sets it (even `__proto__`).
    for (let index = 0; index < unique.length; index++) data[unique[index]] = tickets[index];
    return data;
  });
}

/**
 * The one pipeline behind `callFunction` and `callContainer`: checks the params (as
 * `transportFor` makes the transport from them), the base library and `wx.cloud`, refreshes
 * stale tickets, builds the data for the transport, sends it with a timeout, and when the
 * backend answers with the failure envelope that cloudIDs expired in flight, refreshes
 * those tickets and sends once more. Phone codes are marked sent as they
 * go out; one rejected means the user must tap again, so that is never retried. Always a
 * Promise that settles: nothing is thrown synchronously, whatever the platform does.
 */
export function sendCall<Params extends SendOptions & { data?: unknown }, Result>(context: ClientContext, params: Params, transportFor: (params: Params) => Transport<Result>): Promise<Result> {
  let transport: Transport<Result>;
  let method: string;
  let callee: string;
  let marginMs: number | undefined;
  let timeout: number;

  // `reading` is of `sent` when the caller's data was read and nothing was refreshed.
  const send = (sent: Data, reading: CallDataReading | undefined, retried: boolean): Promise<Result> => {
    let phoneCodes = 0;
    const request = requestWithin<Result>(
      timeout,
      () => cloudIdError('CALL_TIMEOUT', `${callee}: no answer in ${timeout} ms (option timeout)`, { functionName: callee, timeout }),
      (error) => {
        const text = thrownText(error, `${method}:fail`);
        return isCloudIdError(error)
          ? error
          : text.indexOf(CLOUD_NOT_INITIALIZED_MESSAGE) >= 0
            ? // The instance given as cloud has its own init(), which the page must await.
              cloudIdError('CLOUD_UNAVAILABLE', `${context.cloud ? 'await cloud' : 'call wx.cloud'}.init() first`, { reason: 'not-initialized' })
            : callFailed(callee, text, thrownNumber(error, 'errCode'));
      },
      (resolve, fail) => {
        const prepared = prepareReading(context, reading || readCallDataIn(context, sent, { marginMs }, transport.container));
        const returned = transport.send(requireCloud(context), prepared.data, resolve, fail, timeout) as PromiseLike<Result> | undefined;
        // The request is out: WeChat takes each code once, so none of them may go again.
        phoneCodes = prepared.phoneCodes.length;
        for (let index = 0; index < phoneCodes; index++) markPhoneCodeSent(prepared.phoneCodes[index]);
        // A platform that answers through its Promise and ignores the callbacks still settles
        // the call, and its rejection is handled, never left unhandled.
        if (returned && typeof returned.then === 'function') returned.then(resolve, fail);
      },
    );
    return request.then((result) => {
      if (!result) throw callFailed(callee, `${method}:fail no result`);
      const answer = transport.answer(result);
      if (!isFailureEnvelope(answer)) return transport.settle ? transport.settle(result) : result;
      const failures: OpenDataFailure[] = answer.cloudIdFailure.failures.map(readFailure);
      const keys = failures.map((failure) => failure.key);
      // A phone code went out with this request and WeChat takes a code once: only a new tap helps.
      if (retried || phoneCodes || !failures.length || !failures.every((failure) => failure.reason === 'expired' && refreshable(sent, failure.key))) {
        const tapAgain = phoneCodes > 0;
        throw cloudIdError(
          'OPEN_DATA_REJECTED',
          `${callee} rejected ${failures.map((failure) => `${failure.key} (${failure.reason}: ${failure.errMsg})`).join(', ')}${tapAgain ? ': ask the user to tap again' : ''}`,
          { functionName: callee, failures, keys, tapAgain },
        );
      }
      return refreshTickets(sent, keys).then((fresh) => send(fresh, undefined, true));
    });
  };

  return new Promise<{ data: Data; reading?: CallDataReading }>((resolve) => {
    // transportFor checks the params first: they are an object past it.
    transport = transportFor(params);
    method = transport.method;
    callee = transport.callee;
    marginMs = params.marginMs;
    timeout = timeoutOption(params.timeout);
    if (transport.needs) assertBaseLibrary(context, transport.needs);
    requireCloud(context);
    // Each top-level field of the caller's data is read once, here: the refresh, the request
    // and the retry work on what was read. Data that is no object gets buildCallData's error.
    const reading = readCallDataIn(context, params.data === undefined ? {} : params.data, { marginMs }, transport.container);
    const given = fieldsAsRead(reading);
    const now = context.now();
    const stale = Object.keys(given).filter((key) => refreshable(given, key) && (given[key] as CloudIdTicket).isExpired(now, marginMs));
    resolve(stale.length ? refreshTickets(given, stale).then((fresh) => ({ data: fresh })) : { data: given, reading });
  }).then((next) => send(next.data, next.reading, false));
}
