/**
 * Every platform rule and number the package relies on, in one place. Sources are beside
 * each one and in docs/platform-rules.md; nothing else in the package restates them.
 */

/** At most this many top-level CloudIDs are replaced in one `callFunction`. */
export const MAX_CLOUD_IDS_PER_CALL = 5;

/** A cloudID is valid for five minutes after the open-data API hands it out. */
export const CLOUD_ID_TTL_MS = 300000; // 5 min: a literal, which every bundler drops when unused

/** Default safety margin: a ticket this close to expiry is treated as expired before sending. */
export const DEFAULT_EXPIRY_MARGIN_MS = 30000;

/**
 * Clock skew allowed between WeChat's watermark and the cloud function's clock. A choice,
 * not a platform rule: WeChat documents the watermark timestamp only as when the data was
 * obtained (docs/platform-rules.md, "In the cloud function").
 */
export const WATERMARK_CLOCK_SKEW_SECONDS = 60;

/** Open-data APIs and button events that hand out a cloudID. */
export type CloudIdApi =
  | 'getWeRunData'
  | 'getShareInfo'
  | 'getGroupEnterInfo'
  | 'getUserInfo'
  | 'getUserProfile'
  | 'getChatToolInfo'
  | 'getPhoneNumber';

/**
 * The base library that added each open-data API ('0.0.0': present in every base library).
 * Sources: each API's reference in miniprogram-api-typings 5.2.3; `getUserInfo` is the API
 * (the `open-type="getUserInfo"` button arrived in 1.3.0), `getPhoneNumber` the button
 * (`open-type="getPhoneNumber"`, 1.2.0: the button component's reference).
 */
export const OPEN_DATA_API_SINCE: Readonly<Record<CloudIdApi, string>> = {
  getWeRunData: '1.2.0',
  getShareInfo: '1.1.0',
  getGroupEnterInfo: '2.10.4',
  getUserInfo: '0.0.0',
  getUserProfile: '2.10.4',
  getChatToolInfo: '3.7.8',
  getPhoneNumber: '1.2.0',
};

/**
 * The base library from which each source's result carries `cloudID` (typings 5.2.3; the
 * phone button's 2.8.0 from the legacy phone-number page; docs/platform-rules.md).
 */
export const CLOUD_ID_IN_RESULT_SINCE: Readonly<Record<CloudIdApi, string>> = {
  getWeRunData: '2.7.0',
  getShareInfo: '2.7.0',
  getGroupEnterInfo: '2.7.0',
  getUserInfo: '2.7.0',
  getUserProfile: '2.10.4',
  getChatToolInfo: '3.7.8',
  getPhoneNumber: '2.8.0',
};

/** The base library that added `wx.cloud.CloudID` (the Cloud.CloudID reference: 小程序 2.7.0). */
export const CLOUD_ID_SINCE = '2.7.0';

/** `wx.getAppBaseInfo` arrived in 2.20.1; before it, `wx.getSystemInfoSync().SDKVersion`. */
export const APP_BASE_INFO_SINCE = '2.20.1';

/**
 * The lowest base library at which each source yields a usable cloudID: the latest of
 * the API itself (OPEN_DATA_API_SINCE), `cloudID` in its result (CLOUD_ID_IN_RESULT_SINCE)
 * and `wx.cloud.CloudID` to send it (CLOUD_ID_SINCE); a test derives it from them. Besides
 * the sources: `cloud`, `CloudID`, `Cloud` (instances), `callContainer`, and the getGroupEnterInfo entry points
 * newer than the API (gate on the one the page uses). Written
 * out rather than computed, so the client ships one table instead of two and the code;
 * each version is stated here only (CLOUD_ID_SINCE, above, is buildCallData's own).
 */
