// Where T is unresolved the compiler cannot see inside data: CallData<T> rejects it, and
// trustCallData is the documented way through (the run-time check still applies).
import { buildCallData, callFunction, getWeRunData, trustCallData, type UncheckedCallData } from 'miniprogram-cloudid';

export function sendGeneric<T extends object>(name: string, data: T) {
  // @expect-error not assignable to parameter of type 'CallData<T>'
  buildCallData(data);
  buildCallData(trustCallData(data));
  return callFunction({ name, data: trustCallData(data) });
}

export async function withSteps<Extra extends object>(extra: Extra) {
  const weRunData = await getWeRunData();
  const data: UncheckedCallData = trustCallData({ ...extra, weRunData });
  return callFunction({ name: 'steps', data });
}

// The README's example, verbatim.
export async function sendWithSteps<Extra extends object>(name: string, extra: Extra) {
  const weRunData = await getWeRunData();
  return callFunction({ name, data: trustCallData({ ...extra, weRunData }) });
}
