import { isObject } from '../core/is-object';
import { cloudIdError, invalidOption } from '../core/errors';
import { CALL_CONTAINER_SINCE, CONTAINER_SERVICE_HEADER, MAX_CONTAINER_REQUEST_BYTES } from '../core/rules';
import type { ClientContext } from './context';
import { requireParams, sendCall, type SendOptions } from './send-call';
import { baseLibraryTooOld } from './version';
import type { CallContainerResult } from './wx';

export interface CallContainerParams<Data extends object = Record<string, unknown>> extends SendOptions {
  /** The Cloud Hosting service's name (sent as the `X-WX-SERVICE` header). */
  service: string;
  /** The request path, from `/`: `'/steps'`. */
  path: string;
  /** The HTTP method (default `'POST'`). */
  method?: string;
  /** More request headers (default none); `X-WX-SERVICE` is set from `service`. */
  header?: Record<string, string>;
  /** The JSON body: tickets at its top level are sent as their cloudID strings, phone codes as their code. */
  data?: Data;
  /** The cloud environment's id (`config.env`; default: the one `wx.cloud.init` chose). */
  env?: string;
  /**
   * Reject a response whose status is outside 200-299 with an `HTTP_ERROR` carrying its
   * status and body, as ky does (default `true`); only `false` resolves with every response.
   * A failure envelope from `withOpenData` is read first either way.
   */
  throwHttpErrors?: boolean;
}

/** The UTF-8 length of `text` (well-formed: JSON.stringify escapes lone surrogates). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    // A surrogate pair is 4 bytes: 2 for each half.
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit & 0xf800) === 0xd800 ? 2 : 3;
  }
  return bytes;
}

/**
 * `wx.cloud.callContainer` through the shared pipeline (base library 2.23.0). The platform
 * replaces nothing here: the container exchanges the ids itself. Its answer is read for the
 * failure envelope whatever the HTTP status, then a status outside 200-299 rejects unless
 * `throwHttpErrors` is false.
 */
export function callContainerIn<Result>(context: ClientContext, params: CallContainerParams<object>): Promise<CallContainerResult<Result>> {
  return new Promise<CallContainerParams<object>>((resolve) => resolve(requireParams(requireParams(params, 'service'), 'path'))).then((given) => {
    const header = given.header;
    if (header !== undefined && !isObject(header)) throw invalidOption('header', 'an object of header fields', header);
    const callee = given.service + given.path;
    return sendCall<CallContainerResult>(context, given.data, given, {
      method: 'callContainer',
      callee,
      needs: 'callContainer',
      send: (cloud, data, success, fail, timeout) => {
        const bytes = utf8Length(JSON.stringify(data));
        if (bytes > MAX_CONTAINER_REQUEST_BYTES) {
          throw cloudIdError('REQUEST_TOO_LARGE', `${callee}: body of ${bytes} bytes, limit ${MAX_CONTAINER_REQUEST_BYTES}: send less, or files by wx.cloud.uploadFile`, {
            functionName: callee,
            bytes,
            limit: MAX_CONTAINER_REQUEST_BYTES,
          });
        }
        if (!cloud.callContainer) throw baseLibraryTooOld('callContainer', CALL_CONTAINER_SINCE);
        const headers: Record<string, string> = {};
        headers[CONTAINER_SERVICE_HEADER] = given.service;
        return cloud.callContainer({
          config: given.env ? { env: given.env } : undefined,
          path: given.path,
          method: given.method || 'POST',
          header: Object.assign(headers, header),
          data,
          timeout,
          success,
          fail,
        });
      },
      answer: (result) => result.data,
    }).then((result) => {
      // The pipeline resolves only past the failure envelope (read whatever the status), so an HTTP error is judged here.
      const status = result.statusCode;
      if (given.throwHttpErrors !== false && !(status >= 200 && status < 300)) {
        throw cloudIdError('HTTP_ERROR', `${callee}: HTTP ${status}`, { functionName: callee, status, body: result.data });
      }
      return result as CallContainerResult<Result>;
    });
  });
}
