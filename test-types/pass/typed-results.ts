// Typed results: a result type parameter, or an annotation TypeScript infers it from
// (which keeps the data check, since the data type is inferred too).
import { callContainer, callFunction, createCloudId, getWeRunData, type CallContainerResult, type CallFunctionResult } from 'miniprogram-cloudid';
import { expectTrue, type Equal } from '../helpers';

interface StepsResult {
  today: number;
}

export async function explicit(): Promise<number> {
  const weRun = await getWeRunData();
  const { result } = await callFunction<StepsResult>({ name: 'werun', data: { weRun } });
  const response = await callContainer<StepsResult>({ service: 'steps', path: '/steps', data: { weRun } });
  return result.today + response.data.today;
}

export async function annotated(): Promise<number> {
  const weRun = await getWeRunData();
  const { result }: CallFunctionResult<StepsResult> = await callFunction({ name: 'werun', data: { weRun } });
  const response: CallContainerResult<StepsResult> = await callContainer({ service: 'steps', path: '/steps', data: { weRun } });
  return result.today + response.data.today;
}

export async function bound(): Promise<number> {
  const client = createCloudId();
  const { result } = await client.callFunction<StepsResult>({ name: 'werun' });
  const response = await client.callContainer<StepsResult>({ service: 'steps', path: '/steps' });
  return result.today + response.data.today;
}

export async function untyped(): Promise<unknown[]> {
  const { result } = await callFunction({ name: 'werun' });
  expectTrue<Equal<typeof result, unknown>>();
  const response = await callContainer({ service: 'steps', path: '/steps' });
  expectTrue<Equal<typeof response.data, unknown>>();
  return [result, response.data];
}
