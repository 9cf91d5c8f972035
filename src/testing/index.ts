/**
 * miniprogram-cloudid/testing: a mock `wx` and a fake `wx-server-sdk` that behave like the
 * WeChat platform for CloudIDs, for the user's jest tests.
 */
export { createMockWx } from './mock-wx';
export type { ButtonEvent, ButtonEventTarget, MockWx, OpenDataApi, OpenDataApiOptions, OpenDataResult, PhoneNumberDetail, TapOptions } from './mock-wx';
export { DEFAULT_APPID, DEFAULT_BASE_LIBRARY, DEFAULT_ENV, DEFAULT_OPENID, type ApiFailure, type CloudState, type MockWxOptions } from './options';
export type { CallFunctionOptions, MockWxCloud } from './wx-cloud';
export { installMockWx, type InstalledMockWx } from './install';
export { createMockCloud, type GetOpenDataResult, type MockCloud, type MockCloudOptions } from './mock-cloud';
export { createFakeClock, DEFAULT_CLOCK_START, type ClockLike, type MockClock } from './clock';
export type { CloudFunction, CloudIdResolution, InvocationContext, IssuedCloudId, MockCall } from './platform';
export type { CallFunctionResult } from './invoke';
export type { PlatformError } from './failure';
export type { GroupOpenData, MockOpenData, OpenDataByApi, StepInfo, UserOpenData, Watermark } from './open-data';
export { createMockOpenApi, type MockOpenApiOptions, type MockOpenApiPath, type MockOpenApiRequest, type MockOpenApiService } from './mock-open-api';
