/**
 * What `wx.cloud.CloudID(id)` returns in the kit. The class is private and its instances
 * have no fields (the id is kept aside), so code under test can only tell a CloudID by
 * its constructor, as it must with the platform's own undocumented object.
 */
class CloudID {}

const idsOf = new WeakMap<object, unknown>();

/** `wx.cloud.CloudID`: callable with or without `new` (a plain function returning an object works as both). */
export const cloudIdFunction = function (id: unknown): object {
  const value = Object.freeze(new CloudID());
  idsOf.set(value, id);
  return value;
} as (id: unknown) => object;

/** True for values made by the kit's `wx.cloud.CloudID`. */
export function isCloudId(value: unknown): value is object {
  return typeof value === 'object' && value !== null && idsOf.has(value);
}

/** The id a kit CloudID was made with (whatever the caller passed). */
export function idOfCloudId(value: object): unknown {
  return idsOf.get(value);
}
