import type { CloudLike } from '../../src/server';
import { APPID, ISSUED_AT, now, OPENID } from './fixtures';

/**
 * A small stand-in for WeChat's phone-code exchange behind wx-server-sdk 4.0.2's
 * `cloud.openapi.phonenumber.getPhoneNumber`, modelled on the platform's documented
 * answers (server API getPhoneNumber; 云调用): a code is valid five minutes and works
 * once; `openid`, when sent, must be the user the code was issued to; the function needs
 * the openapi permission (-604101). The SDK resolves `{ phoneInfo, errMsg, errCode: 0 }`
 * and rejects with an Error carrying `errCode` and `errMsg` (generic.ts, utils/error.ts).
 */
export interface IssuedCode {
  openid: string;
  appid: string;
  /** Seconds since the epoch, as the watermark carries it. */
  issuedAt: number;
  phoneNumber: string;
}

export interface PhonePlatform {
  cloud: CloudLike;
  /** Issues a code for a user, as the button does. */
  issue(code: string, fields?: Partial<IssuedCode>): void;
  /** Every request getPhoneNumber received. */
  requests: Record<string, unknown>[];
  /** Makes every later call fail with this WeChat code (45011, 45009, -1, ...). */
  failWith(errCode: number | undefined): void;
}

const API = 'openapi.phonenumber.getPhoneNumber';
const CODE_TTL_SECONDS = 5 * 60;

function sdkError(errCode: number, errmsg: string): Error {
  return Object.assign(new Error(`${API}:fail ${errmsg}`), { errCode, errMsg: `${API}:fail ${errmsg}` });
}

export function createPhonePlatform(options: { context: Record<string, unknown>; permitted?: boolean; clock?: () => number }): PhonePlatform {
  const { context, permitted = true, clock = now } = options;
  const codes = new Map<string, IssuedCode & { used: boolean }>();
  const requests: Record<string, unknown>[] = [];
  let failure: number | undefined;
  const getPhoneNumber = async (request: { code: string; openid?: string }) => {
    requests.push({ ...request });
    if (!permitted) throw sdkError(-604101, '-604101 function has no permission to call this API');
    if (failure !== undefined) throw sdkError(failure, `errcode ${failure}, rid: 1234`);
    const issued = codes.get(request.code);
    if (!issued || issued.used || clock() / 1000 - issued.issuedAt > CODE_TTL_SECONDS) throw sdkError(40029, 'invalid code, rid: 5678');
    if (issued.appid !== context.APPID) throw sdkError(40013, 'invalid appid');
    // Which code an openid that does not match gives is undocumented; this answers 40029.
    if (request.openid !== undefined && request.openid !== issued.openid) throw sdkError(40029, 'invalid code, rid: 9abc');
    issued.used = true;
    const purePhoneNumber = issued.phoneNumber;
    return {
      phoneInfo: { phoneNumber: purePhoneNumber, purePhoneNumber, countryCode: '86', watermark: { timestamp: issued.issuedAt, appid: issued.appid } },
      errMsg: `${API}:ok`,
      errCode: 0,
    };
  };
  return {
    cloud: { getWXContext: () => ({ ...context }), openapi: { phonenumber: { getPhoneNumber } } },
    issue(code, fields = {}) {
      codes.set(code, { openid: OPENID, appid: APPID, issuedAt: ISSUED_AT, phoneNumber: '13800000000', ...fields, used: false });
    },
    requests,
    failWith(errCode) {
      failure = errCode;
    },
  };
}
