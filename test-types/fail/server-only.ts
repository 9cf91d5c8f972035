// @options: {"types": []}
// The server entry does not bring in the client's `ICloud.CloudID` augmentation: a cloud
// function project sees no global `ICloud` from this package.
import { getContext } from 'miniprogram-cloudid/server';

export const context = getContext;

// @expect-error Cannot find namespace 'ICloud'
export type PlatformCloudId = ICloud.CloudID;
