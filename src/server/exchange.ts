import { OpenDataExchangeError } from '../core/errors';
import { MAX_IDS_PER_GET_OPEN_DATA, type CloudIdApi } from '../core/rules';
import type { CloudLike } from './cloud';
import {
  checkOpenData,
  fromErrorItem,
  hasErrorCode,
  isRecord,
  isWatermarkRequired,
  resolveWatermarkOptions,
  untrusted,
  type OpenDataResult,
  type WatermarkOptions,
} from '../core/open-data-checks';
import { checkContextOption, getContext, watermarkAppIds, type CloudContext } from './context';

export interface ExchangeOpenDataOptions extends WatermarkOptions {
  /** `getContext(cloud)`, when you already have it; read from `cloud` otherwise. */
  context?: CloudContext;
  /** The source the cloudIDs came from, when all share one: a watermark is then required where WeChat documents one. */
  api?: CloudIdApi;
}

/**
 * Exchanges cloudIDs sent as plain strings for their open data through
 * `cloud.getOpenData`, at most five per request (longer lists are split). One result per
 * id, in the order given, shaped like `readOpenData`'s: WeChat's per-id failures are
 * classified by code, and the watermark is checked. The data comes from WeChat's
 * backend, so there is nothing to forge. Rejects with `OpenDataExchangeError` when
 * `getOpenData` is missing, throws or answers without a `list`.
 */
export async function exchangeOpenData<T = unknown>(cloud: CloudLike, ids: readonly string[], options: ExchangeOpenDataOptions = {}): Promise<OpenDataResult<T>[]> {
  if (typeof cloud !== 'object' || cloud === null) throw new TypeError("exchangeOpenData(cloud, ids): cloud must be wx-server-sdk's cloud object: pass require('wx-server-sdk').");
  if (!Array.isArray(ids)) throw new TypeError(`exchangeOpenData(cloud, ids): ids must be an array of cloudID strings, got ${ids === null ? 'null' : typeof ids}.`);
  const badIndex = ids.findIndex((id) => typeof id !== 'string' || id === '');
  if (badIndex !== -1) {
    throw new TypeError(`exchangeOpenData(cloud, ids): ids[${badIndex}] must be a non-empty cloudID string, got ${ids[badIndex] === '' ? 'an empty string' : typeof ids[badIndex]}.`);
  }
  const getOpenData = cloud.getOpenData;
  if (typeof getOpenData !== 'function') {
    throw new OpenDataExchangeError('unavailable', "cloud has no getOpenData: pass wx-server-sdk's cloud object (require('wx-server-sdk'), after cloud.init()).");
  }
  const watermarkOptions = resolveWatermarkOptions(options);
  if (ids.length === 0) return [];
  const context = checkContextOption(options.context) ?? getContext(cloud);
  const expected = { appIds: watermarkAppIds(context), required: isWatermarkRequired(options.api, watermarkOptions) };

  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_GET_OPEN_DATA) batches.push(ids.slice(start, start + MAX_IDS_PER_GET_OPEN_DATA));
  const lists = await Promise.all(batches.map((list) => requestBatch((request) => getOpenData.call(cloud, request), list)));

  return batches.flatMap((batch, batchIndex) =>
    batch.map((id, index) => {
      const item = findItem(lists[batchIndex], id, index);
      if (!item) return untrusted('error', 'getOpenData returned no entry for this cloudID.', id);
      if (hasErrorCode(item)) return fromErrorItem({ ...item, cloudID: id });
      if (!isRecord(item.data)) return untrusted('error', 'getOpenData returned an entry without data for this cloudID.', id);
      return checkOpenData<T>(id, item.data, expected, watermarkOptions);
    }),
  );
}

async function requestBatch(getOpenData: (request: { list: string[] }) => unknown, list: string[]): Promise<unknown[]> {
  let response: unknown;
  try {
    // wx-server-sdk returns a Promise; its typing says a plain result: await handles both.
    response = await getOpenData({ list });
  } catch (error) {
    const { errMsg, errCode } = describeThrown(error);
    throw new OpenDataExchangeError('failed', errMsg, errCode, error);
  }
  if (isRecord(response) && Array.isArray(response.list)) return response.list;
  if (isRecord(response) && hasErrorCode(response)) {
    throw new OpenDataExchangeError('failed', typeof response.errMsg === 'string' ? response.errMsg : `errCode ${response.errCode}`, response.errCode);
  }
  throw new OpenDataExchangeError('malformed-response', 'expected { list: [...] }, got ' + (Array.isArray(response) ? 'an array' : typeof response) + '.');
}

/** The entry for `id`: matched by cloudID, or by position when entries carry none. */
function findItem(list: unknown[], id: string, index: number): Record<string, unknown> | undefined {
  const byId = list.find((item) => isRecord(item) && item.cloudID === id);
  if (isRecord(byId)) return byId;
  const byPosition = list[index];
  return isRecord(byPosition) && byPosition.cloudID === undefined ? byPosition : undefined;
}

function describeThrown(error: unknown): { errMsg: string; errCode?: number } {
  if (!isRecord(error)) return { errMsg: String(error) };
  const fields = error as { errMsg?: unknown; message?: unknown; errCode?: unknown };
  const errMsg = typeof fields.errMsg === 'string' ? fields.errMsg : typeof fields.message === 'string' ? fields.message : String(error);
  return typeof fields.errCode === 'number' ? { errMsg, errCode: fields.errCode } : { errMsg };
}
