// A Cloud Hosting service laid out like WeChat's Express template (wxcloudrun-express).
// The page sends its WeRun ticket with miniprogram-cloudid's callContainer; nothing replaces
// it on the way, so the service exchanges the cloudID itself through the open-API service
// and checks it before the handler sees the steps.
const express = require('express');
const { createOpenApi, errorResponse, withOpenData } = require('miniprogram-cloudid/container');

// Inside Cloud Hosting the open-API service answers at http://api.weixin.qq.com, the default.
// Switch it on, publish a version and add /wxa/getopendata to its whitelist first (服务管理 > 云调用 > 微信令牌). OPEN_API_BASE_URL points
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

// What a route throws: the page gets the package's status, a code and a plain sentence, the log the rest.
app.use((error, req, res, next) => {
  console.error(error);
  if (res.headersSent) return next(error);
  const { status, body } = errorResponse(error);
  return res.status(status).json(body);
});

const port = process.env.PORT || 80;

if (require.main === module) {
  app.listen(port, () => console.log('listening on', port));
}

module.exports = app;
