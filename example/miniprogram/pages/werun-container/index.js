// WeRun steps through Cloud Hosting: the page gets a WeRun ticket and sends it with
// callContainer to the Express service in example/container. WeChat replaces nothing on
// that path: the ticket goes as its cloudID string and the service exchanges it itself.
const { getWeRunData, callContainer, isBaseLibraryAtLeast, MIN_BASE_LIBRARY } = require('miniprogram-cloudid');
const { describeError } = require('../../utils/describe-error');

// The Cloud Hosting service's name (the console's 服务名称).
const SERVICE = 'cloudid-example';
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
        if (!isBaseLibraryAtLeast('callContainer') || !isBaseLibraryAtLeast('getWeRunData')) {
          this.setData({
            supported: false,
            error: 'Cloud Hosting needs WeChat base library ' + MIN_BASE_LIBRARY.callContainer + ' or later. Please update WeChat.',
          });
        }
      } catch (error) {
        this.setData({ supported: false, error: describeError(error, DENIED) });
      }
    },

    // The ticket goes at the top level of data, where the service's withOpenData looks for
    // it. callContainer gets a new cloudID first when this one is too old, and once more
    // when the service answers that it expired on the way.
    onShowSteps() {
      this.setData({ steps: '', error: '' });
      const ticket = this.ticket ? Promise.resolve(this.ticket) : getWeRunData();
      return ticket
        .then((weRun) => {
          this.ticket = weRun;
          return callContainer({ service: SERVICE, path: '/api/steps', method: 'POST', data: { weRun } });
        })
        // A status outside 200-299 rejects (HTTP_ERROR), so here the service answered.
        .then((response) => this.setData({ steps: String(response.data.today) }))
        .catch((error) => this.setData({ error: describeError(error, DENIED) }));
    },
  },
});
