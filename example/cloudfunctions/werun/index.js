// Reads today's step count from the WeRun data WeChat put in place of the page's cloudID.
const cloud = require('wx-server-sdk');
const { withOpenData } = require('miniprogram-cloudid/server');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

// `weRun` is the event field the page sends its cloudID in. withOpenData runs the handler
// only when WeChat filled that field for this mini program (OPEN_DATA_INFO, watermark);
// otherwise it answers with a failure envelope the page's callFunction understands, and an
// expired cloudID is fetched again and resent once.
exports.main = withOpenData({ cloud, keys: { weRun: 'getWeRunData' } }, (data) => {
  const days = data.weRun.stepInfoList; // the last 30 days, oldest first
  const today = days[days.length - 1];
  return { today: today.step, date: today.timestamp };
});
