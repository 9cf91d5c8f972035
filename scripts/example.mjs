/**
 * `npm run example`: runs the example mini program (example/) on the mock WeChat platform
 * of miniprogram-cloudid/testing and tells, step by step, what happens; then runs
 * cloudid-check over deliberately wrong copies of pages and a cloud function. Exit status 0 when every
 * step did what it should, 1 otherwise: it doubles as a smoke test of the built package.
 *
 * The pages are the real files, rendered by miniprogram-simulate in a jsdom window. They
 * get the BUILT package: `miniprogram-cloudid` is miniprogram_dist/index.js (what DevTools'
 * "Build npm" copies), `miniprogram-cloudid/server` is dist/server.cjs (what a cloud
 * function's `npm install` resolves), and `wx-server-sdk` is the kit's fake.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = join(ROOT, 'example');
const MINIPROGRAM = join(EXAMPLE, 'miniprogram');
const BUILT = {
  client: join(ROOT, 'miniprogram_dist/index.js'),
  server: join(ROOT, 'dist/server.cjs'),
  container: join(ROOT, 'dist/container.cjs'),
  testing: join(ROOT, 'dist/testing.cjs'),
  checker: join(ROOT, 'dist/cli.cjs'),
};
const MINUTE = 60 * 1000;
/** The Cloud Hosting service's name, as the container page calls it. */
const CONTAINER_SERVICE = 'cloudid-example';
const require = createRequire(import.meta.url);

/* ---------- output ---------- */

class StepFailed extends Error {}

const print = (line = '') => process.stdout.write(`${line}\n`);
const title = (text) => print(`\n${text}`);
const LABEL_WIDTH = 24;
/** A labelled value; a value of several lines continues under its first. */
const row = (label, value) => {
  const [first, ...more] = String(value).split('\n');
  print(`   ${label.padEnd(LABEL_WIDTH)} ${first}`);
  for (const line of more) print(`${' '.repeat(LABEL_WIDTH + 4)}${line}`);
};
/** A label with a block of text under it. */
const block = (label, text) => {
  print(`   ${label}`);
  for (const line of text.split('\n')) print(line.trim() ? `     ${line}` : '');
};

/** Stops the run with a message when the example did not do what it should. */
function check(ok, message) {
  if (!ok) throw new StepFailed(message);
}

/** JSON, each value on one line when it fits in 80 columns; long arrays shortened to first, count, last. */
function show(value, indent = 0, prefix = 0) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const child = (item, label) => show(item, indent + 2, label.length);
  let entries = isArray ? value.map((item) => child(item, '')) : Object.keys(value).map((key) => `${JSON.stringify(key)}: ${child(value[key], `${JSON.stringify(key)}: `)}`);
  if (isArray && entries.length > 3) entries = [entries[0], `… ${entries.length - 2} more …`, entries[entries.length - 1]];
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  const inline = entries.length ? `${open} ${entries.join(', ')} ${close}` : `${open}${close}`;
  if (indent + prefix + inline.length <= 80 && !inline.includes('\n')) return inline;
  const pad = ' '.repeat(indent);
  return `${open}\n${entries.map((entry) => `${pad}  ${entry}`).join(',\n')}\n${pad}${close}`;
}

const iso = (ms) => new Date(ms).toISOString();

/* ---------- the mock platform ---------- */

/** A browser-like global scope for miniprogram-simulate, from the jsdom jest uses. */
function installDom() {
  const jsdomPath = require.resolve('jsdom', { paths: [dirname(require.resolve('jest-environment-jsdom'))] });
  const { JSDOM, VirtualConsole } = require(jsdomPath);
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'https://example.invalid/', virtualConsole: new VirtualConsole() });
  for (const key of Object.getOwnPropertyNames(window)) {
    if (!(key in globalThis)) globalThis[key] = window[key];
  }
  // Node has its own Event classes; the DOM's must win.
  for (const key of ['Event', 'EventTarget', 'CustomEvent']) globalThis[key] = window[key];
}

/** Resolves the package and wx-server-sdk as a deployed mini program and cloud function would. */
function installResolution(fakeServerSdk) {
  const fakeSdkPath = join(EXAMPLE, 'cloudfunctions/node_modules/wx-server-sdk/index.js');
  const sdk = new Module(fakeSdkPath);
  Object.assign(sdk, { filename: fakeSdkPath, loaded: true, exports: fakeServerSdk });
  Module._cache[fakeSdkPath] = sdk;
  const targets = {
    'miniprogram-cloudid': BUILT.client,
    'miniprogram-cloudid/server': BUILT.server,
    'miniprogram-cloudid/container': BUILT.container,
    'wx-server-sdk': fakeSdkPath,
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return Object.prototype.hasOwnProperty.call(targets, request) ? targets[request] : resolve.call(this, request, ...rest);
  };
}

