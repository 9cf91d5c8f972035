import { isRecord } from '../core/open-data-checks';

/** errMsg and errCode of what wx-server-sdk threw (a CloudSDKError, a plain `{ errCode, errMsg }`, anything). */
export function describeThrown(error: unknown): { errMsg: string; errCode?: number } {
  if (!isRecord(error)) return { errMsg: String(error) };
  const fields = error as { errMsg?: unknown; message?: unknown; errCode?: unknown };
  const errMsg = typeof fields.errMsg === 'string' ? fields.errMsg : typeof fields.message === 'string' ? fields.message : String(error);
  return typeof fields.errCode === 'number' ? { errMsg, errCode: fields.errCode } : { errMsg };
}
