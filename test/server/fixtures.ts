import type { CloudLike } from '../../src/server';

/** Shared by the server tests: a fixed clock, one mini program, and `cloud` fakes. */

export const APPID = 'wx1111111111';
export const OPENID = 'o-user-1';
/** The watermark timestamp of the seed example, and a clock ten seconds later. */
export const ISSUED_AT = 1554815786;
export const NOW_MS = (ISSUED_AT + 10) * 1000;
export const now = () => NOW_MS;

export function openDataInfo(...keys: string[]): string {
  return JSON.stringify({ keys });
}

/** A context as a mini program's call produces it, with `weRunData` filled by WeChat. */
export function clientContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { OPENID, APPID, ENV: 'prod-1a2b', SOURCE: 'wx_client', OPEN_DATA_INFO: openDataInfo('weRunData'), ...overrides };
}

/** A `cloud` whose getWXContext returns a fixed context (a copy each time, like the SDK). */
export function fakeCloud(context: Record<string, unknown>, getOpenData?: CloudLike['getOpenData']): CloudLike {
  return getOpenData ? { getWXContext: () => ({ ...context }), getOpenData } : { getWXContext: () => ({ ...context }) };
}

export function weRunData(overrides: Record<string, unknown> = {}) {
  return {
    stepInfoList: [{ timestamp: ISSUED_AT - 3600, step: 5000 }],
    watermark: { appid: APPID, timestamp: ISSUED_AT },
    ...overrides,
  };
}

/** What WeChat puts in the event in place of `wx.cloud.CloudID(cloudID)`. */
export function replaced(cloudID: string, data: object = weRunData()) {
  return { cloudID, data };
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