/** Renders a page of app.json and runs its onLoad, as the platform does when it opens it. */
function openPage(simulate, name) {
  const page = simulate.render(simulate.load(join(MINIPROGRAM, 'pages', name, 'index'), { compiler: 'simulate', rootPath: MINIPROGRAM }));
  page.attach(globalThis.document.createElement('parent-wrapper'));
  page.instance.onLoad({});
  return page;
}

function textOf(page, selector) {
  const found = page.querySelector(selector);
  return found && found.dom ? found.dom.textContent.trim() : '';
}

/** Taps, then waits until `selector` shows text. */
async function tap(page, selector, shown, event = 'tap', detail) {
  page.querySelector(selector).dispatchEvent(event, detail ? { detail } : undefined);
  await sleep(0); // the simulator runs the handler after this tick; it clears what it will fill
  for (let attempt = 0; attempt < 200; attempt++) {
    const text = textOf(page, shown) || textOf(page, '.error');
    if (text) return text;
    await sleep(0);
  }
  throw new StepFailed(`nothing rendered in ${shown} after the tap on ${selector}`);
}

/* ---------- the run ---------- */

async function runExample() {
  installDom();
  const simulate = require('miniprogram-simulate'); // defines the simulator's wx and Component
  const testing = require(BUILT.testing);
  const { MIN_BASE_LIBRARY } = require(BUILT.client);
  installResolution(testing.createMockCloud());

  // The phone (Date.now), WeChat and the cloud functions share one fake clock, started at a
  // fixed time so the output is the same on every run.
  const clock = testing.createFakeClock(Date.UTC(2026, 0, 1));
  Date.now = clock.now;
  const functions = {
    werun: require(join(EXAMPLE, 'cloudfunctions/werun/index.js')).main,
    phone: require(join(EXAMPLE, 'cloudfunctions/phone/index.js')).main,
  };
  // Cloud Hosting: the open-API service shares the platform (its cloudIDs, users, clock) with
  // the page's wx; example/container/index.js reads its address from OPEN_API_BASE_URL.
  const platform = testing.createMockWx({ clock });
  const openApiService = await testing.createMockOpenApi({ wx: platform });
  process.env.OPEN_API_BASE_URL = openApiService.url;
  const container = require(join(EXAMPLE, 'container/index.js'));
  // Time a request spends between the page and the exchange; a step below sets it.
  let onTheWayMs = 0;
  // What the service answered, kept to print: the page only sees what callContainer makes of it.
  const answers = [];
  const gateway = (req, res) => {
    clock.advance(onTheWayMs);
    onTheWayMs = 0;
    const end = res.end;
    res.end = function (chunk, ...rest) {
      answers.push({ status: res.statusCode, body: chunk === undefined ? '' : String(chunk) });
      return end.call(this, chunk, ...rest);
    };
    container(req, res);
  };
  // Each function's config.json, as deployment reads it: the phone function may exchange phone codes.
  const functionConfigs = { phone: require(join(EXAMPLE, 'cloudfunctions/phone/config.json')) };
  const wx = testing.installMockWx({ cloud: 'not-initialized', platform, functions, functionConfigs, containers: { [CONTAINER_SERVICE]: gateway } });
  // Resource sharing: the mini program that shares its environment with the example (the one
  // utils/shared-cloud.js names), with the example's werun function in it.
  const { SHARED_ENVIRONMENT } = require(join(MINIPROGRAM, 'utils/shared-cloud.js'));
  testing.createMockWx({ platform, appid: SHARED_ENVIRONMENT.resourceAppid, env: SHARED_ENVIRONMENT.resourceEnv, functions: { werun: functions.werun } });
  try {
    await runPages(simulate, wx, clock, MIN_BASE_LIBRARY, { delayNextRequest: (ms) => (onTheWayMs = ms), openApiService, answers });
  } finally {
    await wx.closeContainers();
    await openApiService.close();
  }
}