export const MIN_BASE_LIBRARY = {
  /** `wx.cloud` (the base library changelog, v2.2.3). */
  cloud: '2.2.3',
  CloudID: CLOUD_ID_SINCE,
  /**
   * `new wx.cloud.Cloud({ resourceAppid, resourceEnv })`, an instance bound to one environment
   * (another account's, under resource sharing). Source: the Cloud.Cloud reference
   * ("小程序 2.13.0, 云函数 2.3.0").
   */
  Cloud: '2.13.0',
  getWeRunData: '2.7.0',
  getShareInfo: '2.7.0',
  getGroupEnterInfo: '2.10.4',
  getUserInfo: '2.7.0',
  getUserProfile: '2.10.4',
  getChatToolInfo: '3.7.8',
  getPhoneNumber: '2.8.0',
  /**
   * What `wx.getGroupEnterInfo` covers grew with the base library: group tools from 2.10.4,
   * chat message cards and group to-dos from 2.17.3, one-to-one chats (`allowSingleChat`,
   * `needGroupOpenID`) from 3.7.8. Source: 开发/API/开放接口/微信群.md (docs/platform-rules.md).
   */
  getGroupEnterInfoInMessageCard: '2.17.3',
  getGroupEnterInfoInSingleChat: '3.7.8',
  /**
   * `wx.cloud.callContainer` (Cloud Hosting). Source: 开发/云服务/云托管/开发指引/调用云托管服务/
   * 微信小程序.md (docs/platform-rules.md, "Cloud hosting").
   */
  callContainer: '2.23.0',
} as const satisfies Readonly<Record<CloudIdApi | 'cloud' | 'CloudID' | 'Cloud' | 'callContainer' | `getGroupEnterInfoIn${'MessageCard' | 'SingleChat'}`, string>>;

export type VersionGatedFeature = keyof typeof MIN_BASE_LIBRARY;

/**
 * Sources that WeChat only honours inside a user's tap, so a ticket from them cannot be
 * refreshed by code: the page must ask the user again.
 */
export const USER_GESTURE_APIS: readonly CloudIdApi[] = ['getUserProfile', 'getPhoneNumber'];

/**
 * The sources whose open data WeChat documents with a `watermark`: WeRun (the
 * open-data signature page's event sample), user info (the getUserInfo API page's JSON;
 * getUserProfile returns the same UserInfo) and phone numbers (the legacy phone-number
 * page's JSON; the code flow's `phone_info.watermark`). Not shown for getShareInfo,
 * getGroupEnterInfo or getChatToolInfo: there it is checked when present, its absence
 * accepted. Source: docs/platform-rules.md, "In the cloud function" (`watermark`).
 */
export const WATERMARK_DOCUMENTED_FOR: readonly CloudIdApi[] = ['getWeRunData', 'getUserInfo', 'getUserProfile', 'getPhoneNumber'];

/**
 * WeChat's error codes, as `callFunction`, `getOpenData` and a replaced field report them:
 * the -60xxxx ones and those of `callFunction` itself from wx-server-sdk 4.0.2
 * `src/config/error.config.ts`; -401003 ("parameter of the wrong type") and -402001 (the
 * client database SDK's circular reference; whether `callFunction` uses it is unverified)
 * from the official error-code page; -501000 as WeChat reports a missing function or
 * environment, its texts varying with the cause. A call's code reaches the caller as
 * `errCode`, and inside errMsg as `errCode: <code> <description> | errMsg: <detail>`.
 */
export const WX_ERROR_CODE = {
  UNKNOWN_ERROR: -1,
  SYSTEM_ERROR: -601001,
  INVALID_CLOUD_ID: -601005,
  CLOUD_ID_EXPIRED: -601006,
  CLOUD_ID_USER_MISMATCH: -601007,
  RESULT_TOO_LARGE: -604001,
  CIRCULAR_REFERENCE: -402001,
  INVALID_PARAMETER_TYPE: -401003,
  NOT_FOUND: -501000,
  INVALID_PARAMETERS: -501007,
  FUNCTION_EXECUTE_FAIL: -504002,
} as const;

/** The errMsg WeChat puts in an expired cloudID's failure object (seed 000). */
export const CLOUD_ID_EXPIRED_MESSAGE = 'cloudID expired.';

/** What `wx.cloud` says when called before `wx.cloud.init`. */
export const CLOUD_NOT_INITIALIZED_MESSAGE = "Cloud API isn't enabled, please call wx.cloud.init first";

/**
 * `OPEN_DATA_INFO` in the context is a JSON string, possibly empty, of the form
 * `{ "keys": ["weRunData", ...] }`: the event fields WeChat itself filled with open data.
 */
export const OPEN_DATA_INFO_KEYS_FIELD = 'keys';

