// @options: {"module": "nodenext", "moduleResolution": "nodenext"}
// Checked JavaScript: a JSDoc type on what the call resolves with types the result, and
// the data is still checked (its type is inferred).
const { callFunction, callContainer, getWeRunData } = require('miniprogram-cloudid');

/** @typedef {{ today: number }} StepsResult */

async function steps() {
  const weRun = await getWeRunData();
  /** @type {import('miniprogram-cloudid').CallFunctionResult<StepsResult>} */
  const { result } = await callFunction({ name: 'werun', data: { weRun } });
  /** @type {import('miniprogram-cloudid').CallContainerResult<StepsResult>} */
  const response = await callContainer({ service: 'steps', path: '/steps', data: { weRun } });
  return result.today + response.data.today;
}

module.exports = { steps };
