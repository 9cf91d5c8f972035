import { createCloudId, type CloudIdClient, type WxLike } from '../../src/client';
import { createMockWx, type MockWx, type MockWxOptions } from '../../src/testing';

/** A mock platform and a client bound to it and to its clock. */
export function setup(options: MockWxOptions = {}): { wx: MockWx; client: CloudIdClient } {
  const wx = createMockWx(options);
  return { wx, client: createCloudId({ wx: wx as WxLike, now: () => wx.clock.now() }) };
}

/** The error a promise rejects with, or the one a function throws. */
export async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, but it succeeded');
}
