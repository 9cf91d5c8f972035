/**
 * Tickets, references and phone codes carry this mark, read at run time to find them in
 * call data (shared by every copy of the package through the global symbol registry) and
 * at the type level as the brand `CallData<T>` looks for: `ICloud.CloudID` is an empty
 * class, so without a brand any object would pass for a CloudID.
 */
export const CLOUD_ID_MARK: unique symbol = Symbol.for('miniprogram-cloudid.cloud-id') as never;

/** 'phone-code' marks a `PhoneCode`: sent as its code string, never as a CloudID. */
export type CloudIdKind = 'ticket' | 'reference' | 'phone-code';

/** Anything that becomes `wx.cloud.CloudID(cloudID)` when sent. */
export interface CloudIdMarked {
  readonly [CLOUD_ID_MARK]: 'ticket' | 'reference';
  readonly cloudID: string;
}

/** A phone-number `code`: sent as the string itself. */
export interface PhoneCodeMarked {
  readonly [CLOUD_ID_MARK]: 'phone-code';
  readonly code: string;
}

/**
 * The kind a value is marked with, or undefined. Only a mark set the way the package's
 * classes set it counts: an own, non-enumerable data property, read without calling a
 * getter. An object literal's `[mark]: 'ticket'` is enumerable, and a Proxy's `get` trap
 * is never asked, so neither passes for a ticket; copies (spread, Object.assign, JSON)
 * leave the mark behind. A Proxy that fakes the descriptor itself would pass, and gain
 * nothing: a backend trusts only what WeChat replaced or exchanged.
 */
export function markOf(value: object): CloudIdKind | undefined {
  const mark = Object.getOwnPropertyDescriptor(value, CLOUD_ID_MARK);
  const kind = mark && !mark.enumerable && mark.value;
  return kind === 'ticket' || kind === 'reference' || kind === 'phone-code' ? kind : undefined;
}
