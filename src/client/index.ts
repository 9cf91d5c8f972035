/**
 * miniprogram-cloudid: the mini program side. The functions exported here use the global
 * `wx` (looked up at call time), `Date.now` and `wx.cloud`; `createCloudId({ wx, now, cloud })`
 * returns the same API bound to others (`cloud`: a `wx.cloud.Cloud` instance). Each is a separate export so bundlers keep only what is used.
 */
import { isCloudIdError as isAnyCloudIdError, type ClientErrorCode, type CloudIdError } from '../core/errors';
import { buildCallDataIn, inspectCallDataIn } from './call-data';
import { callContainerIn } from './call-container';
import { callFunctionIn } from './call-function';
import type { CloudIdClient } from './client';
import { defaultContext as context } from './context';
import { phoneCodeFromEventIn, requestTicket, ticketFromEventIn, ticketFromResultIn } from './sources';
import { assertBaseLibrary as assertIn, baseLibraryVersion as versionIn, isBaseLibraryAtLeast as atLeastIn } from './version';

export const baseLibraryVersion: CloudIdClient['baseLibraryVersion'] = () => versionIn(context);
export const isBaseLibraryAtLeast: CloudIdClient['isBaseLibraryAtLeast'] = (feature) => atLeastIn(context, feature);
export const assertBaseLibrary: CloudIdClient['assertBaseLibrary'] = (feature) => assertIn(context, feature);

export const getWeRunData: CloudIdClient['getWeRunData'] = (options) => requestTicket(context, 'getWeRunData', options);
export const getShareInfo: CloudIdClient['getShareInfo'] = (options) => requestTicket(context, 'getShareInfo', options, 'shareTicket');
export const getGroupEnterInfo: CloudIdClient['getGroupEnterInfo'] = (options) => requestTicket(context, 'getGroupEnterInfo', options);
export const getUserInfo: CloudIdClient['getUserInfo'] = (options) => requestTicket(context, 'getUserInfo', options);
export const getUserProfile: CloudIdClient['getUserProfile'] = (options) => requestTicket(context, 'getUserProfile', options, 'desc');
export const getChatToolInfo: CloudIdClient['getChatToolInfo'] = (options) => requestTicket(context, 'getChatToolInfo', options);
export const ticketFromEvent: CloudIdClient['ticketFromEvent'] = (event) => ticketFromEventIn(context, event);
export const phoneCodeFromEvent: CloudIdClient['phoneCodeFromEvent'] = (event) => phoneCodeFromEventIn(context, event);
export const ticketFromResult: CloudIdClient['ticketFromResult'] = (api, result) => ticketFromResultIn(context, api, result);

export const inspectCallData: CloudIdClient['inspectCallData'] = (data, options) => inspectCallDataIn(context, data, options);
export const buildCallData: CloudIdClient['buildCallData'] = (data, options) => buildCallDataIn(context, data, options);
export const callFunction: CloudIdClient['callFunction'] = (params) => callFunctionIn(context, params);
export const callContainer: CloudIdClient['callContainer'] = (params) => callContainerIn(context, params);

export { createCloudId } from './client';
export type { CloudIdClient, CreateCloudIdOptions, OpenDataRawResult, SourceOptions } from './client';
export { CloudIdTicket, CloudIdReference, cloudID } from './ticket';
export type { CallDataOptions, CallDataReport } from './call-data';
export { PhoneCode } from './phone-code';
export type { PhoneCodeApi } from './phone-code';
export type { CallFunctionParams } from './call-function';
export type { CallContainerParams } from './call-container';
export type { SendOptions } from './send-call';
export type { OpenDataButtonDetail, OpenDataButtonEvent, PhoneNumberButtonDetail, CloudIdSourceApi } from './sources';
export type { WxLike, WxCloudLike, WxCloudConstructor, WxCloudInstance, CallFunctionResult, CallContainerResult } from './wx';
export { compareVersion } from '../core/version';
export { MIN_BASE_LIBRARY, MAX_CLOUD_IDS_PER_CALL, CLOUD_ID_TTL_MS, DEFAULT_EXPIRY_MARGIN_MS, DEFAULT_CALL_TIMEOUT_MS, MAX_CONTAINER_REQUEST_BYTES } from '../core/rules';
export type { CloudIdApi, VersionGatedFeature } from '../core/rules';
export { CloudIdError } from '../core/errors';
export type { CloudIdErrorCode, CloudIdErrorFields, ClientErrorCode, CallDataErrorCode, CallDataErrorFields, CallDataIssue, CallDataIssueCode, PhoneCodeUnavailableReason } from '../core/errors';

/** True for an error of this package (from any realm or copy of it); `switch (error.code)` then narrows to the codes this entry throws. */
export const isCloudIdError = isAnyCloudIdError as (value: unknown) => value is CloudIdError<ClientErrorCode>;
export type { OpenDataFailure, OpenDataFailureReason, OpenDataFailureEnvelope } from '../core/envelope';
export { trustCallData } from '../core/call-data-types';
export type { CallData, UncheckedCallData } from '../core/call-data-types';
