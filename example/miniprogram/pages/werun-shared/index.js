// WeRun steps from a shared environment (resource sharing): the werun function lives in
// the environment another mini program shares with this one. The ticket and the call go
// through that environment's wx.cloud.Cloud instance; the function sees this mini program's
// user in FROM_OPENID / FROM_APPID and reads the steps WeChat put in place of the cloudID.
const { isBaseLibraryAtLeast, MIN_BASE_LIBRARY } = require('miniprogram-cloudid');
const { describeError } = require('../../utils/describe-error');
const { sharedCloudId } = require('../../utils/shared-cloud');

const DENIED = 'You have not allowed this mini program to read your WeRun data. Allow it in the menu (···) > Settings, then try again.';

Component({
  data: {
    supported: true,
    steps: '',
    error: '',
  },

  methods: {
    onLoad() {
      try {
        if (!isBaseLibraryAtLeast('Cloud') || !isBaseLibraryAtLeast('getWeRunData')) {
          this.setData({
            supported: false,
            error: 'A shared environment needs WeChat base library ' + MIN_BASE_LIBRARY.Cloud + ' or later. Please update WeChat.',
          });
        }
      } catch (error) {
        this.setData({ supported: false, error: describeError(error, DENIED) });
      }
    },

    // The ticket goes at the top level of data, as with wx.cloud. callFunction refreshes
    // it through the same instance when it is too old or expires on the way.
    onShowSteps() {
      this.setData({ steps: '', error: '' });
      return sharedCloudId()
        .then((shared) =>
          (this.ticket ? Promise.resolve(this.ticket) : shared.getWeRunData()).then((weRun) => {
            this.ticket = weRun;
            return shared.callFunction({ name: 'werun', data: { weRun } });
          }),
        )
        .then(
          (response) => this.setData({ steps: String(response.result.today) }),
          (error) => this.setData({ error: describeError(error, DENIED) }),
        );
    },
  },
});
