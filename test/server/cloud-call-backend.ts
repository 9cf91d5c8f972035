/**
 * WeChat's cloud-call backend as the REAL wx-server-sdk 4.0.2 reaches it, on 127.0.0.1: the
 * SDK (through @cloudbase/node-sdk) posts a multipart form to `<serviceUrl>` with `action`
 * `wx.openApi`, the API's name and `requestData`, a protobuf `CommApiData` whose field 6 is
 * the AppID the call is made as (`cloud.openapi({ appid })`, `getOpenData({ appid })`), and
 * reads back a protobuf `CommOpenApiResp`. Phone codes and cloudIDs are answered from the
 * testing kit's platform, WeChat's rules: a code of another mini program is 40013, a
 * cloudID read as another mini program or user is -601007. Who the call is for comes from
 * `caller` (on the platform, from the function's invocation, not from the request).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { platformOf, redeemPhoneCode, resolveCloudId, type Platform } from '../../src/testing/platform';
import type { MockWx } from '../../src/testing';

/** One request as the backend read it. */
export interface CloudCallRequest {
  api: string;
  /** CommApiData.appid: the mini program the call was made as; `undefined` when the SDK sent none (the environment's own). */
  appid: string | undefined;
}

export interface CloudCallBackend {
  /** Pass as `cloud.init({ serviceUrl })`. */
  serviceUrl: string;
  requests: CloudCallRequest[];
  close(): Promise<void>;
}

/** Whom the running call is for, as the platform knows it. */
export interface CallFor {
  /** The environment's own mini program: what a call made without `appid` acts as. */
  APPID: string;
  OPENID?: string;
  FROM_APPID?: string;
  FROM_OPENID?: string;
}

type Fields = Map<number, Buffer[]>;

/** The length-delimited and varint fields of a protobuf message, by field number (varints as their value in a Buffer of one number). */
function decode(bytes: Buffer): Fields {
  const fields: Fields = new Map();
  let offset = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[offset++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  while (offset < bytes.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    let value: Buffer;
    if (wireType === 2) {
      const length = varint();
      value = bytes.subarray(offset, offset + length);
      offset += length;
    } else if (wireType === 0) {
      value = Buffer.from(String(varint()));
    } else {
      throw new Error(`wire type ${wireType} is not used by these messages`);
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const varintBytes = (value: number) => {
  const out: number[] = [];
  do {
    out.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  return Buffer.from(out);
};

/** A protobuf message of length-delimited fields. */
function encode(fields: [number, Buffer | string][]): Buffer {
  return Buffer.concat(
    fields.map(([field, value]) => {
      const bytes = typeof value === 'string' ? Buffer.from(value) : value;
      return Buffer.concat([varintBytes(field * 8 + 2), varintBytes(bytes.length), bytes]);
    }),
  );
}

/** The parts of a multipart/form-data body, by name. */
function formParts(body: Buffer, contentType: string): Map<string, Buffer> {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`not a multipart form: ${contentType}`);
  const parts = new Map<string, Buffer>();
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, headerEnd).toString())?.[1];
    if (name) parts.set(name, part.subarray(headerEnd + 4));
    start = next;
  }
  return parts;
}

const text = (fields: Fields, field: number) => fields.get(field)?.[0]?.toString('utf8');

/** A CommOpenApiResp carrying `respData` as JSON. */
const jsonAnswer = (answer: object) => encode([[1, JSON.stringify(answer)], [2, 'application/json']]);

function answer(platform: Platform, api: string, request: Fields, callFor: CallFor): Buffer {
  const appid = text(request, 6) || callFor.APPID;
  // The caller's user is known to the mini program it came from; to the environment's own, by OPENID.
  const openid = appid === callFor.FROM_APPID ? callFor.FROM_OPENID : callFor.OPENID;
  if (api === 'phonenumber.getPhoneNumber') {
    const pairs = decode(request.get(2)![0]).get(1) ?? [];
    const data: Record<string, unknown> = {};
    for (const pair of pairs.map(decode)) data[text(pair, 1)!] = JSON.parse(text(pair, 2)!);
    const redemption = redeemPhoneCode(platform, { code: data.code, appid, openid: data.openid === undefined ? undefined : String(data.openid) });
    if ('errcode' in redemption) return jsonAnswer(redemption);
    const { phoneInfo } = redemption;
    return jsonAnswer({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: phoneInfo.phoneNumber, purePhoneNumber: phoneInfo.purePhoneNumber, countryCode: phoneInfo.countryCode, watermark: phoneInfo.watermark } });
  }
  if (api === 'ApiGetOpenDataByCloudId') {
    const svrkit = decode(request.get(4)![0]);
    const ids = (decode(svrkit.get(2)![0]).get(2) ?? []).map((id) => id.toString('utf8'));
    const items = ids.map((cloudId) => encode([[1, cloudId], [2, JSON.stringify(resolveCloudId(platform, cloudId, { openid, appid }))]]));
    return encode([[1, encode(items.map((item) => [1, item]))]]);
  }
  throw new Error(`no cloud call ${api} here`);
}

/** Starts the backend for the platform of `wx`; `caller` says whom the running call is for. */
export async function startCloudCallBackend(wx: MockWx, caller: () => CallFor): Promise<CloudCallBackend> {
  const platform = platformOf(wx) as Platform;
  const requests: CloudCallRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const parts = formParts(Buffer.concat(chunks), req.headers['content-type'] ?? '');
        const api = parts.get('apiName')!.toString();
        const request = decode(parts.get('requestData')!);
        requests.push({ api, appid: text(request, 6) || undefined });
        res.setHeader('content-type', 'application/octet-stream');
        res.end(answer(platform, api, request, caller()));
      } catch (error) {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ code: 'SYS_ERR', message: String(error), requestId: 'test' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
