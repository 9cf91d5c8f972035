// @options: {"module": "nodenext", "moduleResolution": "nodenext"}
// Checked JavaScript: a field of another code, or a code the client never throws, is an error.
const { isCloudIdError } = require('miniprogram-cloudid');

/** @param {unknown} error */
function wrongField(error) {
  if (isCloudIdError(error) && error.code === 'CALL_FAILED') {
    // @expect-error Property 'issues' does not exist on type
    return error.issues;
  }
  // @expect-error This comparison appears to be unintentional
  return isCloudIdError(error) && error.code === 'OPEN_API_TIMEOUT';
}

module.exports = { wrongField };
