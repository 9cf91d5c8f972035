/**
 * Tickets and references carry this mark, read at run time to find them in call data
 * (shared by every copy of the package through the global symbol registry) and at the
 * type level as the brand `CallData<T>` looks for: `ICloud.CloudID` is an empty class,
 * so without a brand any object would pass for a CloudID.
 */
export const CLOUD_ID_MARK: unique symbol = Symbol.for('miniprogram-cloudid.cloud-id') as never;

export type CloudIdKind = 'ticket' | 'reference';

/** Anything that becomes `wx.cloud.CloudID(cloudID)` when sent. */
export interface CloudIdMarked {
  readonly [CLOUD_ID_MARK]: CloudIdKind;
  readonly cloudID: string;
}
