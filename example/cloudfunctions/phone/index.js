// Reads the phone number WeChat put in place of the cloudID from the getPhoneNumber button.
const cloud = require('wx-server-sdk');
const { withOpenData } = require('miniprogram-cloudid/server');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

// `phone` is the event field the page sends the button's cloudID in. The handler runs only
// when WeChat itself filled it; `wxContext.OPENID` is the user the number belongs to.
exports.main = withOpenData({ cloud, keys: { phone: 'getPhoneNumber' } }, (data, event, context, wxContext) => {
  // Save it with the user here, e.g. cloud.database().collection('users').doc(wxContext.OPENID)...
  return { openid: wxContext.OPENID, phoneNumber: data.phone.purePhoneNumber, countryCode: data.phone.countryCode };
});
