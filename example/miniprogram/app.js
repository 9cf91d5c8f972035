// The cloud environment the pages call. Replace it with your environment ID
// (DevTools: Cloud development > Settings > Environment ID).
const CLOUD_ENV = 'your-env-id';

App({
  onLaunch() {
    // wx.cloud needs base library 2.2.3; the pages tell the user when it is missing.
    if (!wx.cloud) return;
    wx.cloud.init({ env: CLOUD_ENV, traceUser: true });
  },
});
