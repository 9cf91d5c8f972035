// The cloud environment another mini program of the same organisation shares with this one
// (its console: 环境共享). Replace both with that mini program's AppID and environment ID.
const SHARED_ENVIRONMENT = { resourceAppid: 'wx-resource-appid', resourceEnv: 'resource-env-id' };

const { createCloudId } = require('miniprogram-cloudid');

let shared;

/**
 * The package's API bound to the shared environment: one wx.cloud.Cloud instance (base
 * library 2.13.0), initialised once. Its CloudIDs and calls go to that environment; wx.cloud
 * would reach this mini program's own. Resolves with what createCloudId returns.
 */
function sharedCloudId() {
  if (!shared) {
    const cloud = new wx.cloud.Cloud(SHARED_ENVIRONMENT);
    shared = cloud.init().then(
      () => createCloudId({ cloud }),
      (error) => {
        shared = undefined; // the next tap tries again
        throw error;
      },
    );
  }
  return shared;
}

module.exports = { SHARED_ENVIRONMENT, sharedCloudId };
