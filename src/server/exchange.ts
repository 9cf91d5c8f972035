import { isRecord } from '../core/is-object';
import { invalidOption } from '../core/errors';
import { exchangeFailed, isExchangeTimeout } from './errors';
import {
  checkOpenData,
  fromErrorItem,
  hasErrorCode,
  isWatermarkRequired,
  resolveWatermarkOptions,
  untrusted,
  type OpenDataResult,
  type WatermarkOptions,
} from '../core/open-data-checks';
import { MAX_IDS_PER_GET_OPEN_DATA, type CloudIdApi } from '../core/rules';
import type { OpenDataOf } from '../core/payloads';
import type { CloudLike } from './cloud';
import { checkContextOption, getContext, watermarkAppIds, type CloudContext } from './context';
import { describeThrown } from '../core/thrown';
import { resolveTimeout, settleWithin } from './timeout';

export interface ExchangeOpenDataOptions extends WatermarkOptions {
  /** `getContext(cloud)`, when you already have it; read from `cloud` otherwise. */
  context?: CloudContext;
  /** The source the cloudIDs came from, when all share one: a watermark is then required where WeChat documents one. */
  api?: CloudIdApi;
  /** Reject with `EXCHANGE_TIMEOUT` when `getOpenData` has not answered within this many milliseconds; default 2500. */
  timeoutMs?: number;
}

/**
 * Exchanges cloudIDs sent as plain strings for their open data through
 * `cloud.getOpenData`. One result per id, in the order given, shaped like
 * `readOpenData`'s: WeChat's per-id failures are classified by code, and the watermark
 * is checked. The data comes from WeChat's backend, so there is nothing to forge. With
 * `api`, the data is typed as that source's, otherwise as `T`.
 *
 * getOpenData has no documented limit on the number of ids; this sends at most five per
 * request, in parallel (`MAX_IDS_PER_GET_OPEN_DATA`, a choice). In a cross-account call
 * (the context has FROM_APPID) it passes FROM_APPID as getOpenData's `appid`: the option
 * is undocumented and wx-server-sdk forwards it to WeChat, and a reported resource-sharing
 * setup fails with -601007 without it (unverified beyond that report).
 *
 * Rejects with `OPEN_DATA_EXCHANGE_FAILED` when `getOpenData` is missing, throws or answers
 * without a `list`, and with `EXCHANGE_TIMEOUT` when it has not answered within
 * `timeoutMs` (default `DEFAULT_EXCHANGE_TIMEOUT_MS`).
 */
export function exchangeOpenData<Api extends CloudIdApi>(cloud: CloudLike, ids: readonly string[], options: ExchangeOpenDataOptions & { api: Api }): Promise<OpenDataResult<OpenDataOf<Api>>[]>;
export function exchangeOpenData<T = unknown>(cloud: CloudLike, ids: readonly string[], options?: ExchangeOpenDataOptions): Promise<OpenDataResult<T>[]>;
export async function exchangeOpenData(cloud: CloudLike, ids: readonly string[], options: ExchangeOpenDataOptions = {}): Promise<OpenDataResult<unknown>[]> {
  if (typeof cloud !== 'object' || cloud === null) throw invalidOption('cloud', "wx-server-sdk's cloud object: pass require('wx-server-sdk')", cloud);
  if (!Array.isArray(ids)) throw invalidOption('ids', 'an array of cloudID strings', ids);
  const badIndex = ids.findIndex((id) => typeof id !== 'string' || id === '');
  if (badIndex !== -1) throw invalidOption(`ids[${badIndex}]`, 'a non-empty cloudID string', ids[badIndex]);
  const getOpenData = cloud.getOpenData;
  if (typeof getOpenData !== 'function') {
    throw exchangeFailed('unavailable', 'getOpenData', "cloud has no getOpenData: pass wx-server-sdk's cloud object (require('wx-server-sdk'), after cloud.init()).");
  }
  const watermarkOptions = resolveWatermarkOptions(options);
  const timeoutMs = resolveTimeout(options.timeoutMs);
  const givenContext = checkContextOption(options.context);
  if (ids.length === 0) return [];
  const context = givenContext ?? getContext(cloud);
  const expected = { appIds: watermarkAppIds(context), required: isWatermarkRequired(options.api, watermarkOptions) };
  const appid = context.FROM_APPID;

  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_GET_OPEN_DATA) batches.push(ids.slice(start, start + MAX_IDS_PER_GET_OPEN_DATA));
  const lists = await Promise.all(
    // wx-server-sdk returns a Promise; its typing says a plain result: settleWithin handles both.
    batches.map((list) => requestBatch(() => settleWithin('getOpenData', timeoutMs, () => getOpenData.call(cloud, appid ? { list, appid } : { list })))),
  );

  return batches.flatMap((batch, batchIndex) =>
    batch.map((id, index) => {
      const item = findItem(lists[batchIndex], id, index);
      if (!item) return untrusted('error', 'getOpenData returned no entry for this cloudID.', id);
      if (hasErrorCode(item)) return fromErrorItem({ ...item, cloudID: id });
      if (!isRecord(item.data)) return untrusted('error', 'getOpenData returned an entry without data for this cloudID.', id);
      return checkOpenData(id, item.data, expected, watermarkOptions);
    }),
  );
}

async function requestBatch(request: () => Promise<unknown>): Promise<unknown[]> {
  let response: unknown;
  try {
    response = await request();
  } catch (error) {
    if (isExchangeTimeout(error)) throw error;
    const { errMsg, errCode } = describeThrown(error);
    throw exchangeFailed('failed', 'getOpenData', errMsg, errCode, error);
  }
  if (isRecord(response) && Array.isArray(response.list)) return response.list;
  if (isRecord(response) && hasErrorCode(response)) {
    throw exchangeFailed('failed', 'getOpenData', typeof response.errMsg === 'string' ? response.errMsg : `errCode ${response.errCode}`, response.errCode);
  }
  throw exchangeFailed('malformed-response', 'getOpenData', 'expected { list: [...] }, got ' + (Array.isArray(response) ? 'an array' : typeof response) + '.');
}

/** The entry for `id`: matched by cloudID, or by position when entries carry none. */
function findItem(list: unknown[], id: string, index: number): Record<string, unknown> | undefined {
  const byId = list.find((item) => isRecord(item) && item.cloudID === id);
  if (isRecord(byId)) return byId;
  const byPosition = list[index];
  return isRecord(byPosition) && byPosition.cloudID === undefined ? byPosition : undefined;
}
