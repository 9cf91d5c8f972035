import { WX_ERROR_CODE } from '../core/rules';
import { idOfCloudId } from './cloud-id';
import { thrownString } from '../core/thrown';
import { codedFailure } from './failure';
import { cdnUrlOf } from './cdn';
import { CircularReferenceError, copyAsJson } from './json-copy';

/** The API name failures of a call are reported under, client side and server side alike. */
export const CALL_FUNCTION = 'cloud.callFunction';

/** How wx SDKs name a value's type in parameter errors: `string`, `undefined`, `array`, ... */
export const typeName = (value: unknown) => Object.prototype.toString.call(value).slice(8, -1).toLowerCase();

/** Where a kit CloudID stood in the copied data, until the two forms below are made from it. */
class CloudIdSlot {
  constructor(
    readonly id: unknown,
    readonly topLevel: boolean,
  ) {}
}

/** Call data as sent: read once, then made into the event and the record. */
export interface SentCallData {
  /** The event before replacement: each top-level CloudID's field holds null, to be filled with its open data. */
  event: Record<string, unknown>;
  /** The data as sent, for `mock.calls`: each kit CloudID reads `{ CloudID: id }`. */
  recorded: Record<string, unknown>;
  /** The top-level CloudIDs, in field order (only when `replaceTopLevel`). */
  cloudIds: { key: string; id: unknown }[];
}

/** A copy of the (plain, already copied) tree with each slot made into what `replace` says. */
function fillSlots(tree: unknown, replace: (slot: CloudIdSlot, key: string) => unknown, key = ''): unknown {
  if (tree instanceof CloudIdSlot) return replace(tree, key);
  if (Array.isArray(tree)) return tree.map((item, index) => fillSlots(item, replace, String(index)));
  if (typeof tree !== 'object' || tree === null) return tree;
  const object: Record<string, unknown> = {};
  for (const field of Object.keys(tree)) {
    Object.defineProperty(object, field, { value: fillSlots((tree as Record<string, unknown>)[field], replace, field), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/**
 * Call data as the platform receives it: an object (or nothing), each property read once and
 * copied with JSON semantics; bytes as `{ type: 'Buffer', data }`, each `wx.cloud.CDN` value
 * as its upload's URL (at any depth: a choice, the docs show top-level ones only). With
 * `replaceTopLevel` (a page's call), top-level CloudIDs are set aside for replacement and
 * nested ones sent as bare ids; otherwise every CloudID is sent as its bare id. A cycle fails
 * with -402001, data that is not an object (also once JSON has read it: `new String('ab')`,
 * a Date, a `toJSON` answering a primitive or an array) with -401003, both before anything is sent.
 */
export function serialiseCallData(data: unknown, env: string, replaceTopLevel: boolean): SentCallData {
  const notAnObject = (value: unknown) => codedFailure(CALL_FUNCTION, WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.data should be object instead of ${typeName(value)};`);
  if (data === undefined) return { event: {}, recorded: {}, cloudIds: [] };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw notAnObject(data);
  let copied: unknown;
  try {
    copied = copyAsJson(data, {
      onCloudId: (cloudId, depth) => new CloudIdSlot(idOfCloudId(cloudId), replaceTopLevel && depth === 1),
      onCdn: (cdn) => cdnUrlOf(cdn, env),
      binaryAsBuffer: true,
    });
  } catch (thrown) {
    if (thrown instanceof CircularReferenceError) throw codedFailure(CALL_FUNCTION, WX_ERROR_CODE.CIRCULAR_REFERENCE, `${thrown.message}: data must be a tree to be sent as JSON`);
    throw codedFailure(CALL_FUNCTION, WX_ERROR_CODE.INVALID_PARAMETER_TYPE, thrownString(thrown));
  }
  if (typeof copied !== 'object' || copied === null || Array.isArray(copied) || copied instanceof CloudIdSlot) throw notAnObject(copied);
  const cloudIds: { key: string; id: unknown }[] = [];
  const event = fillSlots(copied, (slot, key) => {
    if (!slot.topLevel) return slot.id;
    cloudIds.push({ key, id: slot.id });
    return null;
  }) as Record<string, unknown>;
  const recorded = fillSlots(copied, (slot) => ({ CloudID: slot.id })) as Record<string, unknown>;
  return { event, recorded, cloudIds };
}

/** Rejects a call without a usable function name, worded like wx SDKs' parameter checks. */
export function checkFunctionName(name: unknown): void {
  if (typeof name !== 'string' || name === '') {
    throw codedFailure(CALL_FUNCTION, WX_ERROR_CODE.INVALID_PARAMETER_TYPE, `parameter.name should be a non-empty string instead of ${typeName(name)};`);
  }
}
