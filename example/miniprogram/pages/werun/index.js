// WeRun steps: the page gets a WeRun cloudID; the werun cloud function reads the steps
// WeChat puts in its place. Built with Component, as a page may be: its page lifecycle
// methods (onLoad) go in `methods`.
const { getWeRunData, callFunction, isBaseLibraryAtLeast, MIN_BASE_LIBRARY } = require('miniprogram-cloudid');
const { describeError } = require('../../utils/describe-error');

const DENIED = 'You have not allowed this mini program to read your WeRun data. Allow it in the menu (···) > Settings, then try again.';

const pad = (n) => (n < 10 ? '0' : '') + n;
const clockTime = (ms) => {
  const date = new Date(ms);
  return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
};

Component({
  data: {
    supported: true,
    expiresAt: '',
    steps: '',
    error: '',
  },

  methods: {
    onLoad() {
      try {
        if (!isBaseLibraryAtLeast('getWeRunData')) {
          this.setData({
            supported: false,
            error: 'WeRun steps need WeChat base library ' + MIN_BASE_LIBRARY.getWeRunData + ' or later. Please update WeChat.',
          });
        }
      } catch (error) {
        this.setData({ supported: false, error: describeError(error, DENIED) });
      }
    },

    // Step 1: WeChat asks the user for WeRun access the first time, then hands out a
    // cloudID valid for five minutes. The ticket keeps it with its expiry.
    onGetWeRunData() {
      this.setData({ error: '' });
      return getWeRunData().then(
        (ticket) => {
          this.ticket = ticket;
          this.setData({ expiresAt: clockTime(ticket.expiresAt) });
        },
        (error) => this.setData({ error: describeError(error, DENIED) }),
      );
    },

    // Step 2: the ticket goes at the TOP level of data: WeChat replaces only top-level
    // CloudIDs. callFunction gets a new cloudID first if this one is too old, and once
    // more if it expires on the way (the werun function answers so through withOpenData).
    onShowSteps() {
      if (!this.ticket) return Promise.resolve();
      this.setData({ steps: '', error: '' });
      return callFunction({ name: 'werun', data: { weRun: this.ticket } }).then(
        (response) => this.setData({ steps: String(response.result.today) }),
        (error) => this.setData({ error: describeError(error, DENIED) }),
      );
    },
  },
});
