// A Cloud Hosting service laid out like WeChat's Express template (wxcloudrun-express).
// The page sends its WeRun ticket with miniprogram-cloudid's callContainer; nothing replaces
// it on the way, so the service exchanges the cloudID itself through the open-API service
// and checks it before the handler sees the steps.
const express = require('express');
const { createOpenApi, withOpenData } = require('miniprogram-cloudid/container');

// Inside Cloud Hosting the open-API service answers at http://api.weixin.qq.com, the default.
// Allow /wxa/getopendata in the console first (云调用 > 开放接口服务). OPEN_API_BASE_URL points
// elsewhere for local runs: `npm run example` sets it to the mock open-API service.
const openApi = createOpenApi({ baseUrl: process.env.OPEN_API_BASE_URL || undefined });

const app = express();
app.use(express.json());

// `weRun` is the body field the page sends its ticket in. withOpenData exchanges it for the
// user in the X-WX-OPENID header, checks the watermark against X-WX-APPID and its age, and
// only then calls the handler. Otherwise it answers 422 with the failure envelope the page's
// callContainer reads: an expired cloudID is fetched again and resent once.
app.post(
  '/api/steps',
  withOpenData({ keys: { weRun: 'getWeRunData' }, openApi }, (data) => {
    const days = data.weRun.stepInfoList; // the last 31 days, oldest first
    const today = days[days.length - 1];
    return { today: today.step, date: today.timestamp };
  }),
);

const port = process.env.PORT || 80;

if (require.main === module) {
  app.listen(port, () => console.log('listening on', port));
}

module.exports = app;
