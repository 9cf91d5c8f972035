// Tickets, references and wx.cloud.CloudID values at the top level of data compile.
import {
  buildCallData,
  callFunction,
  cloudID,
  createCloudId,
  getShareInfo,
  getWeRunData,
  ticketFromEvent,
  MAX_CLOUD_IDS_PER_CALL,
  type CallData,
  type CloudIdReference,
  type CloudIdTicket,
  type OpenDataButtonEvent,
} from 'miniprogram-cloudid';
import { expectTrue, type Equal } from '../helpers';

export async function sendSteps(shareTicket: string, event: OpenDataButtonEvent) {
  const weRunData = await getWeRunData();
  const shareInfo = await getShareInfo({ shareTicket });
  const phone = ticketFromEvent(event);

  buildCallData({ weRunData });
  buildCallData({ weRunData, shareInfo, phone, since: '2024-01-01', days: [1, 2, 3], filter: { minSteps: 100, tags: ['a'] } });
  buildCallData({ reference: cloudID('cloud-id'), platform: wx.cloud.CloudID('cloud-id'), constructed: new wx.cloud.CloudID('cloud-id') });
  buildCallData({ weRunData }, { marginMs: 60_000 });

  await callFunction({ name: 'steps', data: { weRunData, page: 'home' } });
  await callFunction({ name: 'steps' });
  await createCloudId().callFunction({ name: 'share', data: { shareInfo, when: Date.now() } });
  createCloudId().buildCallData({ weRunData, shareInfo });
}

// Exactly MAX_CLOUD_IDS_PER_CALL of them, next to nested data without CloudIDs.
declare const ticket: CloudIdTicket<'getWeRunData'>;
declare const reference: CloudIdReference;
buildCallData({ a: ticket, b: ticket, c: reference, d: reference, e: wx.cloud.CloudID('x'), plain: { deep: [{ list: [1, 'two', null] }] } });
expectTrue<Equal<typeof MAX_CLOUD_IDS_PER_CALL, 5>>();

// Optional, nullable and union-typed top-level fields.
interface ProfileCall {
  weRunData?: CloudIdTicket<'getWeRunData'>;
  shareInfo: CloudIdReference | null;
  either: string | CloudIdReference;
  note: string;
}
declare const profileCall: ProfileCall;
buildCallData(profileCall);
expectTrue<Equal<CallData<ProfileCall>, ProfileCall>>();

// The type comes back unchanged when it is valid.
type Valid = { weRunData: CloudIdTicket<'getWeRunData'>; steps: number[] };
expectTrue<Equal<CallData<Valid>, Valid>>();
