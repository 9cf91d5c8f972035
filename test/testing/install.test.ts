import { createMockWx, installMockWx } from '../../src/testing';

type Scope = { wx?: Record<string, unknown> };
const scope = globalThis as Scope;

afterEach(() => {
  delete scope.wx;
});

describe('installMockWx', () => {
  it('puts the mock on globalThis.wx and removes it again when there was none', async () => {
    expect('wx' in globalThis).toBe(false);
    const mock = installMockWx({ baseLibrary: '2.10.4' });
    expect(scope.wx).toBe(mock);
    expect((scope.wx!.getSystemInfoSync as () => { SDKVersion: string })().SDKVersion).toBe('2.10.4');
    expect(Math.abs(mock.clock.now() - Date.now())).toBeLessThan(1000);
    await expect((scope.wx!.getWeRunData as () => Promise<{ cloudID: string }>)()).resolves.toMatchObject({ cloudID: mock.issuedCloudIds[0].cloudID });
    mock.restore();
    expect('wx' in globalThis).toBe(false);
  });

  it('merges over an existing wx, keeping its APIs, and puts back exactly that object', () => {
    const showToast = () => 'toast';
    const existing = { showToast, getWeRunData: () => 'simulator', getSystemInfoSync: () => ({ SDKVersion: '2.32.2', screenWidth: 375 }) };
    scope.wx = existing;
    const mock = installMockWx({ baseLibrary: '3.0.0' });
    expect(scope.wx).toBe(mock);
    expect(mock).not.toBe(existing);
    expect((mock as unknown as Scope['wx'] & object).showToast).toBe(showToast);
    expect(mock.getWeRunData).not.toBe(existing.getWeRunData);
    expect(mock.getSystemInfoSync()).toEqual({ SDKVersion: '3.0.0', screenWidth: 375, platform: 'devtools', language: 'zh_CN' });
    mock.restore();
    expect(scope.wx).toBe(existing);
    expect(existing).toEqual({ showToast, getWeRunData: existing.getWeRunData, getSystemInfoSync: existing.getSystemInfoSync });
  });

  it("hides the existing wx's copies of APIs this base library does not have", () => {
    scope.wx = { getAppBaseInfo: () => ({ SDKVersion: '2.32.2' }), getChatToolInfo: () => undefined, cloud: {} };
    const mock = installMockWx({ baseLibrary: '2.9.0', cloud: 'absent' });
    expect('getAppBaseInfo' in mock).toBe(false);
    expect('getChatToolInfo' in mock).toBe(false);
    expect('cloud' in mock).toBe(false);
    mock.restore();
  });

  it('installs a mock made with createMockWx, sharing its state', async () => {
    const made = createMockWx({ functions: { ping: () => 'pong' } });
    const installed = installMockWx(made);
    await installed.cloud!.callFunction({ name: 'ping' });
    expect(made.calls).toHaveLength(1);
    expect(installed.serverSdk).toBe(made.serverSdk);
    installed.restore();
  });

  it('restores once; nested installs restore in reverse order', () => {
    const outer = installMockWx({ openid: 'oOuter' });
    const inner = installMockWx({ openid: 'oInner' });
    expect(scope.wx).toBe(inner);
    inner.restore();
    expect(scope.wx).toBe(outer);
    inner.restore();
    expect(scope.wx).toBe(outer);
    outer.restore();
    expect(scope.wx).toBeUndefined();
  });
});
