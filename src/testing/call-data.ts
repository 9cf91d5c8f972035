import { CALL_FUNCTION_ERROR_CODE, WX_ERROR_CODE } from '../core/rules';
import { idOfCloudId } from './cloud-id';
import { codedFailure, describeThrown } from './failure';
import { CircularReferenceError, copyAsJson, type CloudIdReplacer } from './json-copy';

/** The API name failures of a call are reported under, client side and server side alike. */
export const CALL_FUNCTION = 'cloud.callFunction';

/** Data as the caller sent it, for the record: each kit CloudID reads `{ CloudID: id }`. */
export function recordedData(data: unknown): unknown {
  return copyAsJson(data, (cloudId) => ({ CloudID: idOfCloudId(cloudId) }));
}

/** How wx SDKs name a value's type in parameter errors: `string`, `undefined`, `array`, ... */
export const typeName = (value: unknown) => Object.prototype.toString.call(value).slice(8, -1).toLowerCase();

/**
 * Call data as the platform receives it: an object (or nothing), copied with JSON semantics;
 * `onCloudId` decides what each kit CloudID becomes. A cycle fails with -402001 before anything is sent.
 */
export function serialiseCallData(data: unknown, onCloudId: CloudIdReplacer): Record<string, unknown> {
  if (data === undefined) return {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw codedFailure(CALL_FUNCTION, CALL_FUNCTION_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.data should be object instead of ${typeName(data)};`);
  }
  try {
    return copyAsJson(data, onCloudId) as Record<string, unknown>;
  } catch (thrown) {
    if (thrown instanceof CircularReferenceError) throw codedFailure(CALL_FUNCTION, WX_ERROR_CODE.CIRCULAR_REFERENCE, `${thrown.message}: data must be a tree to be sent as JSON`);
    throw codedFailure(CALL_FUNCTION, CALL_FUNCTION_ERROR_CODE.INVALID_PARAMETER_TYPE, describeThrown(thrown));
  }
}

/** Rejects a call without a usable function name, worded like wx SDKs' parameter checks. */
export function checkFunctionName(name: unknown): void {
  if (typeof name !== 'string' || name === '') {
    throw codedFailure(CALL_FUNCTION, CALL_FUNCTION_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.name should be a non-empty string instead of ${typeName(name)};`);
  }
}
