/**
 * `wx.cloud.CloudID(id)` returns `ICloud.CloudID`, an empty abstract class in
 * miniprogram-api-typings, so any object would pass for one. This merges a type-only brand
 * into that class so `CallData<T>` can tell a real CloudID from ordinary data.
 *
 * The symbol exists only at the type level: nothing reads it at run time. Without
 * miniprogram-api-typings the merge just declares an unused `ICloud.CloudID` interface.
 */
declare const WX_CLOUD_ID_BRAND: unique symbol;

/**
 * The brand carrier. It needs a name of its own: declaration bundlers rewrite
 * `interface CloudID extends CloudID` into a self-reference (TS2310).
 */
export interface WxCloudIdBrand {
  readonly [WX_CLOUD_ID_BRAND]: 'wx.cloud.CloudID';
}

declare global {
  // Declaration merging into the official global namespace: the only way to brand it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace ICloud {
    // Members come from the brand carrier; an empty body is how interfaces merge.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface CloudID extends WxCloudIdBrand {}
  }
}
