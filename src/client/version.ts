import { BaseLibraryTooOldError, BaseLibraryUnknownError, CloudUnavailableError } from '../core/errors';
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
  throw new BaseLibraryUnknownError();
}

/** True when the running base library supports `feature` (an open-data API, `cloud` or `CloudID`). */
export function isBaseLibraryAtLeast(context: ClientContext, feature: VersionGatedFeature): boolean {
  return compareVersion(baseLibraryVersion(context), MIN_BASE_LIBRARY[feature]) >= 0;
}

/** Throws `BaseLibraryTooOldError` unless the running base library supports `feature`. */
export function assertBaseLibrary(context: ClientContext, feature: VersionGatedFeature): void {
  const actual = baseLibraryVersion(context);
  if (compareVersion(actual, MIN_BASE_LIBRARY[feature]) < 0) throw new BaseLibraryTooOldError(feature, MIN_BASE_LIBRARY[feature], actual);
}

/** What makes the CloudIDs and sends the calls: the `wx.cloud.Cloud` instance given to `createCloudId`, else `wx.cloud`. */
export function cloudOf(context: ClientContext): WxCloudLike | undefined {
  return context.cloud || context.wx().cloud;
}

/** `cloudOf(context)`, or `CloudUnavailableError` when cloud development is not there. */
export function requireCloud(context: ClientContext): WxCloudLike {
  const cloud = cloudOf(context);
  if (!cloud) throw new CloudUnavailableError('absent');
  return cloud;
}
