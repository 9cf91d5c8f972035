import { cloudIdError, invalidOption, type CloudIdError, type PhoneCodeUnavailableReason } from '../core/errors';
import { MIN_BASE_LIBRARY, PHONE_CODE_NO_QUOTA_ERRNO, PHONE_NUMBER_CODE_SINCE, REALTIME_PHONE_NUMBER_SINCE, USER_GESTURE_APIS, type CloudIdApi } from '../core/rules';
import type { ClientContext } from './context';
import { thrownNumber, thrownText } from '../core/thrown';
import { PhoneCode, type PhoneCodeApi } from './phone-code';
import { CloudIdTicket } from './ticket';
import { requestWithin, timeoutOption } from './timeout';
import { assertBaseLibrary, requireCloud } from './version';

/** APIs this package calls itself (`getPhoneNumber` is a button, read with `ticketFromEvent`). */
export type CloudIdSourceApi = Exclude<CloudIdApi, 'getPhoneNumber'>;

/** An open-data API failed (user denied, not supported, ...). */
function openDataApiFailed(api: CloudIdApi, errMsg: string, errno?: number): CloudIdError<'OPEN_DATA_API_FAILED'> {
  return cloudIdError('OPEN_DATA_API_FAILED', `${api}: ${errMsg}`, { api, errMsg, errno });
}

/**
 * The API succeeded but its result has no cloudID. The message names every known cause:
 * cloud development off or an old base library; for getUserInfo also `withCredentials: false`
 * or no login session; a `getrealtimephonenumber` event never has one.
 */
function cloudIdMissing(api: CloudIdApi | 'getRealtimePhoneNumber', required?: string): CloudIdError<'CLOUD_ID_MISSING'> {
  return cloudIdError(
    'CLOUD_ID_MISSING',
    required
      ? `${api} gave no cloudID: enable cloud development, require base library ${required}+${api === 'getUserInfo' ? ', use withCredentials after wx.login' : ''}`
      : `${api} has no cloudID: use phoneCodeFromEvent(e)`,
    { api },
  );
}

/** A phone-number button event without a usable code; the message says why and what to do. */
function phoneCodeUnavailable(reason: PhoneCodeUnavailableReason, eventType: string, errMsg?: string, errno?: number): CloudIdError<'PHONE_CODE_UNAVAILABLE'> {
  // Written here rather than as a module-level table of template literals, which bundlers keep even when unused.
  const why: Record<PhoneCodeUnavailableReason, string> = {
    declined: 'declined: go on without the number',
    'no-quota': `quota used up (errno ${PHONE_CODE_NO_QUOTA_ERRNO}): buy more`,
    failed: 'failed: ask the user to tap again',
    'no-code': `no code: require base library ${PHONE_NUMBER_CODE_SINCE}+ (getRealtimePhoneNumber ${REALTIME_PHONE_NUMBER_SINCE}+)`,
    'not-a-phone-event': 'not a phone-number button event',
  };
  return cloudIdError('PHONE_CODE_UNAVAILABLE', `${eventType}: ${why[reason]}${errMsg ? ` (${errMsg})` : ''}`, { reason, eventType, errMsg, errno });
}

interface OpenDataResult {
  cloudID?: unknown;
  errMsg?: string;
}

/**
 * Calls an open-data API and wraps its cloudID in a ticket. Checks the base library and
 * `wx.cloud` first, so an old client fails with a clear error instead of a missing field.
 * Fails with `OpenDataApiError` when the API has not called back within the `timeout`
 * option (passed on to the API too, which getShareInfo honours).
 */
