// The README's first example, the compiling half (the failing half is in fail/nested.ts).
import { callFunction, getShareInfo, getWeRunData } from 'miniprogram-cloudid';

export async function sendSteps(shareTicket: string) {
  const weRunData = await getWeRunData();
  const shareInfo = await getShareInfo({ shareTicket });

  await callFunction({ name: 'steps', data: { weRunData, shareInfo, days: 7 } });
}
