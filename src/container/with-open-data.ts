import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidOption } from '../core/errors';
import type { ContainerContext } from './context';
import { errorResponse } from './error-response';
import { createOpenDataReader, type CleanOpenData, type OpenDataKeys, type OpenDataOutcome, type WithOpenDataOptions } from './read-open-data';

/** Writes `value` as JSON with `status`, unless the response is already under way. */
function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.writableEnded) return;
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch {
    // What JSON.stringify says names the result's insides: the page gets a plain sentence.
    status = 500;
    text = JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: "The handler's result cannot be sent as JSON (a cycle or a BigInt in it)." } });
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** `handler(data, req, res, context)`: its return value is sent as JSON; return `undefined` after answering through `res` yourself. */
export type ContainerHandler<Keys extends OpenDataKeys, Req extends IncomingMessage, Res extends ServerResponse, Result> = (
  data: CleanOpenData<Keys>,
  req: Req,
  res: Res,
  context: ContainerContext,
) => Result;

/** A request handler for Express (`app.post(path, handler)`) and `http.createServer(handler)`. */
export type RequestHandler<Req extends IncomingMessage, Res extends ServerResponse> = (req: Req, res: Res, next?: (error?: unknown) => void) => Promise<void>;

/**
 * Wraps a handler into a request handler that exchanges every field in `keys` through
 * the open-API service (one getopendata request; phone codes through
 * getuserphonenumber), checks each like the cloud-function side does (watermark appid
 * against X-WX-APPID, freshness), and calls `handler(data, req, res, context)` only when
 * all are trusted. Otherwise it answers 422 with `{ cloudIdFailure: { version: 1, failures } }`,
 * which the client's `callContainer` reads (refreshing an expired ticket and retrying once).
 * A request that did not come through WeChat's gateway gets 401. The open-API service's
 * own failures are answered here, as JSON (`errorResponse`: 502, or 504 for a timeout),
 * and told to `onError`. A handler that throws goes to Express's `next(error)`; under plain
 * `http` it is answered 500 and told to `onError`.
 */
export function withOpenData<Keys extends OpenDataKeys, Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse, Result = unknown>(
  options: WithOpenDataOptions<Keys>,
  handler: ContainerHandler<Keys, Req, Res, Result>,
): RequestHandler<Req, Res> {
  const { read, report } = createOpenDataReader(options, 'withOpenData');
  if (typeof handler !== 'function') throw invalidOption('withOpenData(options, handler): handler', 'a function', handler);
  const fail = (error: unknown, req: Req, res: Res) => {
    report(error, req);
    const answer = errorResponse(error);
    sendJson(res, answer.status, answer.body);
  };

  return async (req, res, next) => {
    let outcome: OpenDataOutcome<Keys>;
    try {
      outcome = await read(req, (req as { body?: unknown }).body);
    } catch (error) {
      fail(error, req, res);
      return;
    }
    if (!outcome.ok) {
      sendJson(res, outcome.status, outcome.body);
      return;
    }
    // Read here, not by a body parser: left in req.body as a parser would, so the handler finds the other fields there.
    if (outcome.bodyRead) (req as { body?: unknown }).body = outcome.bodyRead;
    let result: Awaited<Result>;
    try {
      result = await handler(outcome.data, req, res, outcome.context);
    } catch (error) {
      if (typeof next === 'function') next(error);
      else fail(error, req, res);
      return;
    }
    if (result === undefined) {
      if (!res.headersSent && !res.writableEnded) {
        res.statusCode = 204;
        res.end();
      }
      return;
    }
    sendJson(res, 200, result);
  };
}
