import { CLOUD_ID_MARK } from '../core/cloud-id-mark';
import { isFailureEnvelope, readFailure, type OpenDataFailure } from '../core/envelope';
import { CallFailedError, CloudUnavailableError, OpenDataRejectedError } from '../core/errors';
import { CLOUD_NOT_INITIALIZED_MESSAGE } from '../core/rules';
import { buildCallDataIn, copyFields, type CallDataOptions } from './call-data';
import type { ClientContext } from './context';
import { errorNumber, errorText } from './error-text';
import type { CloudIdTicket } from './ticket';
import { requireCloud } from './version';
import type { CallFunctionResult } from './wx';

export interface CallFunctionParams<Data extends object = Record<string, unknown>> extends CallDataOptions {
  /** The cloud function's name. */
  name: string;
  /** The event to send; tickets and references at its top level become CloudIDs. */
  data?: Data;
  /** Passed through to `wx.cloud.callFunction` (e.g. `{ env }`). */
  config?: object;
  /** Passed through to `wx.cloud.callFunction`. */
  slow?: boolean;
}

type Data = Record<string, unknown>;

function asTicket(value: unknown): CloudIdTicket | undefined {
  const ticket = value as CloudIdTicket | undefined;
  return ticket && ticket[CLOUD_ID_MARK] === 'ticket' ? ticket : undefined;
}

/** A copy of `data` with the tickets under `keys` replaced by fresh ones from their sources. */
function refreshTickets(data: Data, keys: string[]): Promise<Data> {
  return Promise.all(keys.map((key) => (data[key] as CloudIdTicket).refresh())).then((tickets) =>
    copyFields(data, (key, value) => {
      const index = keys.indexOf(key);
      return index >= 0 ? tickets[index] : value;
    }),
  );
}

/**
 * Refreshes stale tickets, validates and builds the data, calls the cloud function, and
 * when a `withOpenData` function answers that cloudIDs expired in flight, refreshes
 * those tickets and retries once.
 */
export function callFunctionIn(context: ClientContext, params: CallFunctionParams<object>): Promise<CallFunctionResult> {
  const { name, data = {}, config, slow, marginMs } = params;

  const send = (sent: Data, retried: boolean): Promise<CallFunctionResult> =>
    new Promise<CallFunctionResult>((resolve, reject) => {
      const cloud = requireCloud(context);
      const fail = (error: unknown) => {
        const text = errorText(error, 'cloud.callFunction:fail');
        reject(text.indexOf(CLOUD_NOT_INITIALIZED_MESSAGE) >= 0 ? new CloudUnavailableError('not-initialized') : new CallFailedError(name, text, errorNumber(error, 'errCode')));
      };
      const data = buildCallDataIn(context, sent, { marginMs });
      try {
        cloud.callFunction({ name, data, config, slow, success: resolve, fail });
      } catch (error) {
        fail(error);
      }
    }).then((response) => {
      if (!isFailureEnvelope(response.result)) return response;
      const failures: OpenDataFailure[] = response.result.cloudIdFailure.failures.map(readFailure);
      const recoverable = !retried && failures.length > 0 && failures.every((failure) => failure.reason === 'expired' && (asTicket(sent[failure.key]) || { refreshable: false }).refreshable);
      if (!recoverable) throw new OpenDataRejectedError(name, failures);
      return refreshTickets(sent, failures.map((failure) => failure.key)).then((fresh) => send(fresh, true));
    });

  return Promise.resolve(data as Data).then((given) => {
    const now = context.now();
    const stale = Object.keys(given).filter((key) => {
      const ticket = asTicket(given[key]);
      return ticket && ticket.refreshable && ticket.isExpired(now, marginMs);
    });
    return (stale.length ? refreshTickets(given, stale) : Promise.resolve(given)).then((fresh) => send(fresh, false));
  });
}
