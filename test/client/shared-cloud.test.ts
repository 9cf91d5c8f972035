// createCloudId({ cloud }): a wx.cloud.Cloud instance makes the CloudIDs and sends the calls.
import { createCloudId, isCloudIdError, type WxCloudLike } from '../../src/client';
import { createMockWx, type CloudFunction } from '../../src/testing';
import { caught } from './helpers';

const echo: CloudFunction = (event) => event;

/** An instance whose CloudIDs are of its own class, recording what it is asked to do. */
function recordingInstance() {
  class SharedCloudId {
    constructor(readonly id: string) {}
  }
  const calls: { name: string; data: Record<string, unknown> }[] = [];
  const cloud = {
    CloudID: (id: string) => new SharedCloudId(id),
    callFunction(options: { name: string; data: Record<string, unknown>; success: (result: object) => void }) {
      calls.push({ name: options.name, data: options.data });
      options.success({ result: 'through the instance', errMsg: 'cloud.callFunction:ok' });
    },
  };
  return { cloud, calls, SharedCloudId };
}

describe('createCloudId({ cloud })', () => {
  it("makes the tickets its CloudIDs and sends callFunction through it, not through wx.cloud", async () => {
    const wx = createMockWx({ functions: { echo } });
    const { cloud, calls, SharedCloudId } = recordingInstance();
    const client = createCloudId({ wx, cloud, now: wx.clock.now });
    const ticket = await client.getWeRunData();
    await expect(client.callFunction({ name: 'echo', data: { weRun: ticket, n: 1 } })).resolves.toMatchObject({ result: 'through the instance' });
    expect(calls).toEqual([{ name: 'echo', data: { weRun: new SharedCloudId(ticket.cloudID), n: 1 } }]);
    expect(wx.calls).toEqual([]);
  });

  it("tells the instance's CloudIDs in call data, at the top level and nested", () => {
    const wx = createMockWx();
    const { cloud } = recordingInstance();
    const client = createCloudId({ wx, cloud });
    const data = { shared: cloud.CloudID('27_abc'), nested: { shared: cloud.CloudID('27_def') } };
    expect(client.inspectCallData(data)).toMatchObject({ cloudIdKeys: ['shared'], problems: [{ code: 'CLOUD_ID_NESTED', path: 'nested.shared' }] });
    // Without the instance they are objects like any other: nothing tells them apart.
    expect(createCloudId({ wx }).inspectCallData(data)).toMatchObject({ cloudIdKeys: [], problems: [] });
  });

  it.each([
    ['an object without callFunction', {}],
    ['what init() returns', Promise.resolve()],
    ['null', null],
    ['a string', 'shared-env'],
  ])('refuses %s with INVALID_OPTION naming cloud and the fix', (_what, cloud) => {
    let error: unknown;
    try {
      createCloudId({ wx: createMockWx(), cloud: cloud as unknown as WxCloudLike });
    } catch (thrown) {
      error = thrown;
    }
    expect(isCloudIdError(error) && error.code).toBe('INVALID_OPTION');
    expect(error).toMatchObject({ option: 'cloud', message: expect.stringContaining('cloud must be a wx.cloud.Cloud after await init()') });
  });

  it('needs base library 2.13.0, which added wx.cloud.Cloud', () => {
    const { cloud } = recordingInstance();
    expect(() => createCloudId({ wx: createMockWx({ baseLibrary: '2.12.0' }), cloud })).toThrow(expect.objectContaining({ code: 'BASE_LIBRARY_TOO_OLD', feature: 'Cloud', required: '2.13.0' }));
    expect(createCloudId({ wx: createMockWx({ baseLibrary: '2.12.0' }) }).isBaseLibraryAtLeast('Cloud')).toBe(false);
  });

  it('fails a call through an instance whose init() has not resolved with CLOUD_UNAVAILABLE', async () => {
    const owner = createMockWx({ appid: 'wxOwner', env: 'shared-env', functions: { echo } });
    const page = createMockWx({ platform: owner, appid: 'wxCaller' });
    const cloud = new page.cloud!.Cloud!({ resourceAppid: 'wxOwner', resourceEnv: 'shared-env' });
    const error = await caught(() => createCloudId({ wx: page, cloud }).callFunction({ name: 'echo' }));
    expect(error).toMatchObject({ code: 'CLOUD_UNAVAILABLE', reason: 'not-initialized' });
  });
});
