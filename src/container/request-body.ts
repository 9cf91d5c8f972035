import type { IncomingMessage } from 'node:http';
import { readBody } from '../core/read-body';
import { MAX_CONTAINER_REQUEST_BYTES } from '../core/rules';

/** The request body as JSON (`fromStream`: read here, no body parser had), or why it is not. */
export type BodyReading = { ok: true; body: unknown; fromStream: boolean } | { ok: false; problem: string };

/**
 * The JSON body of a request: what a body parser left in `parsed` (an object, or the text
 * or bytes of `express.text()` / `express.raw()`), otherwise read from the stream. A body
 * larger than callContainer can send is not read to the end.
 */
export async function readJsonBody(req: IncomingMessage, parsed: unknown): Promise<BodyReading> {
  if (parsed !== undefined && parsed !== null) {
    if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) return parseJson(parsed.toString(), false);
    return { ok: true, body: parsed, fromStream: false };
  }
  if (req.readableEnded) return { ok: false, problem: 'The request body was read already, but no body parser left it in req.body.' };
  const reading = await readBody(req, MAX_CONTAINER_REQUEST_BYTES);
  if (reading.ok) return parseJson(reading.bytes.toString('utf8'), true);
  if (reading.problem === 'broken') return { ok: false, problem: 'The request body broke off before its end.' };
  req.resume(); // drain the rest, so the answer can still be written
  return { ok: false, problem: `The request body is larger than ${reading.limit} bytes, more than callContainer sends.` };
}

function parseJson(text: string, fromStream: boolean): BodyReading {
  if (text.trim() === '') return { ok: true, body: {}, fromStream };
  try {
    return { ok: true, body: JSON.parse(text), fromStream };
  } catch {
    return { ok: false, problem: 'The request body is not JSON: send the call data as a JSON object (callContainer does).' };
  }
}
