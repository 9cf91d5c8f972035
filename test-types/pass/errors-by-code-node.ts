// @options: {"types": ["node"]}
// The Node entries (Cloud Hosting, the testing kit): each narrows to its own codes, exhaustively.
import { isCloudIdError as isContainerError } from 'miniprogram-cloudid/container';
import { isCloudIdError as isKitError } from 'miniprogram-cloudid/testing';

export function containerStatus(error: unknown): number {
  if (!isContainerError(error)) return 500;
  switch (error.code) {
    case 'NOT_FROM_WECHAT_GATEWAY':
      return 401;
    case 'IDENTITY_HEADER_REPEATED':
      return error.header.length + error.count;
    case 'INVALID_OPTION':
      return error.option.length;
    case 'OPEN_API_TIMEOUT':
      return error.status + error.timeoutMs;
    case 'OPEN_API_UNREACHABLE':
      return error.statusCode + error.baseUrl.length;
    case 'OPEN_API_BAD_RESPONSE':
      return error.upstreamStatus ?? error.status;
    case 'OPEN_API_NOT_ALLOWED':
      return error.reason === 'not-in-whitelist' ? (error.errcode ?? error.status) : error.path.length;
    case 'OPEN_API_NOT_READY':
      return error.reason === 'service-off' ? error.errcode : error.errmsg.length;
    case 'OPEN_API_ACCESS_TOKEN_EXPIRED':
    case 'OPEN_API_LINK_FAILURE':
    case 'OPEN_API_RATE_LIMITED':
    case 'OPEN_API_FAILED':
    case 'PHONE_CODE_INVALID':
      return error.errcode + error.errmsg.length + error.path.length;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}

export function kitError(error: unknown): string {
  if (!isKitError(error)) return '';
  switch (error.code) {
    case 'INVALID_OPTION':
      return error.option;
    case 'MOCK_SETUP_INVALID':
      return error.message;
    default: {
      const unhandled: never = error;
      return unhandled;
    }
  }
}