/** The values the SOURCE field of `getWXContext()` takes, comma-joined along a call chain. */
export const SOURCE_VALUES = [
  'wx_devtools',
  'wx_client',
  'wx_http',
  'wx_unknown',
  'scf',
  'wx_trigger',
  'wx_paycallback',
  'wx_crawler',
  'wx_localdebug',
] as const;

export type KnownSource = (typeof SOURCE_VALUES)[number];

/**
 * The environment name the cloud function sees under local debugging: the getWXContext
 * reference says ENV is `'local'` and SOURCE `'wx_client'` there, so ENV is what tells.
 */
export const LOCAL_DEBUG_ENV = 'local';

/**
 * How wx-server-sdk 4.0.2 `getWXContext()` reads the context: `WX_CONTEXT_KEYS` lists
 * environment variable names (`WX_OPENID,WX_APPID,...`); each value is read from that
 * variable, the `WX_` prefix is dropped from the field name, and all-digit values become
 * numbers (`/^-?\d+$/`). ENV comes from `TCB_ENV` (or `SCF_NAMESPACE`), SOURCE from
 * `TCB_SOURCE`; keys named `API_TOKEN` or `TRIGGER_API_TOKEN_V0` (with or without `WX_`)
 * are never returned (its `CONTEXT_KEYS_BLACKLIST`). With `WX_CONTEXT_KEYS`
 * unset it returns `{}`.
 */
export const WX_CONTEXT_ENV = {
  KEYS: 'WX_CONTEXT_KEYS',
  PREFIX: 'WX_',
  ENV: 'TCB_ENV',
  ENV_FALLBACK: 'SCF_NAMESPACE',
  SOURCE: 'TCB_SOURCE',
  HIDDEN_KEYS: ['API_TOKEN', 'TRIGGER_API_TOKEN_V0'],
} as const;

/**
 * How many cloudIDs `exchangeOpenData` sends per `cloud.getOpenData` request. A choice,
 * not a platform limit: no limit is documented and wx-server-sdk 4.0.2 sends the whole
 * list in one call (docs/platform-rules.md, "In the cloud function"). Small requests, sent in parallel,
 * keep one slow or failing request from holding up every id.
 */
export const MAX_IDS_PER_GET_OPEN_DATA = MAX_CLOUD_IDS_PER_CALL;

/**
 * The SOURCE value the getWXContext reference lists for "微信 IDE 本地调试调用". The same
 * page says local debugging gives SOURCE `wx_client` (with ENV `'local'`): this value is
 * honoured when present, LOCAL_DEBUG_ENV is the dependable sign (docs/platform-rules.md).
 */
export const LOCAL_DEBUG_SOURCE: KnownSource = 'wx_localdebug';

/** What WeChat says when no cloud function has the called name (errCode -501000). */
export const FUNCTION_NOT_FOUND_MESSAGE = 'FunctionName parameter could not be found.';

/** What WeChat says when the mini program has no cloud environment, e.g. cloud development is not enabled (errCode -501000). */
export const ENVIRONMENT_NOT_FOUND_MESSAGE = 'Environment not found';

/** wx-server-sdk 4.0.2's descriptions of the codes a cloudID or a call can fail with. */
// In a function marked pure: bundlers keep an object with computed keys even when unused.
export const WX_ERROR_DESCRIPTION: Readonly<Record<number, string>> = /*#__PURE__*/ (() => ({
  [WX_ERROR_CODE.SYSTEM_ERROR]: 'system error',
  [WX_ERROR_CODE.INVALID_CLOUD_ID]: 'invalid cloudID',
  [WX_ERROR_CODE.CLOUD_ID_EXPIRED]: 'cloudID expired',
  [WX_ERROR_CODE.CLOUD_ID_USER_MISMATCH]: 'cloudID and calling user does not match',
  [WX_ERROR_CODE.RESULT_TOO_LARGE]: 'cloudfunction result size exceed limit (1MB)',
  [WX_ERROR_CODE.INVALID_PARAMETERS]: 'invalid parameters',
  [WX_ERROR_CODE.FUNCTION_EXECUTE_FAIL]: 'functions execute fail',
}))();

/** A cloud function's result may be at most 1 MB of JSON (-604001). */
export const MAX_FUNCTION_RESULT_BYTES = 1048576; // 1024 * 1024

