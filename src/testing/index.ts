/**
 * miniprogram-cloudid/testing: a mock `wx` and a fake `wx-server-sdk` that behave like the
 * WeChat platform for CloudIDs, for the user's jest tests.
 */
import { isCloudIdError as isAnyCloudIdError, type CloudIdError, type TestingErrorCode } from '../core/errors';

export { createMockWx } from './mock-wx';
export type { ButtonEvent, ButtonEventTarget, MockWx, OpenDataApi, OpenDataApiOptions, OpenDataResult, PhoneNumberDetail, RealtimePhoneNumberDetail, TapOptions } from './mock-wx';
export { DEFAULT_APPID, DEFAULT_BASE_LIBRARY, DEFAULT_ENV, DEFAULT_OPENID, type ApiFailure, type CloudState, type MockWxOptions } from './options';
export type { CallFunctionOptions, MockCloudCalls, MockWxCloud } from './wx-cloud';
export type { CloudInstanceOptions, MockCloudConstructor, MockCloudInstance } from './cloud-instance';
export { installMockWx, type InstalledMockWx } from './install';
export { createMockCloud, type GetOpenDataResult, type GetPhoneNumberResult, type MockCloud, type MockCloudOptions, type MockOpenApi } from './mock-cloud';
export { createFakeClock, type ClockLike, type MockClock } from './clock';
export { CloudIdError, type CloudIdErrorCode, type CloudIdErrorFields, type TestingErrorCode } from '../core/errors';

/** True for an error of this package (from any realm or copy of it); `switch (error.code)` then narrows to the codes this entry throws. */
export const isCloudIdError = isAnyCloudIdError as (value: unknown) => value is CloudIdError<TestingErrorCode>;
export type { CloudFunction, CloudIdResolution, FunctionConfig, InvocationContext, IssuedCloudId, IssuedPhoneCode, MockCall, PhoneButton, PhoneCodeRedemption, PhoneNumber } from './platform';
export type { CallFunctionResult } from './invoke';
export type { PlatformError } from './failure';
export type { GroupOpenData, MockOpenData, OpenDataByApi, StepInfo, UserOpenData, Watermark } from './open-data';
export type { CallContainerOptions, CallContainerResult, ContainerService, MockContainerCall } from './call-container';
export { createMockOpenApi, type MockOpenApiOptions, type MockOpenApiPath, type MockOpenApiRequest, type MockOpenApiService } from './mock-open-api';
