// @options: {"types": []}
// A project without miniprogram-api-typings in `types` (no `wx` global) still loads the
// client's types, and tickets and references are still checked.
import { buildCallData, callFunction, cloudID, getWeRunData, type CallData } from 'miniprogram-cloudid';

export async function send() {
  const weRunData = await getWeRunData();
  buildCallData({ weRunData, shareInfo: cloudID('cloud-id'), page: 'home' });
  await callFunction({ name: 'steps', data: { weRunData } });
  // @expect-error CloudID must be a top-level field: obj.weRunData
  buildCallData({ obj: { weRunData } });
}

export type Data = CallData<{ id: string }>;

// The `wx` global really is absent here.
// @expect-error Cannot find name 'wx'
export const platform = typeof wx;
