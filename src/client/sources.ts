import { CloudIdMissingError, OpenDataApiError } from '../core/errors';
import { MIN_BASE_LIBRARY, USER_GESTURE_APIS, type CloudIdApi } from '../core/rules';
import type { ClientContext } from './context';
import { errorNumber, errorText } from './error-text';
import { CloudIdTicket } from './ticket';
import { assertBaseLibrary, requireCloud } from './version';

/** APIs this package calls itself (`getPhoneNumber` is a button, read with `ticketFromEvent`). */
export type CloudIdSourceApi = Exclude<CloudIdApi, 'getPhoneNumber'>;

interface OpenDataResult {
  cloudID?: unknown;
  errMsg?: string;
}

/**
 * Calls an open-data API and wraps its cloudID in a ticket. Checks the base library and
 * `wx.cloud` first, so an old client fails with a clear error instead of a missing field.
 */
export function requestTicket<Api extends CloudIdSourceApi, Raw>(
  context: ClientContext,
  api: Api,
  options: Record<string, unknown> = {},
  requiredOption?: string,
): Promise<CloudIdTicket<Api, Raw>> {
  return new Promise<Raw>((resolve, reject) => {
    const required = requiredOption && options[requiredOption];
    if (requiredOption && (typeof required !== 'string' || required === '')) throw new TypeError(`${api}({ ${requiredOption} }) needs ${requiredOption} as a non-empty string.`);
    assertBaseLibrary(context, api);
    requireCloud(context);
    const wx = context.wx();
    const call = wx[api];
    if (typeof call !== 'function') throw new OpenDataApiError(api, `wx.${api} is not available in this environment`);
    const fail = (error: unknown) => reject(new OpenDataApiError(api, errorText(error, `${api}:fail`), errorNumber(error, 'errno')));
    // Callbacks rather than the Promise form: getGroupEnterInfo has no Promise form.
    try {
      call.call(wx, Object.assign({}, options, { success: (result: unknown) => resolve(result as Raw), fail }));
    } catch (error) {
      fail(error);
    }
  }).then((raw) => ticketFromResultIn(context, api, raw, USER_GESTURE_APIS.indexOf(api) >= 0 ? undefined : () => requestTicket<Api, Raw>(context, api, options)));
}

/** Wraps a result the page obtained itself; such a ticket cannot be refreshed by code. */
export function ticketFromResultIn<Api extends CloudIdApi, Raw>(
  context: ClientContext,
  api: Api,
  raw: Raw,
  refresher?: () => Promise<CloudIdTicket<Api, Raw>>,
): CloudIdTicket<Api, Raw> {
  const id = raw && (raw as OpenDataResult).cloudID;
  if (typeof id !== 'string' || id === '') throw new CloudIdMissingError(api, MIN_BASE_LIBRARY[api]);
  return new CloudIdTicket(id, api, context.now(), raw, context.now, refresher);
}

/** The `detail` of a button's open-data event. */
export interface OpenDataButtonDetail {
  errMsg?: string;
  cloudID?: string;
}

/** A button's open-data event (`bindgetphonenumber`, `bindgetuserinfo`). */
export interface OpenDataButtonEvent<Detail extends OpenDataButtonDetail = OpenDataButtonDetail> {
  type: string;
  detail: Detail;
}

const BUTTON_EVENT_APIS: Record<string, CloudIdApi> = { getphonenumber: 'getPhoneNumber', getuserinfo: 'getUserInfo' };

/** The ticket in a `getPhoneNumber` / `getUserInfo` button event; throws when the user declined. */
export function ticketFromEventIn<Detail extends OpenDataButtonDetail>(context: ClientContext, event: OpenDataButtonEvent<Detail>): CloudIdTicket<'getPhoneNumber' | 'getUserInfo', Detail> {
  const api = BUTTON_EVENT_APIS[String(event && event.type).toLowerCase()] as 'getPhoneNumber' | 'getUserInfo' | undefined;
  if (!api) throw new TypeError(`ticketFromEvent(e) needs a getphonenumber or getuserinfo button event, got type "${event && event.type}".`);
  const errMsg = event.detail && event.detail.errMsg;
  if (errMsg && !/:ok$/.test(errMsg)) throw new OpenDataApiError(api, errMsg);
  return ticketFromResultIn(context, api, event.detail);
}
