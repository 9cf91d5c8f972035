// @options: {"module": "nodenext", "moduleResolution": "nodenext"}
// Checked JavaScript: the annotated call still refuses a nested CloudID.
const { callFunction, getWeRunData } = require('miniprogram-cloudid');

/** @typedef {{ today: number }} StepsResult */

async function steps() {
  const weRun = await getWeRunData();
  /** @type {import('miniprogram-cloudid').CallFunctionResult<StepsResult>} */
  // @expect-error CloudID must be a top-level field: obj.weRun
  const { result } = await callFunction({ name: 'werun', data: { obj: { weRun } } });
  return result.today;
}

module.exports = { steps };
