import { createFailureEnvelope } from '../../src/core/envelope';
import { CALL_CONTAINER_ERROR_CODE, MAX_CONTAINER_REQUEST_BYTES } from '../../src/core/rules';
import type { CallContainerOptions, CallContainerResult } from '../../src/client/wx';
import type { MockWx } from '../../src/testing';
import { caught, setup } from './helpers';

/** A request as the container receives it: the JSON body parsed, the gateway's headers added. */
interface ContainerRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * Gives the mock `wx.cloud` a `callContainer` that behaves as the platform documents it: the
 * body is sent as JSON (refused over 100 KB with -606001), the gateway adds X-WX-OPENID, and
 * `success` gets any HTTP status with the parsed response body. Records every request.
 */
function serveContainer(wx: MockWx, handle: (request: ContainerRequest) => { status?: number; body: unknown }): ContainerRequest[] {
  const requests: ContainerRequest[] = [];
  (wx.cloud as { callContainer?: (options: CallContainerOptions) => void }).callContainer = (options) => {
    setTimeout(() => {
      const json = JSON.stringify(options.data === undefined ? {} : options.data);
      if (Buffer.byteLength(json) > MAX_CONTAINER_REQUEST_BYTES) {
        options.fail!({ errCode: CALL_CONTAINER_ERROR_CODE.REQUEST_TOO_LARGE, errMsg: 'cloud.callContainer:fail request body too large' });
        return;
      }
      const request = { path: options.path, method: options.method || 'GET', headers: { ...options.header, 'X-WX-OPENID': 'user-openid' }, body: JSON.parse(json) };
      requests.push(request);
      const response = handle(request);
      const result: CallContainerResult = { data: JSON.parse(JSON.stringify(response.body)), statusCode: response.status || 200, header: {}, callID: `call-${requests.length}`, errMsg: 'cloud.callContainer:ok' };
      options.success!(result);
    }, 0);
  };
  return requests;
}