export function requestTicket<Api extends CloudIdSourceApi, Raw>(
  context: ClientContext,
  api: Api,
  options?: Record<string, unknown>,
  requiredOption?: string,
): Promise<CloudIdTicket<Api, Raw>> {
  // No default parameter: an ES5 compile pads them.
  const given = options === undefined ? {} : options;
  return new Promise<Raw>((resolve) => {
    const timeout = timeoutOption(given.timeout);
    const required = requiredOption && given[requiredOption];
    if (requiredOption && (typeof required !== 'string' || required === '')) throw invalidOption(requiredOption, 'a non-empty string', required);
    assertBaseLibrary(context, api);
    requireCloud(context);
    const wx = context.wx();
    const call = wx[api] as ((options: object) => unknown) | undefined;
    if (typeof call !== 'function') throw openDataApiFailed(api, `wx.${api} is missing`);
    resolve(
      requestWithin<Raw>(
        timeout,
        // An API that never calls back fails the same way once the timeout has passed.
        () => `${api}:fail timeout: no answer in ${timeout} ms (option timeout)`,
        (error) => openDataApiFailed(api, thrownText(error, `${api}:fail`), thrownNumber(error, 'errno')),
        // Callbacks rather than the Promise form: getGroupEnterInfo has no Promise form.
        (success, fail) => call.call(wx, Object.assign({}, given, { success, fail })),
      ),
    );
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
  if (typeof id !== 'string' || id === '') throw cloudIdMissing(api, MIN_BASE_LIBRARY[api]);
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

const BUTTON_APIS = ['getPhoneNumber', 'getUserInfo', 'getRealtimePhoneNumber'] as const;

/** The API behind a button event's type, which is the API's name in lower case (`getphonenumber`). */
function buttonApi(event: OpenDataButtonEvent | undefined): (typeof BUTTON_APIS)[number] | undefined {
  const type = String(event && event.type).toLowerCase();
  for (let index = 0; index < BUTTON_APIS.length; index++) if (BUTTON_APIS[index].toLowerCase() === type) return BUTTON_APIS[index];
  return undefined;
}

/**
 * The ticket in a `getPhoneNumber` / `getUserInfo` button event; throws when the user
 * declined. A `getrealtimephonenumber` event has no cloudID: its error says to use `phoneCodeFromEvent`.
 */
export function ticketFromEventIn<Detail extends OpenDataButtonDetail>(context: ClientContext, event: OpenDataButtonEvent<Detail>): CloudIdTicket<'getPhoneNumber' | 'getUserInfo', Detail> {
  const api = buttonApi(event);
  if (!api) throw invalidOption('event', 'a getPhoneNumber or getUserInfo button event', event && event.type);
  if (api === 'getRealtimePhoneNumber') throw cloudIdMissing(api);
  const errMsg = event.detail && event.detail.errMsg;
  if (errMsg && !/:ok$/.test(errMsg)) throw openDataApiFailed(api, errMsg);
  return ticketFromResultIn(context, api, event.detail);
}

/**
 * The phone code in a `getphonenumber` or `getrealtimephonenumber` button event: WeChat's
 * recommended phone-number flow. Throws `PHONE_CODE_UNAVAILABLE` saying why there is none.
 */
export function phoneCodeFromEventIn(context: ClientContext, event: OpenDataButtonEvent<PhoneNumberButtonDetail>): PhoneCode {
  const api = buttonApi(event);
  const type = String(event && event.type);
  if (!api || api === 'getUserInfo') throw phoneCodeUnavailable('not-a-phone-event', type);
  const detail = event.detail || {};
  const errMsg = typeof detail.errMsg === 'string' ? detail.errMsg : undefined;
  if (detail.errno === PHONE_CODE_NO_QUOTA_ERRNO) throw phoneCodeUnavailable('no-quota', type, errMsg, detail.errno);
  if (errMsg && !/:ok$/.test(errMsg)) throw phoneCodeUnavailable(/deny|cancel/.test(errMsg) ? 'declined' : 'failed', type, errMsg, detail.errno);
  if (typeof detail.code !== 'string' || !detail.code) throw phoneCodeUnavailable('no-code', type, errMsg);
  return new PhoneCode(detail.code, api as PhoneCodeApi, context.now(), context.now);
}
