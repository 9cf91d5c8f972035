import { CloudIdMissingError, InvalidOptionError, OpenDataApiError, PhoneCodeUnavailableError } from '../core/errors';
import { MIN_BASE_LIBRARY, PHONE_CODE_NO_QUOTA_ERRNO, USER_GESTURE_APIS, type CloudIdApi } from '../core/rules';
import type { ClientContext } from './context';
import { thrownNumber, thrownText } from '../core/thrown';
import { PhoneCode, type PhoneCodeApi } from './phone-code';
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
  options?: Record<string, unknown>,
  requiredOption?: string,
): Promise<CloudIdTicket<Api, Raw>> {
  // No default parameter: an ES5 compile pads them.
  const given = options === undefined ? {} : options;
  return new Promise<Raw>((resolve, reject) => {
    const required = requiredOption && given[requiredOption];
    if (requiredOption && (typeof required !== 'string' || required === '')) throw new InvalidOptionError(requiredOption, 'a non-empty string', required);
    assertBaseLibrary(context, api);
    requireCloud(context);
    const wx = context.wx();
    const call = wx[api] as ((options: object) => unknown) | undefined;
    if (typeof call !== 'function') throw new OpenDataApiError(api, `wx.${api} is not available in this environment`);
    const fail = (error: unknown) => reject(new OpenDataApiError(api, thrownText(error, `${api}:fail`), thrownNumber(error, 'errno')));
    // Callbacks rather than the Promise form: getGroupEnterInfo has no Promise form.
    try {
      call.call(wx, Object.assign({}, given, { success: resolve, fail }));
    } catch (error) {
      fail(error);
    }
  }).then((raw) => ticketFromResultIn(context, api, raw, USER_GESTURE_APIS.indexOf(api) >= 0 ? undefined : () => requestTicket<Api, Raw>(context, api, given)));
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

/** A button's open-data event (`bindgetphonenumber`, `bindgetuserinfo`, `bindgetrealtimephonenumber`). */
export interface OpenDataButtonEvent<Detail extends OpenDataButtonDetail = OpenDataButtonDetail> {
  type: string;
  detail: Detail;
}

/** The `detail` of a phone-number button's event: `code` from 2.21.2 (getRealtimePhoneNumber: 2.24.4). */
export interface PhoneNumberButtonDetail extends OpenDataButtonDetail {
  code?: string;
  /** 1400001 when the mini program's quota is used up. */
  errno?: number;
}

const BUTTON_EVENTS = ['getphonenumber', 'getuserinfo', 'getrealtimephonenumber'];
const BUTTON_APIS = ['getPhoneNumber', 'getUserInfo', 'getRealtimePhoneNumber'] as const;

/** The API behind a button event's type (an array lookup: `constructor` is no event type). */
function buttonApi(event: OpenDataButtonEvent | undefined): (typeof BUTTON_APIS)[number] | undefined {
  return BUTTON_APIS[BUTTON_EVENTS.indexOf(String(event && event.type).toLowerCase())];
}

/**
 * The ticket in a `getPhoneNumber` / `getUserInfo` button event; throws when the user
 * declined. A `getrealtimephonenumber` event has no cloudID: its error says to use `phoneCodeFromEvent`.
 */
export function ticketFromEventIn<Detail extends OpenDataButtonDetail>(context: ClientContext, event: OpenDataButtonEvent<Detail>): CloudIdTicket<'getPhoneNumber' | 'getUserInfo', Detail> {
  const api = buttonApi(event);
  if (!api) throw new InvalidOptionError('event', 'a getphonenumber or getuserinfo button event', event && event.type);
  if (api === 'getRealtimePhoneNumber') throw new CloudIdMissingError(api);
  const errMsg = event.detail && event.detail.errMsg;
  if (errMsg && !/:ok$/.test(errMsg)) throw new OpenDataApiError(api, errMsg);
  return ticketFromResultIn(context, api, event.detail);
}

/**
 * The phone code in a `getphonenumber` or `getrealtimephonenumber` button event: WeChat's
 * recommended phone-number flow. Throws `PhoneCodeUnavailableError` saying why there is none.
 */
export function phoneCodeFromEventIn(context: ClientContext, event: OpenDataButtonEvent<PhoneNumberButtonDetail>): PhoneCode {
  const api = buttonApi(event);
  const type = String(event && event.type);
  if (!api || api === 'getUserInfo') throw new PhoneCodeUnavailableError('not-a-phone-event', type);
  const detail = event.detail || {};
  const errMsg = typeof detail.errMsg === 'string' ? detail.errMsg : undefined;
  if (detail.errno === PHONE_CODE_NO_QUOTA_ERRNO) throw new PhoneCodeUnavailableError('no-quota', type, errMsg, detail.errno);
  if (errMsg && !/:ok$/.test(errMsg)) throw new PhoneCodeUnavailableError(/deny|cancel/.test(errMsg) ? 'declined' : 'failed', type, errMsg, detail.errno);
  if (typeof detail.code !== 'string' || !detail.code) throw new PhoneCodeUnavailableError('no-code', type, errMsg);
  return new PhoneCode(detail.code, api as PhoneCodeApi, context.now(), context.now);
}
