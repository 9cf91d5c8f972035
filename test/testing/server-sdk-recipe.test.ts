// The documented recipe: the fake wx-server-sdk replaces the real one for the function file.
jest.mock('wx-server-sdk', () => jest.requireActual('../../src/testing').createMockCloud(), { virtual: true });

import { createMockWx, type CloudFunction } from '../../src/testing';

const { main: werun } = jest.requireActual<{ main: CloudFunction }>('./fixtures/werun');

it('runs a function file that requires wx-server-sdk against the mock platform', async () => {
  const mock = createMockWx({ openid: 'oAlice', functions: { werun } });
  const { cloudID } = (await mock.getWeRunData!())!;
  const { result } = (await mock.cloud!.callFunction({ name: 'werun', data: { weRunData: mock.cloud!.CloudID(cloudID!) } }))!;
  const { stepInfoList } = mock.issuedCloudIds[0].data as { stepInfoList: { step: number }[] };
  expect(result).toEqual({ openid: 'oAlice', today: stepInfoList[stepInfoList.length - 1].step });
});

it("lets the function tell forged open data from the platform's", async () => {
  const mock = createMockWx({ openid: 'oBob', functions: { werun } });
  const forged = { cloudID: 'x', data: { stepInfoList: [{ timestamp: 0, step: 99999 }] } };
  const { result } = (await mock.cloud!.callFunction({ name: 'werun', data: { weRunData: forged } }))!;
  expect(result).toEqual({ openid: 'oBob', error: 'not open data' });
});

it('passes an expired cloudID on as the platform does', async () => {
  const mock = createMockWx({ functions: { werun } });
  const { cloudID } = (await mock.getWeRunData!())!;
  mock.clock.advance(5 * 60 * 1000);
  const { result } = (await mock.cloud!.callFunction({ name: 'werun', data: { weRunData: mock.cloud!.CloudID(cloudID!) } }))!;
  expect(result).toMatchObject({ error: 'cloudID expired.' });
});
