/** Where a kit CloudID keeps its id: a symbol of this module, so JSON and Object.keys see no field. */
const ID = Symbol('CloudID.id');

/**
 * What `wx.cloud.CloudID(id)` returns in the kit. The class is private and its instances
 * have no string-keyed fields, so code under test can only tell a CloudID by its
 * constructor, as it must with the platform's own undocumented object.
 */
class CloudID {
  declare readonly [ID]: unknown;
}

/** `wx.cloud.CloudID`: callable with or without `new` (a plain function returning an object works as both). */
export const cloudIdFunction = function (id: unknown): object {
  const value = new CloudID();
  Object.defineProperty(value, ID, { value: id });
  return Object.freeze(value);
} as (id: unknown) => object;

/**
 * True for values made by the kit's `wx.cloud.CloudID`, told by their class as the platform
 * tells its own: a Proxy around one counts (it reports the class), and its id is read through it.
 */
export function isCloudId(value: unknown): value is object {
  return typeof value === 'object' && value !== null && value instanceof CloudID;
}

/** The id a kit CloudID was made with (whatever the caller passed). */
export function idOfCloudId(value: object): unknown {
  return (value as CloudID)[ID];
}
