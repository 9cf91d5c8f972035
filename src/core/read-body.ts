/**
 * The one size-limited body reader of the Node side: a container's request body, the
 * open-API service's answer, and the testing kit's gateway and mock open-API service.
 * Node only: the client never imports it.
 */
import type { IncomingMessage } from 'node:http';

/** A body read to its end, or why it was not. */
export type BodyReading =
  | { ok: true; bytes: Buffer }
  /** More than `limit` bytes came: the rest was not kept. */
  | { ok: false; problem: 'too-large'; limit: number }
  /** The stream failed or closed before its end: the peer broke off. */
  | { ok: false; problem: 'broken'; error?: Error };

/**
 * Reads `stream` to its end, keeping at most `limit` bytes. Settles once, never rejects.
 * Past the limit it settles `too-large` at once and stops listening; what happens to the
 * rest is the caller's choice: `resume()` to drain a request whose answer must still be
 * written, `destroy()` to drop an answer.
 */
export function readBody(stream: IncomingMessage, limit: number): Promise<BodyReading> {
  return new Promise((resolve) => {
    if (stream.destroyed) {
      resolve({ ok: false, problem: 'broken' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (reading: BodyReading) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      resolve(reading);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) finish({ ok: false, problem: 'too-large', limit });
      else chunks.push(bytes);
    };
    const onEnd = () => finish({ ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
    const onError = (error: Error) => finish({ ok: false, problem: 'broken', error });
    // An answer cut off by a reset closes without 'end' (and, on some Node versions, without 'error').
    const onClose = () => finish({ ok: false, problem: 'broken' });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