/** The `getPhoneNumber` button's `detail.code` (the phone number token) arrived in base library 2.21.2. */
export const PHONE_NUMBER_CODE_SINCE = '2.21.2';

/** The `getRealtimePhoneNumber` button (a `code`, never a cloudID) arrived in base library 2.24.4 (手机号实时验证组件). */
export const REALTIME_PHONE_NUMBER_SINCE = '2.24.4';

/**
 * The phone-number buttons' `detail.errno` when the mini program's quota is used up: each
 * successful verification is billed after a free quota (since 2023-08-28). Source:
 * 手机号快速验证组件 (docs/platform-rules.md, "Phone numbers by code").
 */
export const PHONE_CODE_NO_QUOTA_ERRNO = 1400001;

/** `wx.getWeRunData` gives the steps of the past 31 days, one entry per day, oldest first. */
export const WERUN_DAYS = 31;

/**
 * What the server API getPhoneNumber (`POST /wxa/business/getuserphonenumber`, cloud call
 * `openapi.phonenumber.getPhoneNumber`) fails with: its documented errcodes, with the errmsg
 * texts WeChat's public API error table gives them.
 */
export const PHONE_NUMBER_ERROR = {
  SYSTEM_ERROR: { errcode: -1, errmsg: 'system error' },
  INVALID_CODE: { errcode: 40029, errmsg: 'invalid code' },
  APPID_MISMATCH: { errcode: 40013, errmsg: 'invalid appid' },
  RATE_LIMIT: { errcode: 45011, errmsg: 'api minute-quota reach limit  mustslower  retry next minute' },
} as const;

/**
 * A cloud function may make a cloud call (`cloud.openapi.*`) only when its `config.json` lists
 * it in `permissions.openapi`; otherwise the call fails with -604101 (云调用 guide; the code's
 * description from wx-server-sdk 4.0.2 `error.config.ts`).
 */
export const OPENAPI_NO_PERMISSION = { errCode: -604101, description: 'function has no permission to call this API' } as const;

/** The `permissions.openapi` entry the phone number cloud call needs (云调用 guide). */
export const PHONE_NUMBER_OPENAPI = 'phonenumber.getPhoneNumber';

/**
 * A `wx.cloud.callContainer` request body may be at most 100 KB (-606001), its response
 * 1 MB (-606002). Source: 开发/云服务/云开发/参考信息.md (docs/platform-rules.md, "Cloud hosting").
 */
export const MAX_CONTAINER_REQUEST_BYTES = 102400; // 100 * 1024
export const MAX_CONTAINER_RESPONSE_BYTES = MAX_FUNCTION_RESULT_BYTES; // 1 MB, like a cloud function's result
export const CALL_CONTAINER_ERROR_CODE = { REQUEST_TOO_LARGE: -606001, RESPONSE_TOO_LARGE: -606002 } as const;


/**
 * A phone-number `code` (the `getPhoneNumber` button's `detail.code`, the
 * `getRealtimePhoneNumber` button's) is valid for five minutes and usable once. Source:
 * 手机号快速验证组件 / 手机号实时验证组件 (docs/platform-rules.md, "Phone numbers by code").
 */
export const PHONE_CODE_TTL_MS = 300000; // 5 min

/**
 * `wx.cloud.CDN(target)` (2.12.0) marks a value `callFunction` uploads to the CDN and
 * replaces with its URL. Source: SDK 文档/工具类/CDN.md.
 */
export const CDN_SINCE = '2.12.0';

/**
 * `wx.cloud.callContainer` waits this long by default, like `wx.request` (the request
 * timeout of app.json's `networkTimeout`, 60 000 ms by default).
 */
export const CALL_CONTAINER_DEFAULT_TIMEOUT_MS = 60000;

/**
 * How long `callFunction`, `callContainer` and the open-data sources wait for the platform
 * to call back before failing. A choice: the platform documents no bound for its callbacks;
 * as long as its own requests wait by default, a minute lets a slow backend finish and keeps
 * a page from waiting forever.
 */
export const DEFAULT_CALL_TIMEOUT_MS = CALL_CONTAINER_DEFAULT_TIMEOUT_MS;

/** The request header naming the Cloud Hosting service a `callContainer` call goes to (调用云托管服务/微信小程序). */
export const CONTAINER_SERVICE_HEADER = 'X-WX-SERVICE';