/** Opens the pages and taps through them, telling each step. */
async function runPages(simulate, wx, clock, MIN_BASE_LIBRARY, { delayNextRequest, openApiService, answers }) {
  print('miniprogram-cloudid example: example/ on the mock WeChat platform');

  title('1. app.js onLaunch');
  let initOptions;
  const init = wx.cloud.init;
  wx.cloud.init = (options) => init.call(wx.cloud, (initOptions = options));
  let app = {};
  globalThis.App = (definition) => (app = definition);
  require(join(MINIPROGRAM, 'app.js'));
  app.onLaunch();
  check(initOptions, 'app.js did not call wx.cloud.init');
  row('wx.cloud.init', show(initOptions));

  title('2. Open the WeRun page: base library check');
  const werun = openPage(simulate, 'werun');
  row('base library', `${wx.getAppBaseInfo().SDKVersion} (wx.getAppBaseInfo().SDKVersion)`);
  row('getWeRunData needs', `${MIN_BASE_LIBRARY.getWeRunData} for its cloudID`);
  check(werun.querySelector('.fetch'), `the page hid its buttons: ${textOf(werun, '.error')}`);
  row('page shows', 'its two buttons');

  title('3. Tap "1. Get WeRun data"');
  const ticketLine = await tap(werun, '.fetch', '.ticket');
  const ticket = werun.instance.ticket;
  check(ticket && ticket.cloudID === wx.issuedCloudIds[0].cloudID, `no cloudID from wx.getWeRunData: the page shows "${ticketLine}"`);
  row('cloudID', ticket.cloudID);
  row('obtained at', iso(ticket.obtainedAt));
  row('expires at', `${iso(ticket.expiresAt)} (five minutes later)`);
  row('page shows', `"${ticketLine}"`);

  title('4. Tap "2. Show today\'s steps"');
  const stepsLine = await tap(werun, '.send', '.steps');
  const [call] = wx.calls;
  check(call, `no cloud function was called: the page shows "${stepsLine}"`);
  const days = wx.issuedCloudIds[0].data.stepInfoList;
  block('data as sent (each wx.cloud.CloudID(id) written { CloudID: id }):', show(call.data));
  block('event the werun function received:', show(call.event));
  row('OPEN_DATA_INFO', call.wxContext.OPEN_DATA_INFO);
  block('werun returned:', show(call.result));
  row('page shows', `"${stepsLine}"`);
  check(call.event.weRun && call.event.weRun.data, 'WeChat did not replace the CloudID in the event');
  check(stepsLine === `Today: ${days[days.length - 1].step} steps`, `expected today's ${days[days.length - 1].step} steps, the page shows "${stepsLine}"`);

  title('5. Six minutes later, tap "2. Show today\'s steps" again');
  clock.advance(6 * MINUTE);
  const againLine = await tap(werun, '.send', '.steps');
  const renewed = wx.issuedCloudIds[1];
  check(renewed && wx.calls.length === 2, `the expired cloudID was not renewed: the page shows "${againLine}"`);
  row('kept cloudID', `expired at ${iso(ticket.expiresAt)}`);
  print('   so callFunction got a new cloudID from wx.getWeRunData before sending:');
  row('new cloudID', renewed.cloudID);
  block('data as sent:', show(wx.calls[1].data));
  row('page shows', `"${againLine}"`);
  check(wx.calls[1].data.weRun.CloudID === renewed.cloudID && againLine === stepsLine, `expected "${stepsLine}" from the new cloudID, the page shows "${againLine}"`);

  title('6. Open the phone page, tap "Share my phone number" (the code flow)');
  const phone = openPage(simulate, 'phone');
  const event = wx.tapGetPhoneNumber();
  const phoneLine = await tap(phone, '.share-phone', '.phone', 'getphonenumber', event.detail);
  const phoneCall = wx.calls[2];
  check(phoneCall, `the phone function was not called: the page shows "${phoneLine}"`);
  const issuedCode = wx.issuedPhoneCodes.find((issued) => issued.code === event.detail.code);
  row('button event code', `${event.detail.code} (one use, five minutes)`);
  block('data as sent (the PhoneCode as its code string):', show(phoneCall.data));
  row('its config.json grants', show(require(join(EXAMPLE, 'cloudfunctions/phone/config.json')).permissions));
  row('phone exchanged it', `cloud.openapi.phonenumber.getPhoneNumber, redeemed at ${issuedCode && issuedCode.redeemedAt !== undefined ? iso(issuedCode.redeemedAt) : 'never'}`);
  block('phone returned:', show(phoneCall.result));
  row('page shows', `"${phoneLine}"`);
  check(phoneCall.data.phone === event.detail.code && issuedCode && issuedCode.redeemedAt !== undefined, 'the page did not send the button\'s code, or the function did not exchange it');
  check(phoneLine === `+${phoneCall.result.countryCode} ${phoneCall.result.phoneNumber}`, `the page shows "${phoneLine}"`);

  title('6b. The same tap event again: WeChat takes a code once');
  const replayLine = await tap(phone, '.share-phone', '.error', 'getphonenumber', event.detail);
  row('refused on the phone', 'PHONE_CODE_USED: the code was sent once already, so no request left the page');
  row('cloud function calls', `${wx.calls.length} (none for the replay)`);
  row('page shows', `"${replayLine}"`);
  check(wx.calls.length === 3 && /already used: please tap the button again/.test(replayLine), `expected no new call and "tap again", the page shows "${replayLine}" after ${wx.calls.length} calls`);
  print('   the cloudID flow stays for base libraries below 2.21.2: the same function reads it (legacy).');

  title(`7. Cloud Hosting: open the Cloud Hosting page, tap "Show today's steps"`);
  const hosted = openPage(simulate, 'werun-container');
  const issuedBefore = wx.issuedCloudIds.length;
  const hostedLine = await tap(hosted, '.send', '.steps');
  const [containerCall] = wx.containerCalls;
  check(containerCall, `the Cloud Hosting service was not called: the page shows "${hostedLine}"`);
  const hostedTicket = hosted.instance.ticket;
  row('cloudID', hostedTicket.cloudID);
  row('request', `${containerCall.method} ${containerCall.path} to service ${containerCall.service}`);
  row('X-WX-OPENID', containerCall.header['x-wx-openid']);
  row('X-WX-APPID', containerCall.header['x-wx-appid']);
  block('body as sent (the ticket as its cloudID string):', show(JSON.parse(containerCall.body)));
  const [exchange] = openApiService.requests;
  check(exchange, 'the service did not exchange the cloudID through the open-API service');
  row('open-API request', `${exchange.method} ${exchange.path}?openid=${exchange.query.openid}`);
  block('open-API body:', show(exchange.body));
  const shortened = (text) => (text.length > 72 ? `${text.slice(0, 72)}…` : text);
  const answerShown = { ...exchange.answer, data_list: exchange.answer.data_list.map((entry) => ({ ...entry, json: shortened(entry.json) })) };
  block('open-API answer (data_list[].json is a JSON string, shortened here):', show(answerShown));
  row('service answered', `HTTP ${containerCall.statusCode}`);
  row('page shows', `"${hostedLine}"`);
  const hostedDays = wx.issuedCloudIds[issuedBefore].data.stepInfoList;
  check(JSON.parse(containerCall.body).weRun === hostedTicket.cloudID, 'the page did not send the ticket as its cloudID string');
  check(hostedLine === `Today: ${hostedDays[hostedDays.length - 1].step} steps`, `expected today's ${hostedDays[hostedDays.length - 1].step} steps, the page shows "${hostedLine}"`);

  title(`8. Cloud Hosting: 4 min 20 s later the cloudID has 40 s left; it expires on the way`);
  clock.advance(4 * MINUTE + 20 * 1000);
  delayNextRequest(MINUTE);
  const callsBefore = wx.containerCalls.length;
  const retriedLine = await tap(hosted, '.send', '.steps');
  const [expired, retried] = wx.containerCalls.slice(callsBefore);
  check(expired && retried, `expected a request and one retry, got ${wx.containerCalls.length - callsBefore}: the page shows "${retriedLine}"`);
  row('sent', `cloudID ${JSON.parse(expired.body).weRun} (still fresh enough to send)`);
  print('   a minute passed before the service exchanged it:');
  row('service answered', `HTTP ${expired.statusCode}`);
  block('envelope (what callContainer reads):', show(JSON.parse(answers[answers.length - 2].body)));
  row('callContainer refreshed', `new cloudID ${JSON.parse(retried.body).weRun}`);
  row('retry answered', `HTTP ${retried.statusCode}`);
  row('page shows', `"${retriedLine}"`);
  check(expired.statusCode === 422 && retried.statusCode === 200 && JSON.parse(retried.body).weRun !== JSON.parse(expired.body).weRun, 'the expired cloudID was not refreshed and resent once');
  check(retriedLine === hostedLine, `expected "${hostedLine}" after the retry, the page shows "${retriedLine}"`);

  title(`9. Resource sharing: open the shared-environment page, tap "Show today's steps"`);
  const { SHARED_ENVIRONMENT } = require(join(MINIPROGRAM, 'utils/shared-cloud.js'));
  const sharedPage = openPage(simulate, 'werun-shared');
  const sharedIssued = wx.issuedCloudIds.length;
  const sharedLine = await tap(sharedPage, '.send', '.steps');
  const sharedCall = wx.calls[wx.calls.length - 1];
  check(sharedCall && sharedCall.wxContext.ENV === SHARED_ENVIRONMENT.resourceEnv, `werun did not run in the shared environment: the page shows "${sharedLine}"`);
  row('instance', `new wx.cloud.Cloud(${show(SHARED_ENVIRONMENT)}), then init()`);
  row('werun ran in', `${sharedCall.wxContext.ENV}, the environment of ${sharedCall.wxContext.APPID}`);
  block('its context (the caller in FROM_*, no OPENID):', show(sharedCall.wxContext));
  row('watermark appid', `${sharedCall.event.weRun.data.watermark.appid} (this mini program, which got the cloudID)`);
  row('page shows', `"${sharedLine}"`);
  const sharedDays = wx.issuedCloudIds[sharedIssued].data.stepInfoList;
  check(sharedCall.wxContext.FROM_APPID === wx.issuedCloudIds[sharedIssued].appid, 'FROM_APPID does not name this mini program');
  check(!('OPENID' in sharedCall.wxContext), 'the context of a cross-account call has an OPENID');
  check(sharedLine === `Today: ${sharedDays[sharedDays.length - 1].step} steps`, `expected today's ${sharedDays[sharedDays.length - 1].step} steps, the page shows "${sharedLine}"`);
}

