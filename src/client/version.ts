import { cloudIdError, type CloudIdError } from '../core/errors';
import { MIN_BASE_LIBRARY, type VersionGatedFeature } from '../core/rules';
import { compareVersion } from '../core/version';
import type { ClientContext } from './context';
import type { WxCloudLike } from './wx';

/** The running base library: `wx.getAppBaseInfo().SDKVersion`, else `wx.getSystemInfoSync().SDKVersion`. */
export function baseLibraryVersion(context: ClientContext): string {
  const wx = context.wx();
  const reads = [wx.getAppBaseInfo, wx.getSystemInfoSync];
  for (let index = 0; index < reads.length; index++) {
    const read = reads[index];
    try {
      // getSystemInfoSync may return an empty object on error; both may throw.
      const version = read && read.call(wx).SDKVersion;
      if (typeof version === 'string' && version) return version;
    } catch {
      // fall through to the next source
    }
  }
  throw cloudIdError('BASE_LIBRARY_UNKNOWN', 'no SDKVersion from wx.getAppBaseInfo or getSystemInfoSync', {});
}

/** True when the running base library supports `feature` (an open-data API, `cloud` or `CloudID`). */
export function isBaseLibraryAtLeast(context: ClientContext, feature: VersionGatedFeature): boolean {
  return compareVersion(baseLibraryVersion(context), MIN_BASE_LIBRARY[feature]) >= 0;
}

/** The base library is older than `feature` needs (`actual` is absent when it was not read). */
export function baseLibraryTooOld(feature: VersionGatedFeature, required: string, actual?: string): CloudIdError<'BASE_LIBRARY_TOO_OLD'> {
  return cloudIdError('BASE_LIBRARY_TOO_OLD', `${feature} needs base library ${required}+${actual ? `, this is ${actual}` : ''}: raise the minimum or check isBaseLibraryAtLeast`, {
    feature,
    required,
    actual,
  });
}

/** Throws `BASE_LIBRARY_TOO_OLD` unless the running base library supports `feature`. */
export function assertBaseLibrary(context: ClientContext, feature: VersionGatedFeature): void {
  if (!isBaseLibraryAtLeast(context, feature)) throw baseLibraryTooOld(feature, MIN_BASE_LIBRARY[feature], baseLibraryVersion(context));
}

/** What makes the CloudIDs and sends the calls: the `wx.cloud.Cloud` instance given to `createCloudId`, else `wx.cloud`. */
export function cloudOf(context: ClientContext): WxCloudLike | undefined {
  return context.cloud || context.wx().cloud;
}

/** `cloudOf(context)`, or `CLOUD_UNAVAILABLE` when cloud development is not there. */
export function requireCloud(context: ClientContext): WxCloudLike {
  const cloud = cloudOf(context);
  if (!cloud) throw cloudIdError('CLOUD_UNAVAILABLE', 'wx.cloud is missing: enable cloud development', { reason: 'absent' });
  return cloud;
}
