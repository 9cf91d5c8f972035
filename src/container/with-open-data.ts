import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidOption } from '../core/errors';
import type { ContainerContext } from './context';
import { isOpenApiError } from './errors';
import { createOpenDataReader, type CleanOpenData, type OpenDataKeys, type WithOpenDataOptions } from './read-open-data';

/** The answer to a failure when no framework takes it: the open-API service's is 504 for a timeout, 502 otherwise; anything else 500. */
function serviceFailure(error: unknown): { status: number; body: { error: { code: string; message: string } } } {
  if (isOpenApiError(error)) return { status: error.code === 'OPEN_API_TIMEOUT' ? 504 : 502, body: { error: { code: error.code, message: error.message } } };
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'The handler failed; see the service log.' } } };
}

/** Writes `value` as JSON with `status`, unless the response is already under way. */
function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.writableEnded) return;
  let text: string;
  try {
    text = JSON.stringify(value) ?? 'null';
  } catch (error) {
    status = 500;
    text = JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: `The handler's result cannot be sent as JSON: ${(error as Error).message}` } });
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
 * own failures go to Express's `next(error)`; under plain `http` they are answered 502
 * (504 for a timeout) and logged, as is a handler that throws (500).
 */
export function withOpenData<Keys extends OpenDataKeys, Req extends IncomingMessage = IncomingMessage, Res extends ServerResponse = ServerResponse, Result = unknown>(
  options: WithOpenDataOptions<Keys>,
  handler: ContainerHandler<Keys, Req, Res, Result>,
): RequestHandler<Req, Res> {
  const read = createOpenDataReader(options, 'withOpenData');
  if (typeof handler !== 'function') throw invalidOption('withOpenData(options, handler): handler', 'a function', handler);

  return async (req, res, next) => {
    try {
      const outcome = await read(req, (req as { body?: unknown }).body);
      if (!outcome.ok) {
        sendJson(res, outcome.status, outcome.body);
        return;
      }
      const result = await handler(outcome.data, req, res, outcome.context);
      if (result === undefined) {
        if (!res.headersSent && !res.writableEnded) {
          res.statusCode = 204;
          res.end();
        }
        return;
      }
      sendJson(res, 200, result);
    } catch (error) {
      if (typeof next === 'function') {
        next(error);
        return;
      }
      console.error(error);
      const failure = serviceFailure(error);
      sendJson(res, failure.status, failure.body);
    }
  };
}