/**
 * The identity headers WeChat's gateway adds to a Cloud Hosting request made with
 * `wx.cloud.callContainer`, as Node's `http` spells them (lowercase). Under resource
 * reuse the FROM_* headers name the caller and X-WX-OPENID is absent. Source: Cloud
 * Hosting docs 开发指引/容器内微信信息 (docs/platform-rules.md, "Cloud hosting").
 */
export const CONTAINER_IDENTITY_HEADERS = {
  OPENID: 'x-wx-openid',
  APPID: 'x-wx-appid',
  UNIONID: 'x-wx-unionid',
  FROM_OPENID: 'x-wx-from-openid',
  FROM_APPID: 'x-wx-from-appid',
  FROM_UNIONID: 'x-wx-from-unionid',
  ENV: 'x-wx-env',
  SOURCE: 'x-wx-source',
} as const;

/**
 * Cloud Hosting's open-API service (开放接口服务): a sidecar reached over plain HTTP at
 * this address, with no access token; each API must first be allowed in the console.
 * Paths and query parameters as the docs' samples use them: getopendata takes `openid`
 * (and `from_appid` under resource reuse) in the query and `{ cloudid_list }` in the body,
 * and answers `data_list[].json` as a JSON string of `{ cloudID, data }`; the phone API
 * takes `{ code }` and answers `phone_info`. Sources: 云托管/开放接口服务,
 * CloudID开放数据获取服务示例, 服务端 API getopendata and getuserphonenumber (Q3).
 */
export const OPEN_API_BASE_URL = 'http://api.weixin.qq.com';

export const OPEN_API_PATH = {
  GET_OPEN_DATA: '/wxa/getopendata',
  GET_PHONE_NUMBER: '/wxa/business/getuserphonenumber',
} as const;

export const OPEN_API_QUERY = {
  OPENID: 'openid',
  FROM_APPID: 'from_appid',
} as const;

/**
 * The `errcode`s the open-API service answers with, beyond the phone API's own
 * (`PHONE_NUMBER_ERROR`) and the setup errors (`OPEN_API_SETUP_ERROR`). -604101 is cloud
 * call's "no permission" (`OPENAPI_NO_PERMISSION`; the open-API service is cloud call over
 * HTTP), read like 85107 as "this path is not allowed". 40003: invalid openid (getopendata
 * reference). 47001 and 40097: a body that is not JSON, a missing argument (WeChat's global
 * error-code table).
 */
// In a function marked pure: bundlers keep an object that reads another's property even when unused.
export const OPEN_API_ERROR_CODE = /*#__PURE__*/ (() =>
  ({
    NOT_ALLOWED: OPENAPI_NO_PERMISSION.errCode,
    INVALID_OPENID: 40003,
    INVALID_JSON: 47001,
    INVALID_ARGS: 40097,
  }) as const)();

/**
 * What the open-API service answers when Cloud Hosting is not set up for a call, with the
 * errmsg WeChat gives (followed by ` rid: <request id>`). Source: Cloud Hosting FAQ
 * "错误排查及常见问题" (developers.weixin.qq.com, wxcloudrun/src/guide/weixin/faq):
 * - 41001: the open-API service (开放接口服务) is off, or was switched on without publishing a
 *   new version, or is called while the service is still starting;
 * - 42001: the code sends its own (expired) access_token: remove it;
 * - 48001 and 85105: the account lacks the API (an official account's AppID calling a mini
 *   program API, an API not applied for), or under resource reuse the call lacks `from_appid`;
 * - 85107: the path is not in the service's whitelist (服务管理 > 云调用 > 微信令牌);
 * - 85112 (also `error_type` GatewayError / SafeLinkError): a link failure on WeChat's side:
 *   file a ticket with the environment id, AppID, time and request id;
 * - 85113: cloud call not initialised yet (usually the first version): wait minutes, retry.
 */
