import { createHash } from 'node:crypto';

/** Where a kit CDN value keeps its target: a symbol of this module, so JSON and Object.keys see no field. */
const TARGET = Symbol('CDN.target');

/** What `wx.cloud.CDN(target)` returns in the kit: private, like the platform's own undocumented object. */
class CDN {
  declare readonly [TARGET]: CdnTarget;
}

/** What `wx.cloud.CDN` takes (miniprogram-api-typings `ICloud.CDN`): text, bytes, or a local file. */
export type CdnTarget = string | ArrayBuffer | { type: 'filePath'; filePath: string };

/** `wx.cloud.CDN`: callable with or without `new`. */
export const cdnFunction = function (target: unknown): object {
  const isFile = typeof target === 'object' && target !== null && (target as { type?: unknown }).type === 'filePath' && typeof (target as { filePath?: unknown }).filePath === 'string';
  if (typeof target !== 'string' && !(target instanceof ArrayBuffer) && !isFile) {
    throw new TypeError("wx.cloud.CDN(target): target must be a string, an ArrayBuffer or { type: 'filePath', filePath }.");
  }
  const value = new CDN();
  Object.defineProperty(value, TARGET, { value: isFile ? { type: 'filePath', filePath: (target as { filePath: string }).filePath } : target });
  return Object.freeze(value);
} as (target: CdnTarget) => object;

export function isCdn(value: unknown): value is object {
  return typeof value === 'object' && value !== null && value instanceof CDN;
}

/**
 * The URL the kit gives a CDN value's upload: the platform uploads the target and sends its
 * CDN URL in its place. The host is under `.invalid` (RFC 2606): nothing is uploaded; the
 * path is the SHA-256 of what would be (a file's path, as the kit cannot read the device's files).
 */
export function cdnUrlOf(value: object, env: string): string {
  const target = (value as CDN)[TARGET];
  const content = typeof target === 'string' ? target : target instanceof ArrayBuffer ? Buffer.from(target) : `file:${target.filePath}`;
  return `https://${env}.cdn.mock.invalid/${createHash('sha256').update(content).digest('hex')}`;
}
