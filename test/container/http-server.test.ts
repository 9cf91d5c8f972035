import { createOpenApi, withOpenData } from '../../src/container';
import { createMockOpenApi, createMockWx, type MockOpenApiService } from '../../src/testing';
import { listen, post } from './http';

describe('withOpenData with plain http.createServer', () => {
  const wx = createMockWx();
  let openApiService: MockOpenApiService;
  beforeAll(async () => {
    openApiService = await createMockOpenApi({ wx });
  });
  afterAll(() => openApiService.close());

  /** A service whose only route is `handler`, for the length of `run`. */
  async function withService(handler: Parameters<typeof listen>[0], run: (url: string) => Promise<void>) {
    const service = await listen(handler);
    try {
      await run(service.url);
    } finally {
      await service.close();
    }
  }

  it('reads and parses the JSON body itself when no body parser ran, and leaves it in req.body for the other fields', async () => {
    const openApi = createOpenApi({ baseUrl: openApiService.url });
    await withService(
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, (data, req) => ({ days: data.weRunData.stepInfoList.length, page: (req as { body?: { page?: string } }).body?.page })),
      async (url) => {
        const answer = await post(url, { weRunData: wx.issueCloudId('getWeRunData'), page: 'werun' });
        expect(answer.status).toBe(200);
        expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(answer.body).toEqual({ days: 31, page: 'werun' });
      },
    );
  });

  it('answers a body that is not JSON with the envelope, each key missing', async () => {
    const openApi = createOpenApi({ baseUrl: openApiService.url });
    await withService(
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, () => 'never'),
      async (url) => {
        const answer = await post(url, '{"weRunData": ');
        expect(answer.status).toBe(422);
        expect(answer.body).toEqual({ cloudIdFailure: { version: 1, failures: [{ key: 'weRunData', reason: 'missing', errMsg: expect.stringMatching(/not JSON/) }] } });
        const array = await post(url, [1, 2]);
        expect(array.body).toMatchObject({ cloudIdFailure: { failures: [{ key: 'weRunData', reason: 'missing', errMsg: expect.stringMatching(/not a JSON object/) }] } });
      },
    );
  });

  it('answers 504 when the open-API service does not answer in time, 502 when it refuses, and logs both with console.error by default', async () => {
    const slow = await createMockOpenApi({ wx, delayMs: 1000 });
    const refusing = await createMockOpenApi({ wx, allowed: [] });
    const logged: unknown[][] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      await withService(
        withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: slow.url, timeoutMs: 100 }), now: wx.clock.now }, () => 'never'),
        async (url) => {
          const answer = await post(url, { weRunData: wx.issueCloudId('getWeRunData') });
          expect(answer).toMatchObject({ status: 504, body: { error: { code: 'OPEN_API_TIMEOUT', message: expect.stringMatching(/did not answer in time/) } } });
        },
      );
      await withService(
        withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: createOpenApi({ baseUrl: refusing.url }), now: wx.clock.now }, () => 'never'),
        async (url) => {
          const answer = await post(url, { weRunData: wx.issueCloudId('getWeRunData') });
          expect(answer).toMatchObject({ status: 502, body: { error: { code: 'OPEN_API_NOT_ALLOWED' } } });
        },
      );
      // The error alone, with its detail: the page got only the code and a sentence.
      expect(logged).toEqual([[expect.objectContaining({ code: 'OPEN_API_TIMEOUT', message: expect.stringMatching(/no answer within 100 ms/) })], [expect.objectContaining({ code: 'OPEN_API_NOT_ALLOWED' })]]);
    } finally {
      spy.mockRestore();
      await slow.close();
      await refusing.close();
    }
  });

  it('still answers when onError itself throws', async () => {
    const refusing = await createMockOpenApi({ wx, allowed: [] });
    try {
      await withService(
        withOpenData(
          {
            keys: { weRunData: 'getWeRunData' },
            openApi: createOpenApi({ baseUrl: refusing.url }),
            onError: () => {
              throw new Error('the logger is down');
            },
          },
          () => 'never',
        ),
        async (url) => {
          expect(await post(url, { weRunData: wx.issueCloudId('getWeRunData') })).toMatchObject({ status: 502, body: { error: { code: 'OPEN_API_NOT_ALLOWED' } } });
        },
      );
    } finally {
      await refusing.close();
    }
  });

  it("answers 500 without the handler's message when the handler throws, and logs it", async () => {
    const openApi = createOpenApi({ baseUrl: openApiService.url });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await withService(
        withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, () => {
          throw new Error('database password is hunter2');
        }),
        async (url) => {
          const answer = await post(url, { weRunData: wx.issueCloudId('getWeRunData') });
          expect(answer.status).toBe(500);
          expect(JSON.stringify(answer.body)).not.toMatch(/hunter2/);
          expect(spy).toHaveBeenCalledWith(expect.objectContaining({ message: 'database password is hunter2' }));
        },
      );
    } finally {
      spy.mockRestore();
    }
  });

  it('answers 204 when the handler returns nothing and writes nothing', async () => {
    const openApi = createOpenApi({ baseUrl: openApiService.url });
    await withService(
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: wx.clock.now }, () => undefined),
      async (url) => {
        const answer = await post(url, { weRunData: wx.issueCloudId('getWeRunData') });
        expect(answer).toMatchObject({ status: 204, body: undefined });
      },
    );
  });

  it('refuses data whose watermark is older than maxAgeSeconds, by the clock given', async () => {
    const openApi = createOpenApi({ baseUrl: openApiService.url });
    const late = () => wx.clock.now() + 10 * 60 * 1000;
    await withService(
      withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, now: late }, () => 'never'),
      async (url) => {
        const answer = await post(url, { weRunData: wx.issueCloudId('getWeRunData') });
        expect(answer.status).toBe(422);
        expect(answer.body).toMatchObject({ cloudIdFailure: { failures: [{ key: 'weRunData', reason: 'watermark-stale' }] } });
      },
    );
  });

  it("tells the page about a phone code the phone API refused (rate limit, another mini program's), in the envelope", async () => {
    for (const [errcode, reason] of [
      [45011, 'rate-limited'],
      [40013, 'appid-mismatch'],
    ] as const) {
      const refusing = await listen((_req, res) => res.end(JSON.stringify({ errcode, errmsg: 'from WeChat' })));
      try {
        await withService(
          withOpenData({ keys: { phone: 'getPhoneNumber' }, openApi: createOpenApi({ baseUrl: refusing.url }), now: wx.clock.now }, () => 'never'),
          async (url) => {
            const answer = await post(url, { phone: 'a3f5c0de' });
            expect(answer.status).toBe(422);
            expect(answer.body).toEqual({ cloudIdFailure: { version: 1, failures: [expect.objectContaining({ key: 'phone', reason, errCode: errcode })] } });
          },
        );
      } finally {
        await refusing.close();
      }
    }
  });

  it('checks its options where they are given', () => {
    const openApi = createOpenApi({ baseUrl: openApiService.url });
    expect(() => withOpenData(null as never, () => 1)).toThrow(/options\) must be an object/);
    expect(() => withOpenData({ keys: {} }, () => 1)).toThrow(/keys must be .*it is empty/);
    expect(() => withOpenData({ keys: { a: 'getWeRunData', b: 'getWeRunData', c: 'getWeRunData', d: 'getWeRunData', e: 'getWeRunData', f: 'getWeRunData' } }, () => 1)).toThrow(/at most 5 fields/);
    expect(() => withOpenData({ keys: { weRunData: 'getSteps' as never } }, () => 1)).toThrow(/keys\.weRunData must be the source of its CloudID/);
    expect(() => withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi: {} as never }, () => 1)).toThrow(/openApi must be a client from createOpenApi/);
    expect(() => withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, maxAgeSeconds: -1 }, () => 1)).toThrow(/maxAgeSeconds/);
    expect(() => withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi }, 'handler' as never)).toThrow(/handler must be a function/);
    expect(() => withOpenData({ keys: { weRunData: 'getWeRunData' }, openApi, onError: 'log' as never }, () => 1)).toThrow(/onError must be a function/);
  });
});