export const OPEN_API_SETUP_ERROR = {
  SERVICE_OFF: { errcode: 41001, errmsg: 'access_token missing' },
  ACCESS_TOKEN_EXPIRED: { errcode: 42001, errmsg: 'access_token expired' },
  API_UNAUTHORIZED: { errcode: 48001, errmsg: 'api unauthorized' },
  NOT_AUTHORIZED: { errcode: 85105, errmsg: 'not authorized' },
  NOT_IN_WHITELIST: { errcode: 85107, errmsg: 'URL不在白名单内,请前往「微信云托管控制台-服务管理-云调用-微信令牌」配置' },
  LINK_FAILURE: { errcode: 85112, errmsg: 'cloudbase_secret not found' },
  NOT_READY: { errcode: 85113, errmsg: 'cloudbase_token is not ready yet, please try again later' },
} as const;

/**
 * Some paths not in the open-API service's whitelist are answered with this HTTP status and
 * no errcode ("部分接口在未配置白名单时会返回502状态码", same FAQ).
 */
export const OPEN_API_NOT_IN_WHITELIST_STATUS = 502;

/**
 * A cloudID's shape: digits, an underscore, then url-safe characters (`61_…` in the
 * audit's sample; Q3). A phone code is plain hex, so a `getPhoneNumber` field holding a
 * string is exchanged as a cloudID when it has this shape, as a phone code otherwise.
 */
export const CLOUD_ID_SHAPE = /^\d+_[A-Za-z0-9_-]+$/;

/**
 * No cloudID is longer than this, with room to spare. Real cloudIDs are 62 characters:
 * `27_Ih-9vxDaOhIbh48Bdpk90DUkUoNMAPaNtg7OSGM-P2wPEk1NbspjKGoql_g` in WeChat's own
 * Cloud.CloudID and Cloud.getOpenData references, and a `getUserProfile` result logged in
 * a public uni-app project (`50_ok3XQ…`, 62). The bound is eight times that; a longer string
 * is refused before any exchange, as is a phone code of that length (the phone API documents
 * no length; codes seen are far shorter). A choice, not a platform rule.
 */
export const MAX_CLOUD_ID_LENGTH = 512;

/**
 * A cloud function runs at most 3 s unless its `config.json` sets `"timeout"` (cloud
 * function configuration reference; the testing kit's `time_limit_in_ms`).
 */
export const CLOUD_FUNCTION_DEFAULT_TIMEOUT_MS = 3000;

/**
 * What `cloud.openapi.phonenumber.getPhoneNumber({ code, openid })` fails with: the same
 * codes as the API over HTTP (PHONE_NUMBER_ERROR: 40029, 40013, 45011, -1, from the server
 * API getPhoneNumber page), and -604101 when the function's
 * config.json does not list the API (OPENAPI_NO_PERMISSION). 45009 is WeChat's global
 * return code for an API's daily quota; the getPhoneNumber page lists no quota code, so
 * this mapping is unverified (the button itself reports an exhausted quota as `errno`
 * 1400001, PHONE_CODE_NO_QUOTA_ERRNO). Source: docs/platform-rules.md, "Phone numbers by code".
 */
// In a function marked pure, like OPEN_API_ERROR_CODE.
export const PHONE_CODE_ERROR_CODE = /*#__PURE__*/ (() =>
  ({
    /** The code is invalid, already used, or older than five minutes. */
    INVALID_CODE: PHONE_NUMBER_ERROR.INVALID_CODE.errcode,
    /** The code was issued to another mini program. */
    APPID_MISMATCH: PHONE_NUMBER_ERROR.APPID_MISMATCH.errcode,
    /** Too many calls: the API's rate limit. */
    RATE_LIMITED: PHONE_NUMBER_ERROR.RATE_LIMIT.errcode,
    /** The API's daily quota is used up (unverified for this API, see above). */
    QUOTA_EXCEEDED: 45009,
    /** The cloud function's config.json lacks the openapi permission. */
    NO_PERMISSION: OPENAPI_NO_PERMISSION.errCode,
    /** WeChat's system error. */
    SYSTEM_ERROR: PHONE_NUMBER_ERROR.SYSTEM_ERROR.errcode,
  }) as const)();

/**
 * The errMsg WeChat puts in a -601007 failure (cloudID of another user): seen in a real
 * getOpenData answer (community doc 000880def74410e843be258e05bc00; docs/platform-rules.md, "In the cloud function").
 * The texts for -601005 (invalid) are not documented or seen anywhere: the kit uses
 * wx-server-sdk's description of the code, `invalid cloudID`.
 */
export const CLOUD_ID_USER_MISMATCH_MESSAGE = 'cloudID not belong to user.';
