// The phone number from the getPhoneNumber button, by either flow:
// - the code flow WeChat recommends (base library 2.21.2+): the page sends the button's
//   code; withOpenData exchanges it through cloud.openapi.phonenumber.getPhoneNumber, which
//   config.json allows ("permissions": { "openapi": ["phonenumber.getPhoneNumber"] });
// - the legacy cloudID flow: the page sends the button's cloudID and WeChat puts the number
//   in its place.
const cloud = require('wx-server-sdk');
const { withOpenData } = require('miniprogram-cloudid/server');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

// `phone` is the event field the page sends the code (or the cloudID) in. The handler runs
// only with a checked number; a code WeChat refuses (used, expired: the user must tap again)
// answers the page with its reason instead. `wxContext.OPENID` is the user it belongs to: the
// code is exchanged bound to that openid.
exports.main = withOpenData({ cloud, keys: { phone: 'getPhoneNumber' } }, (data, event, context, wxContext) => {
  // Save it with the user here, e.g. cloud.database().collection('users').doc(wxContext.OPENID)...
  return { openid: wxContext.OPENID, phoneNumber: data.phone.purePhoneNumber, countryCode: data.phone.countryCode };
});
