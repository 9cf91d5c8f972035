import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import { DEFAULT_APPID, DEFAULT_ENV, DEFAULT_OPENID } from '../../src/testing';

/** What a test gets back: the status, the JSON body (or the text when it is not JSON) and the headers. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** The headers WeChat's gateway adds for the mock wx's default user. */
export const GATEWAY_HEADERS: Readonly<Record<string, string>> = {
  'X-WX-OPENID': DEFAULT_OPENID,
  'X-WX-APPID': DEFAULT_APPID,
  'X-WX-ENV': DEFAULT_ENV,
  'X-WX-SOURCE': 'wx_client',
};

/** Listens on an ephemeral port of 127.0.0.1; resolves with the base URL and a close(). */
export async function listen(target: RequestListener | Server): Promise<{ url: string; close(): Promise<void> }> {
  const server = typeof target === 'function' ? createServer(target) : target;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** POSTs `body` (JSON unless a string) over loopback HTTP. */
export function post(url: string, body: unknown, headers: Record<string, string | string[]> = GATEWAY_HEADERS): Promise<Answer> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text === '' ? undefined : JSON.parse(text);
        } catch {
          // not JSON: the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
