// DELIBERATELY WRONG: a copy of miniprogram/pages/phone/index.js with the phone number's
// CloudID (the legacy flow) nested in `data.user`, where WeChat does not replace it: the
// phone function would get a bare id string. `npm run example` runs cloudid-check over this folder to
// show the finding. It is outside miniprogramRoot, so DevTools never builds it.
// Phone number by the code flow WeChat recommends (base library 2.21.2+): the
// getPhoneNumber button's event carries a one-time code, valid five minutes; the phone
// cloud function exchanges it (its config.json allows phonenumber.getPhoneNumber). Below
// 2.21.2 the button gives no code, and the page falls back to the legacy cloudID flow: the
// same function reads the number WeChat puts in place of the cloudID. Built with Component,
// as a page may be: its page lifecycle methods (onLoad) go in `methods`.
const { phoneCodeFromEvent, ticketFromEvent, callFunction, isBaseLibraryAtLeast, isCloudIdError, MIN_BASE_LIBRARY } = require('miniprogram-cloudid');
const { describeError } = require('../../utils/describe-error');

const DENIED = 'You chose not to share your phone number. Tap the button again if you change your mind.';

/** Below base library 2.21.2 the button gives no code: phoneCodeFromEvent says so with this reason. */
const isWithoutCode = (error) => isCloudIdError(error) && error.code === 'PHONE_CODE_UNAVAILABLE' && error.reason === 'no-code';

Component({
  data: {
    supported: true,
    phoneNumber: '',
    error: '',
  },

  methods: {
    onLoad() {
      try {
        if (!isBaseLibraryAtLeast('getPhoneNumber')) {
          this.setData({
            supported: false,
            error: 'Sharing a phone number needs WeChat base library ' + MIN_BASE_LIBRARY.getPhoneNumber + ' or later. Please update WeChat.',
          });
        }
      } catch (error) {
        this.setData({ supported: false, error: describeError(error, DENIED) });
      }
    },

    // A code (or cloudID) comes with the tap and cannot be fetched again by code, so it is
    // sent at once, at the TOP level of data: that is where the function reads it (and where
    // WeChat replaces a CloudID).
    onGetPhoneNumber(e) {
      this.setData({ error: '' });
      return Promise.resolve()
        .then(() => callFunction({ name: 'phone', data: { phone: phoneCodeFromEvent(e) } })) // throws when the user declined or the quota is used up
        .catch((error) => {
          if (!isWithoutCode(error)) throw error;
          return callFunction({ name: 'phone', data: { user: { phone: ticketFromEvent(e) } } }); // the legacy cloudID flow
        })
        .then(
          (response) => this.setData({ phoneNumber: '+' + response.result.countryCode + ' ' + response.result.phoneNumber }),
          (error) => this.setData({ phoneNumber: '', error: describeError(error, DENIED) }),
        );
    },
  },
});
