import type { IncomingMessage } from 'node:http';
import { MAX_CONTAINER_REQUEST_BYTES } from '../core/rules';

/** The request body as JSON, or why it is not. */
export type BodyReading = { ok: true; body: unknown } | { ok: false; problem: string };

/**
 * The JSON body of a request: what a body parser left in `parsed` (an object, or the text
 * or bytes of `express.text()` / `express.raw()`), otherwise read from the stream. A body
 * larger than callContainer can send is not read to the end.
 */
export function readJsonBody(req: IncomingMessage, parsed: unknown): Promise<BodyReading> {
  if (parsed !== undefined && parsed !== null) {
    if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) return Promise.resolve(parseJson(parsed.toString()));
    return Promise.resolve({ ok: true, body: parsed });
  }
  if (req.readableEnded) return Promise.resolve({ ok: false, problem: 'The request body was read already, but no body parser left it in req.body.' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (reading: BodyReading) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(reading);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > MAX_CONTAINER_REQUEST_BYTES) {
        finish({ ok: false, problem: `The request body is larger than ${MAX_CONTAINER_REQUEST_BYTES} bytes, more than callContainer sends.` });
        req.resume(); // drain the rest, so the answer can still be written
      } else {
        chunks.push(bytes);
      }
    };
    req.on('data', onData);
    req.on('end', () => finish(parseJson(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', (error) => finish({ ok: false, problem: `The request body could not be read: ${error.message}` }));
  });
}

function parseJson(text: string): BodyReading {
  if (text.trim() === '') return { ok: true, body: {} };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, problem: 'The request body is not JSON: send the call data as a JSON object (callContainer does).' };
  }
}
