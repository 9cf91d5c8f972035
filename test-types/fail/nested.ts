// A CloudID below the top level of data is a compile error naming its path.
import { buildCallData, callFunction, cloudID, createCloudId, getShareInfo, getWeRunData, type CloudIdReference, type CloudIdTicket } from 'miniprogram-cloudid';

declare const ticket: CloudIdTicket<'getShareInfo'>;
declare const reference: CloudIdReference;

// Objects, at any depth.
// @expect-error CloudID must be a top-level field: obj.shareInfo
buildCallData({ obj: { shareInfo: ticket } });
// @expect-error CloudID must be a top-level field: a.b.c.d.e.f.g.h.i.j
buildCallData({ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: reference } } } } } } } } } });

// As deep as the check looks: 17 levels below a top-level field.
// @expect-error CloudID must be a top-level field: s1.s2.s3.s4.s5.s6.s7.s8.s9.s10.s11.s12.s13.s14.s15.s16.s17.s18
buildCallData({ s1: { s2: { s3: { s4: { s5: { s6: { s7: { s8: { s9: { s10: { s11: { s12: { s13: { s14: { s15: { s16: { s17: { s18: reference } } } } } } } } } } } } } } } } } });

// Arrays are `[number]`, tuples name the index.
// @expect-error CloudID must be a top-level field: list[number].id
buildCallData({ list: [{ id: ticket }, { id: ticket }] });
// @expect-error CloudID must be a top-level field: pair[1]
buildCallData({ pair: ['label', reference] as const });
// @expect-error CloudID must be a top-level field: matrix[number][number]
buildCallData({ matrix: [[ticket]] });

// wx.cloud.CloudID values are CloudIDs too.
// @expect-error CloudID must be a top-level field: wrapper.phone
buildCallData({ wrapper: { phone: wx.cloud.CloudID('cloud-id') } });
// @expect-error CloudID must be a top-level field: wrapper.phone
buildCallData({ wrapper: { phone: new wx.cloud.CloudID('cloud-id') } });

// Optional fields, unions and readonly data.
interface Declared {
  weRunData: CloudIdTicket<'getWeRunData'>;
  extra?: { shareInfo?: CloudIdTicket<'getShareInfo'> };
  either: string | { ref: CloudIdReference | null };
  readonly frozen: readonly { readonly ref: CloudIdReference }[];
}
declare const declared: Declared;
// @expect-error CloudID must be a top-level field:
// @expect-error extra.shareInfo
// @expect-error either.ref
// @expect-error frozen[number].ref
buildCallData(declared);

// A top-level field that may be a CloudID or an object holding one.
declare const mixed: { field: CloudIdReference | { inner: CloudIdReference } };
// @expect-error CloudID must be a top-level field: field.inner
buildCallData(mixed);

// Keys that are not identifiers are quoted.
// @expect-error CloudID must be a top-level field: ['share info'].id
buildCallData({ 'share info': { id: reference } });

// A CloudID inside a class instance.
class Holder {
  constructor(readonly held: CloudIdReference) {}
}
// @expect-error CloudID must be a top-level field: holder.held
buildCallData({ holder: new Holder(cloudID('x')) });

// Through callFunction and a bound client.
export async function send() {
  // The README's example.
  const weRunData = await getWeRunData();
  const shareInfo = await getShareInfo({ shareTicket: 'ticket' });
  // @expect-error CloudID must be a top-level field: group.shareInfo
  await callFunction({ name: 'steps', data: { weRunData, group: { shareInfo } } });

  // @expect-error CloudID must be a top-level field: obj.shareInfo
  await callFunction({ name: 'share', data: { obj: { shareInfo: ticket } } });
  // @expect-error CloudID must be a top-level field: list[number]
  await createCloudId().callFunction({ name: 'share', data: { list: [reference] } });
  // @expect-error CloudID must be a top-level field: obj.shareInfo
  createCloudId().buildCallData({ obj: { shareInfo: ticket } });
}