describe('callContainer', () => {
  it('sends the data as the body to the service and resolves with the response', async () => {
    const { wx, client } = setup();
    const requests = serveContainer(wx, (request) => ({ body: { echoed: request.body.note } }));
    const response = await client.callContainer({ service: 'api', path: '/notes', data: { note: 'hi' }, header: { 'X-Trace': '1' } });
    expect(response).toMatchObject({ data: { echoed: 'hi' }, statusCode: 200, errMsg: 'cloud.callContainer:ok' });
    expect(requests).toEqual([{ path: '/notes', method: 'POST', headers: { 'X-WX-SERVICE': 'api', 'X-Trace': '1', 'X-WX-OPENID': 'user-openid' }, body: { note: 'hi' } }]);
  });

  it('passes env as config.env, the method, and its timeout to the platform', async () => {
    const { wx, client } = setup();
    const seen: unknown[] = [];
    (wx.cloud as { callContainer?: unknown }).callContainer = ((options: CallContainerOptions) => {
      seen.push({ config: options.config, method: options.method, timeout: options.timeout });
      options.success!({ data: 'ok', statusCode: 200, header: {}, errMsg: 'cloud.callContainer:ok' });
    }) as never;
    await client.callContainer({ service: 'api', path: '/x', method: 'PUT', env: 'prod-1', timeout: 5000 });
    expect(seen).toEqual([{ config: { env: 'prod-1' }, method: 'PUT', timeout: 5000 }]);
  });

  it('reads the failure envelope whatever the HTTP status, refreshes the expired ticket once and retries', async () => {
    const { wx, client } = setup();
    const ticket = await client.getWeRunData();
    const requests = serveContainer(wx, (request) =>
      requests.length === 1
        ? { status: 401, body: createFailureEnvelope([{ key: 'weRun', reason: 'expired', errMsg: 'cloudID expired.' }]) }
        : { body: { steps: 'ok', id: request.body.weRun } },
    );
    const data = { weRun: ticket };
    const response = await client.callContainer({ service: 'api', path: '/steps', data });
    expect(requests).toHaveLength(2);
    expect(wx.issuedCloudIds).toHaveLength(2);
    expect(response.data).toMatchObject({ steps: 'ok' });
    expect(data.weRun).toBe(ticket);
  });

  it('reports a second envelope instead of retrying again', async () => {
    const { wx, client } = setup();
    const ticket = await client.getWeRunData();
    const requests = serveContainer(wx, () => ({ status: 400, body: createFailureEnvelope([{ key: 'weRun', reason: 'expired', errMsg: 'cloudID expired.' }]) }));
    const error = await caught(() => client.callContainer({ service: 'api', path: '/steps', data: { weRun: ticket } }));
    expect(error).toMatchObject({ code: 'OPEN_DATA_REJECTED', functionName: 'api/steps', keys: ['weRun'] });
    expect(requests).toHaveLength(2);
  });

  it('rejects a status outside 200-299 that carries no envelope with HTTP_ERROR, its status and body', async () => {
    const { wx, client } = setup();
    serveContainer(wx, (request) => (request.path === '/missing' ? { status: 404, body: 'no route' } : { status: 500, body: { message: 'down' } }));
    const error = await caught(() => client.callContainer({ service: 'api', path: '/x' }));
    expect(error).toMatchObject({ name: 'CloudIdError', code: 'HTTP_ERROR', functionName: 'api/x', status: 500, body: { message: 'down' } });
    expect((error as Error).message).toBe('api/x: HTTP 500');
    await expect(client.callContainer({ service: 'api', path: '/missing' })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 404, body: 'no route' });
  });

  it('resolves with every response when throwHttpErrors is false, and with any 2xx by default', async () => {
    const { wx, client } = setup();
    serveContainer(wx, (request) => ({ status: Number(request.path.slice(1)), body: { path: request.path } }));
    await expect(client.callContainer({ service: 'api', path: '/500', throwHttpErrors: false })).resolves.toMatchObject({ statusCode: 500, data: { path: '/500' } });
    await expect(client.callContainer({ service: 'api', path: '/302', throwHttpErrors: false })).resolves.toMatchObject({ statusCode: 302 });
    await expect(client.callContainer({ service: 'api', path: '/204' })).resolves.toMatchObject({ statusCode: 204 });
    await expect(client.callContainer({ service: 'api', path: '/299' })).resolves.toMatchObject({ statusCode: 299 });
    await expect(client.callContainer({ service: 'api', path: '/300' })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 300 });
    await expect(client.callContainer({ service: 'api', path: '/199' })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 199 });
  });

  it('keeps rejecting unless throwHttpErrors is false itself', async () => {
    const { wx, client } = setup();
    serveContainer(wx, () => ({ status: 503, body: {} }));
    for (const throwHttpErrors of [true, undefined, 'false', 0, null]) {
      await expect(client.callContainer({ service: 'api', path: '/x', throwHttpErrors: throwHttpErrors as never })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 503 });
    }
  });

  it('refuses a body over 100 KB before sending, measured in UTF-8 bytes of its JSON', async () => {
    const { wx, client } = setup();
    const requests = serveContainer(wx, () => ({ body: 'ok' }));
    // 35 000 three-byte characters: 105 000 bytes, though the string is 35 000 long.
    const error = await caught(() => client.callContainer({ service: 'api', path: '/big', data: { text: '步'.repeat(35_000) } }));
    expect(error).toMatchObject({ code: 'REQUEST_TOO_LARGE', bytes: 105_000 + '{"text":""}'.length, limit: MAX_CONTAINER_REQUEST_BYTES });
    expect((error as Error).message).toContain('wx.cloud.uploadFile');
    expect(requests).toHaveLength(0);
    // Right at the limit it goes out.
    const fits = 'x'.repeat(MAX_CONTAINER_REQUEST_BYTES - '{"text":""}'.length);
    await expect(client.callContainer({ service: 'api', path: '/big', data: { text: fits } })).resolves.toMatchObject({ data: 'ok' });
    // Surrogate pairs count four bytes each.
    const emoji = await caught(() => client.callContainer({ service: 'api', path: '/big', data: { text: '😀'.repeat(25_600) } }));
    expect(emoji).toMatchObject({ bytes: 102_400 + '{"text":""}'.length });
    // A lone surrogate is sent escaped by JSON (\ud800: six bytes), and counted so.
    const lone = await caught(() => client.callContainer({ service: 'api', path: '/big', data: { text: '\ud800'.repeat(17_100) } }));
    expect(lone).toMatchObject({ code: 'REQUEST_TOO_LARGE', bytes: 102_600 + '{"text":""}'.length });
  });

  it('needs base library 2.23.0 and wx.cloud', async () => {
    const old = setup({ baseLibrary: '2.22.1' });
    await expect(old.client.callContainer({ service: 'api', path: '/x' })).rejects.toMatchObject({ code: 'BASE_LIBRARY_TOO_OLD', feature: 'callContainer', required: '2.23.0' });
    const absent = setup({ cloud: 'absent' });
    await expect(absent.client.callContainer({ service: 'api', path: '/x' })).rejects.toMatchObject({ code: 'CLOUD_UNAVAILABLE', reason: 'absent' });
  });

  it('checks the base library before refreshing a stale ticket', async () => {
    const { wx, client } = setup({ baseLibrary: '2.22.1' });
    const ticket = await client.getWeRunData();
    wx.clock.advance(4 * 60_000 + 45_000);
    await expect(client.callContainer({ service: 'api', path: '/x', data: { weRun: ticket } })).rejects.toMatchObject({ code: 'BASE_LIBRARY_TOO_OLD' });
    expect(wx.issuedCloudIds).toHaveLength(1);
  });

  it('refuses missing or empty service and path with a typed error naming the option', async () => {
    const { client } = setup();
    await expect(client.callContainer({ service: '', path: '/x' })).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'service' });
    await expect(client.callContainer({ service: 'api' } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'path' });
    await expect(client.callContainer(undefined as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'params' });
    await expect(client.callContainer({ service: 'api', path: '/x', header: 'x' } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', option: 'header' });
  });

  it('wraps a platform failure in CALL_FAILED with its errCode', async () => {
    const { wx, client } = setup();
    (wx.cloud as { callContainer?: unknown }).callContainer = ((options: CallContainerOptions) => options.fail!({ errCode: -606002, errMsg: 'cloud.callContainer:fail response too large' })) as never;
    await expect(client.callContainer({ service: 'api', path: '/x' })).rejects.toMatchObject({ code: 'CALL_FAILED', functionName: 'api/x', errCode: -606002 });
  });
});

