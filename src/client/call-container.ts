import { isObject } from '../core/is-object';
import { cloudIdError, invalidOption } from '../core/errors';
import { MIN_BASE_LIBRARY, CONTAINER_SERVICE_HEADER, MAX_CONTAINER_REQUEST_BYTES } from '../core/rules';
import { PLATFORM_VALUES, type ContainerCheck } from './call-data';
import type { ClientContext } from './context';
import { requireParam, sendCall, type SendOptions } from './send-call';
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

/**
 * What callContainer cannot send: a platform value (only callFunction replaces or resolves
 * one), or binary data (callFunction's encoding of it is not JSON's).
 */
export const containerCheck: ContainerCheck = (found) =>
  typeof found === 'number'
    ? ['PLATFORM_VALUE_IN_CONTAINER', `${PLATFORM_VALUES[found]} works with callFunction only: ${found ? 'upload the file, send its URL' : 'pass the ticket or the id'}`]
    : ['NOT_SENDABLE', `a ${found} in callContainer data cannot be sent as JSON: convert or remove it`];

/**
 * `wx.cloud.callContainer` through the shared pipeline (base library 2.23.0). The platform
 * replaces nothing here: the container exchanges the ids itself. Its answer is read for the
 * failure envelope whatever the HTTP status, then a status outside 200-299 rejects unless
 * `throwHttpErrors` is false.
 */
export function callContainerIn<Result>(context: ClientContext, params: CallContainerParams<object>): Promise<CallContainerResult<Result>> {
  return sendCall<CallContainerParams<object>, CallContainerResult>(context, params, (given) => {
    requireParam(given, 'service');
    requireParam(given, 'path');
    const header = given.header;
    if (header !== undefined && !isObject(header)) throw invalidOption('header', 'an object', header);
    const callee = given.service + given.path;
    return {
      method: 'callContainer',
      container: containerCheck,
      callee,
      needs: 'callContainer',
      send: (cloud, data, success, fail, timeout) => {
        // The UTF-8 length. JSON.stringify escapes lone surrogates (ES2019); an engine older
        // than that leaves them, and encodeURIComponent then throws: the call fails (CALL_FAILED).
        const bytes = unescape(encodeURIComponent(JSON.stringify(data))).length;
        if (bytes > MAX_CONTAINER_REQUEST_BYTES) {
          throw cloudIdError('REQUEST_TOO_LARGE', `${callee}: ${bytes} bytes of body, limit ${MAX_CONTAINER_REQUEST_BYTES}: send less, files by wx.cloud.uploadFile`, {
            functionName: callee,
            bytes,
            limit: MAX_CONTAINER_REQUEST_BYTES,
          });
        }
        if (!cloud.callContainer) throw baseLibraryTooOld('callContainer', MIN_BASE_LIBRARY.callContainer);
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
      // The failure envelope is read whatever the status; an HTTP error is judged after it.
      settle: (result) => {
        const status = result.statusCode;
        if (given.throwHttpErrors !== false && !(status >= 200 && status < 300)) {
          throw cloudIdError('HTTP_ERROR', `${callee}: HTTP ${status}`, { functionName: callee, status, body: result.data });
        }
        return result;
      },
    };
  }) as Promise<CallContainerResult<Result>>;
}
