import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidOption } from '../core/errors';
import type { ContainerContext } from './context';
import { errorResponse } from './error-response';
import { createOpenDataReader, type CleanOpenData, type OpenDataKeys, type OpenDataOutcome, type WithOpenDataOptions } from './read-open-data';

/** The part of Koa's `ctx` the adapter uses (the package does not depend on Koa). */
export interface KoaContextLike {
  req: IncomingMessage;
  res: ServerResponse;
  /** Its `body` is read when a body parser (koa-bodyparser, @koa/bodyparser) ran; otherwise the adapter reads the body and leaves it there. */
  request: object;
  status: number;
  body: unknown;
}

/** `handler(data, ctx, context)`: its return value becomes `ctx.body`; return `undefined` after setting `ctx.body` yourself. */
export type KoaOpenDataHandler<Keys extends OpenDataKeys, Ctx extends KoaContextLike, Result> = (data: CleanOpenData<Keys>, ctx: Ctx, context: ContainerContext) => Result;

/**
 * `withOpenData` as Koa middleware: `router.post('/steps', withOpenDataKoa(options, handler))`.
 * The same exchange and checks; a failure sets `ctx.status` (422, or 401 outside WeChat's
 * gateway) and the envelope as `ctx.body`. The open-API service's failures are answered
 * here too, as JSON (`errorResponse`: 502, or 504 for a timeout), and told to `onError`;
 * a handler that throws goes to Koa's error handling.
 */
export function withOpenDataKoa<Keys extends OpenDataKeys, Ctx extends KoaContextLike = KoaContextLike, Result = unknown>(
  options: WithOpenDataOptions<Keys>,
  handler: KoaOpenDataHandler<Keys, Ctx, Result>,
): (ctx: Ctx, next?: () => Promise<unknown>) => Promise<void> {
  const { read, report } = createOpenDataReader(options, 'withOpenDataKoa');
  if (typeof handler !== 'function') throw invalidOption('withOpenDataKoa(options, handler): handler', 'a function', handler);
  return async (ctx) => {
    let outcome: OpenDataOutcome<Keys>;
    try {
      outcome = await read(ctx.req, (ctx.request as { body?: unknown }).body);
    } catch (error) {
      report(error, ctx.req);
      outcome = { ok: false, ...errorResponse(error) };
    }
    if (!outcome.ok) {
      ctx.status = outcome.status;
      ctx.body = outcome.body;
      return;
    }
    // Read here, not by a body parser: left in ctx.request.body as koa-bodyparser would.
    if (outcome.bodyRead) (ctx.request as { body?: unknown }).body = outcome.bodyRead;
    const result = await handler(outcome.data, ctx, outcome.context);
    if (result !== undefined) ctx.body = result;
  };
}