function runChecker() {
  title('10. cloudid-check over example/misnested/ (the phone page and a uni-app page with a CloudID nested, a misspelt permission)');
  const run = (...paths) => spawnSync(process.execPath, [BUILT.checker, ...paths], { cwd: ROOT, encoding: 'utf8' });
  const misnested = run('example/misnested');
  block('$ cloudid-check example/misnested', misnested.stdout.trim() || misnested.stderr.trim());
  check(misnested.status === 1, `cloudid-check exited ${misnested.status}, expected 1 (three findings)`);
  row('exit status', '1: the findings this folder is there to show');
  check(/pages\/phone\/index\.js\n +\d+:\d+ +CloudID at user\.phone is nested.*cloudid\/top-level/.test(misnested.stdout), 'cloudid-check did not report the nested CloudID at user.phone');
  check(/pages\/werun\/index\.vue\n +\d+:\d+ +CloudID at today\.weRun is nested.*cloudid\/top-level/.test(misnested.stdout), 'cloudid-check did not report the nested ticket in the .vue page');
  check(/cloudfunctions\/phone\/config\.json\n +\d+:\d+ +"phonenumber\.getPhoneNumberk" in permissions\.openapi is not "phonenumber\.getPhoneNumber".*cloudid\/phone-number-permission/.test(misnested.stdout), 'cloudid-check did not report the misspelt permission');
  check(/✖ 3 problems/.test(misnested.stdout), `expected three findings:\n${misnested.stdout}`);
  const clean = run('example/miniprogram', 'example/cloudfunctions');
  check(clean.status === 0, `cloudid-check found problems in the example itself:\n${clean.stdout}`);
  block('$ cloudid-check example/miniprogram example/cloudfunctions', `${clean.stdout.trim()}: the example itself passes`);
}

async function main() {
  const missing = Object.values(BUILT).filter((file) => !existsSync(file));
  if (missing.length) {
    print(`✖ Not built: ${missing.map((file) => file.slice(ROOT.length + 1)).join(', ')}. Run npm run build (npm ci does it) first.`);
    return 1;
  }
  try {
    await runExample();
    runChecker();
  } catch (error) {
    print(`\n✖ ${error instanceof StepFailed ? error.message : `unexpected error: ${error && error.message}`}`);
    return 1;
  }
  print('\n✔ The example works: WeChat replaced each top-level cloudID, withOpenData trusted it,');
  print('  the phone function exchanged the button\'s code once (and the page refused to send it again),');
  print('  the Cloud Hosting service exchanged its cloudID itself (and the page resent an expired one),');
  print('  the shared environment\'s werun read this mini program\'s user in FROM_*,');
  print('  the pages showed the result, and cloudid-check caught the nested CloudIDs and the misspelt permission.');
  return 0;
}

process.exitCode = await main();
