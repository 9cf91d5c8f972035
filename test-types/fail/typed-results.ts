// The result is `unknown` until typed; the annotated form still checks the data.
import { callFunction, getWeRunData, type CallFunctionResult } from 'miniprogram-cloudid';

interface StepsResult {
  today: number;
}

export async function untyped(): Promise<number> {
  const { result } = await callFunction({ name: 'werun' });
  // @expect-error 'result' is of type 'unknown'
  return result.today;
}

export async function annotatedNested(): Promise<number> {
  const weRun = await getWeRunData();
  // @expect-error CloudID must be a top-level field: obj.weRun
  const { result }: CallFunctionResult<StepsResult> = await callFunction({ name: 'werun', data: { obj: { weRun } } });
  return result.today;
}

export async function wrongType(): Promise<string> {
  const { result } = await callFunction<StepsResult>({ name: 'werun' });
  // @expect-error Type 'number' is not assignable to type 'string'
  return result.today;
}
