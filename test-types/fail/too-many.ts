// More than MAX_CLOUD_IDS_PER_CALL top-level CloudIDs is a compile error that states the limit.
import { buildCallData, callFunction, cloudID, type CloudIdReference, type CloudIdTicket } from 'miniprogram-cloudid';

declare const ticket: CloudIdTicket<'getWeRunData'>;
const reference = cloudID('cloud-id');

// @expect-error At most 5 CloudIDs per call, found 6:
buildCallData({ a: ticket, b: ticket, c: reference, d: reference, e: wx.cloud.CloudID('x'), f: ticket, note: 'six' });

// Optional CloudID fields count: each may be sent.
interface SevenMaybe {
  a?: CloudIdReference;
  b?: CloudIdReference;
  c?: CloudIdReference;
  d?: CloudIdReference;
  e?: CloudIdReference;
  f?: CloudIdReference;
  g: CloudIdReference | undefined;
}
declare const sevenMaybe: SevenMaybe;
// @expect-error At most 5 CloudIDs per call, found 7: 
buildCallData(sevenMaybe);

// An index signature of CloudIDs cannot be counted.
declare const byKey: Record<string, CloudIdTicket>;
// @expect-error At most 5 CloudIDs per call: an index signature of CloudIDs cannot be counted
buildCallData(byKey);

// Both problems at once: one message with both.
// @expect-error CloudID must be a top-level field: nested.ref; At most 5 CloudIDs per call, found 6:
buildCallData({ a: ticket, b: ticket, c: ticket, d: ticket, e: ticket, f: ticket, nested: { ref: reference } });

export async function send() {
  // @expect-error At most 5 CloudIDs per call, found 6:
  await callFunction({ name: 'steps', data: { a: ticket, b: ticket, c: ticket, d: ticket, e: ticket, f: ticket } });
}
