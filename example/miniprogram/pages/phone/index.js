// Phone number: the getPhoneNumber button's event carries a cloudID; the phone cloud
// function reads the number WeChat puts in its place. Built with Component, as a page may
// be: its page lifecycle methods (onLoad) go in `methods`.
const { ticketFromEvent, callFunction, isBaseLibraryAtLeast, MIN_BASE_LIBRARY } = require('miniprogram-cloudid');
const { describeError } = require('../../utils/describe-error');

const DENIED = 'You chose not to share your phone number. Tap the button again if you change your mind.';

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

    // The cloudID comes with the tap and cannot be fetched again by code, so it is sent at
    // once, at the TOP level of data (WeChat replaces only top-level CloudIDs).
    onGetPhoneNumber(e) {
      this.setData({ error: '' });
      return Promise.resolve()
        .then(() => callFunction({ name: 'phone', data: { phone: ticketFromEvent(e) } })) // ticketFromEvent throws when the user declined
        .then(
          (response) => this.setData({ phoneNumber: '+' + response.result.countryCode + ' ' + response.result.phoneNumber }),
          (error) => this.setData({ phoneNumber: '', error: describeError(error, DENIED) }),
        );
    },
  },
});
