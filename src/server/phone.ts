import { isRecord } from '../core/is-object';
import { invalidOption } from '../core/errors';
import { exchangeFailed, isExchangeTimeout } from './errors';
import { checkPhoneInfo, fromPhoneCodeError, resolveWatermarkOptions, type PhoneCodeResult, type WatermarkOptions } from '../core/open-data-checks';
import { PHONE_NUMBER_OPENAPI } from '../core/rules';
import type { CloudLike, CloudOpenApi } from './cloud';
import { checkContextOption, getContext, watermarkAppIds, type CloudContext } from './context';
import type { PhoneNumber } from '../core/payloads';
import { describeThrown } from '../core/thrown';
import { resolveTimeout, settleWithin } from './timeout';

const API = `openapi.${PHONE_NUMBER_OPENAPI}`;

export interface ExchangePhoneCodeOptions extends Omit<WatermarkOptions, 'requireWatermark'> {
  /** `getContext(cloud)`, when you already have it; read from `cloud` otherwise. */
  context?: CloudContext;
  /**
   * Sent as getPhoneNumber's `openid`, so WeChat checks that the code belongs to this
   * user. Default: the caller's openid from the context (OPENID; in a cross-account call
   * FROM_OPENID, the user's openid in the calling mini program the code is exchanged as),
   * so a code another user obtained is refused. `null` sends none.
   */
  openid?: string | null;
  /** Reject with `EXCHANGE_TIMEOUT` when WeChat has not answered within this many milliseconds; default 2500. */
  timeoutMs?: number;
}

/**
 * Exchanges a phone code (the `getPhoneNumber` button's `e.detail.code`, base library
 * 2.21.2+, or the `getRealtimePhoneNumber` button's) for the user's phone number, through
 * `cloud.openapi.phonenumber.getPhoneNumber`. The function's config.json must allow it:
 * `"permissions": { "openapi": ["phonenumber.getPhoneNumber"] }`.
 *
 * A code belongs to the mini program whose button issued it. In a cross-account call (the
 * context has FROM_APPID: another account's mini program calls this environment) cloud
 * calls go out as the environment's own mini program unless told otherwise, so the code is
 * exchanged through `cloud.openapi({ appid: FROM_APPID })`, as the calling mini program
 * (WeChat's "跨账号环境共享下的云调用"); as the owner, WeChat answers 40013.
 *
 * Resolves `{ ok: true, data }` with a checked `PhoneNumber` (its watermark names this
 * mini program and is fresh), or `{ ok: false, reason, errCode, errMsg }`: `code-invalid`
 * (40029: invalid, used or expired; the user must tap again), `appid-mismatch` (40013),
 * `rate-limited` (45011), `quota-exceeded`, `no-permission` (-604101; the message shows
 * the config.json entry), `watermark-appid` / `watermark-stale`, or `error`.
 *
 * Rejects with `OPEN_DATA_EXCHANGE_FAILED` when `cloud` has no `openapi` or WeChat's answer
 * is not getPhoneNumber's, and with `EXCHANGE_TIMEOUT` after `timeoutMs`.
 */
export async function exchangePhoneCode(cloud: CloudLike, code: string, options: ExchangePhoneCodeOptions = {}): Promise<PhoneCodeResult<PhoneNumber>> {
  if (typeof cloud !== 'object' || cloud === null) throw invalidOption('cloud', "wx-server-sdk's cloud object: pass require('wx-server-sdk')", cloud);
  if (typeof code !== 'string' || code === '') {
    throw invalidOption('code', "the phone code string: the button event's e.detail.code, or the field a PhoneCode was sent as", code);
  }
  if (!isRecord(options)) throw invalidOption('options', 'an object like { context: getContext(cloud) }', options);
  const watermarkOptions = resolveWatermarkOptions(options);
  const timeoutMs = resolveTimeout(options.timeoutMs);
  if (options.openid !== undefined && options.openid !== null && (typeof options.openid !== 'string' || options.openid === '')) {
    throw invalidOption('openid', "the user's openid, or null to send none", options.openid);
  }
  const context = checkContextOption(options.context) ?? getContext(cloud);
  // wx-server-sdk's openapi is a Proxy around functions: every path is callable.
  const phonenumber = (context.FROM_APPID ? openapiAs(cloud, context.FROM_APPID) : cloud.openapi)?.phonenumber;
  const getPhoneNumber = phonenumber?.getPhoneNumber;
  if (typeof getPhoneNumber !== 'function') {
    throw exchangeFailed('unavailable', API, "cloud has no openapi.phonenumber.getPhoneNumber: pass wx-server-sdk's cloud object (require('wx-server-sdk'), after cloud.init()).");
  }
  const openid = options.openid === undefined ? (context.FROM_APPID ? context.FROM_OPENID : context.OPENID) : options.openid;
  const request = openid ? { code, openid } : { code };

  let response: unknown;
  try {
    response = await settleWithin(API, timeoutMs, () => getPhoneNumber.call(phonenumber, request));
  } catch (error) {
    if (isExchangeTimeout(error)) throw error;
    const { errMsg, errCode } = describeThrown(error);
    // wx-server-sdk gives every failure a numeric errCode (WeChat's, or its own); anything else is not its answer.
    if (errCode === undefined) throw exchangeFailed('failed', API, errMsg, undefined, error);
    return fromPhoneCodeError(errCode, errMsg);
  }
  if (!isRecord(response)) {
    throw exchangeFailed('malformed-response', API, `expected { phoneInfo }, got ${response === null ? 'null' : typeof response}.`);
  }
  if (typeof response.errCode === 'number' && response.errCode !== 0) return fromPhoneCodeError(response.errCode, typeof response.errMsg === 'string' ? response.errMsg : '');
  return checkPhoneInfo<PhoneNumber>(response.phoneInfo, watermarkAppIds(context), watermarkOptions);
}

/** wx-server-sdk's cloud calls made as the mini program `appid`: `cloud.openapi({ appid })`. */
function openapiAs(cloud: CloudLike, appid: string): CloudOpenApi | undefined {
  const openapi = cloud.openapi;
  if (typeof openapi !== 'function') {
    throw exchangeFailed(
      'unavailable',
      API,
      `this is a cross-account call (FROM_APPID ${appid}): the code is exchanged as the calling mini program through cloud.openapi({ appid }), which this cloud lacks. Pass wx-server-sdk's cloud object (2.3.0+).`,
    );
  }
  return openapi({ appid });
}
