import { isRecord } from '../core/is-object';
import { invalidOption } from '../core/errors';
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
import type { OpenDataOf } from '../core/payloads';
import type { CloudIdApi } from '../core/rules';
import { checkContextOption, watermarkAppIds, type CloudContext } from './context';

/** The opt-out's name, quoted in messages. */
const INSECURE_OPT_OUT = 'trustUnlistedOpenData_INSECURE_LOCAL_DEBUG_ONLY' satisfies keyof ReadOpenDataOptions;

export interface ReadOpenDataOptions extends WatermarkOptions {
  /**
   * `getContext(cloud)`: its OPEN_DATA_INFO says which event fields WeChat filled, its
   * APPID what the watermark must carry. Without it no open data is trusted.
   */
  context?: CloudContext;
  /**
   * The source the field's CloudID came from. A watermark is then required where WeChat
   * documents one (WeRun, user info, phone numbers); without it, or for other sources, a
   * watermark is checked when present (`requireWatermark: true` requires it always).
   */
  api?: CloudIdApi;
  /**
   * INSECURE. Trusts open data that OPEN_DATA_INFO does not list, but only when the
   * context is local debugging (ENV `'local'`) and OPEN_DATA_INFO lists nothing at all.
   * Anywhere else it changes nothing. A client can forge unlisted data at will.
   */
  trustUnlistedOpenData_INSECURE_LOCAL_DEBUG_ONLY?: boolean;
}

/**
 * Reads `event[key]` as open data WeChat put there in place of a top-level CloudID, and
 * says whether to trust it. In order: WeChat's failure objects are classified by their
 * code (`expired`, `invalid`, `user-mismatch`, `error`); a key that is absent or holds no
 * open data is `missing`; a key OPEN_DATA_INFO does not list is `forged`; then the
 * watermark must name this mini program (`watermark-appid`) and be recent
 * (`watermark-stale`). With `api`, the data is typed as that source's (`api: 'getWeRunData'`:
 * a `WeRunData`), otherwise as `T`; neither is checked beyond the watermark.
 */
export function readOpenData<Api extends CloudIdApi>(event: unknown, key: string, options: ReadOpenDataOptions & { api: Api }): OpenDataResult<OpenDataOf<Api>>;
export function readOpenData<T = unknown>(event: unknown, key: string, options?: ReadOpenDataOptions): OpenDataResult<T>;
export function readOpenData(event: unknown, key: string, options: ReadOpenDataOptions = {}): OpenDataResult<unknown> {
  if (typeof key !== 'string' || key === '') throw invalidOption('key', 'the name of an event field', key);
  if (typeof options !== 'object' || options === null) throw invalidOption('options', 'an object like { context: getContext(cloud) }', options);
  const watermarkOptions = resolveWatermarkOptions(options);
  const context = checkContextOption(options.context);

  const field = isRecord(event) && Object.prototype.hasOwnProperty.call(event, key) ? event[key] : undefined;
  if (field === undefined || field === null) {
    return untrusted('missing', `The event has no "${key}": put the ticket or CloudID at the top level of the call data under "${key}".`);
  }
  if (typeof field === 'string') {
    return untrusted(
      'missing',
      `"${key}" arrived as a bare string, not open data: WeChat replaces only CloudIDs at the top level of the call data, so this one was probably nested. Move it to the top level.`,
      field,
    );
  }
  if (!isRecord(field)) return untrusted('missing', `"${key}" is not open data: expected { cloudID, data }, got ${Array.isArray(field) ? 'an array' : typeof field}.`);
  // WeChat's failure object carries nothing to trust, and the client needs the true reason to recover.
  if (hasErrorCode(field)) return fromErrorItem(field);
  if (typeof field.cloudID !== 'string' || field.cloudID === '' || !isRecord(field.data)) {
    return untrusted('missing', `"${key}" is not open data: expected { cloudID, data } as WeChat delivers it.`, field.cloudID);
  }

  const listed = isListed(key, context, options[INSECURE_OPT_OUT] === true);
  if (listed !== true) return untrusted('forged', listed, field.cloudID);
  // isListed only says true with a context.
  const appIds = watermarkAppIds(context as CloudContext);
  return checkOpenData(field.cloudID, field.data, { appIds, required: isWatermarkRequired(options.api, watermarkOptions) }, watermarkOptions);
}

/** True when OPEN_DATA_INFO vouches for the key (or the local-debug opt-out applies); otherwise why not. */
function isListed(key: string, context: CloudContext | undefined, optOut: boolean): true | string {
  if (!context) return `No context to check "${key}" against: pass { context: getContext(cloud) } so OPEN_DATA_INFO can vouch for it.`;
  if (context.openDataKeys.includes(key)) return true;
  if (context.openDataKeys.length > 0) return `OPEN_DATA_INFO does not list "${key}": WeChat did not put this value there, the client did.`;
  if (optOut && context.localDebug) return true;
  return optOut
    ? `OPEN_DATA_INFO lists no keys, and ${INSECURE_OPT_OUT} only applies under local debugging (ENV "local"): "${key}" cannot be told from data the client made up.`
    : `OPEN_DATA_INFO lists no keys, so "${key}" cannot be told from data the client made up. Under local debugging only, ${INSECURE_OPT_OUT}: true accepts it.`;
}