describe('callContainer data', () => {
  it('sends each top-level ticket as its cloudID string, for the container to exchange', async () => {
    const { wx, client } = setup();
    const ticket = await client.getWeRunData();
    const requests = serveContainer(wx, () => ({ body: 'ok' }));
    await client.callContainer({ service: 'api', path: '/steps', data: { weRun: ticket, note: 'n' } });
    expect(requests[0].body).toEqual({ weRun: ticket.cloudID, note: 'n' });
  });

  it('sends the refreshed ticket\'s id on the retry', async () => {
    const { wx, client } = setup();
    const ticket = await client.getWeRunData();
    const requests = serveContainer(wx, () => (requests.length === 1 ? { status: 200, body: createFailureEnvelope([{ key: 'weRun', reason: 'expired', errMsg: 'cloudID expired.' }]) } : { body: 'ok' }));
    await client.callContainer({ service: 'api', path: '/steps', data: { weRun: ticket } });
    expect(requests.map((request) => request.body.weRun)).toEqual([ticket.cloudID, wx.issuedCloudIds[1].cloudID]);
  });

  it('refuses a wx.cloud.CloudID object before sending', async () => {
    const { wx, client } = setup();
    const requests = serveContainer(wx, () => ({ body: 'ok' }));
    const error = await caught(() => client.callContainer({ service: 'api', path: '/x', data: { weRun: wx.cloud!.CloudID('some-id') } as never }));
    expect(error).toMatchObject({ code: 'PLATFORM_VALUE_IN_CONTAINER' });
    expect(requests).toHaveLength(0);
  });
});

describe('callContainer data, nested', () => {
  it('refuses a nested ticket with the same error as callFunction, before sending', async () => {
    const { wx, client } = setup();
    const ticket = await client.getWeRunData();
    const requests = serveContainer(wx, () => ({ body: 'ok' }));
    const data = { nested: { weRun: ticket } } as never;
    const viaContainer = await caught(() => client.callContainer({ service: 'api', path: '/x', data }));
    const viaFunction = await caught(() => client.callFunction({ name: 'x', data }));
    expect(viaContainer).toMatchObject({ code: 'CLOUD_ID_NESTED', issues: [{ path: 'nested.weRun' }] });
    expect((viaContainer as { issues: unknown }).issues).toEqual((viaFunction as { issues: unknown }).issues);
    expect(requests).toHaveLength(0);
  });
});
