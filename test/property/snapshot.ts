/**
 * A deep record of a value as it is now: every object reachable through own properties
 * (and Map/Set entries), with its prototype, extensibility and each property's
 * descriptor. Values are kept by identity, so replacing a nested object with an equal
 * copy counts as a change, as does any write, deletion or added field.
 */
interface ObjectRecord {
  object: object;
  prototype: object | null;
  extensible: boolean;
  properties: [PropertyKey, PropertyDescriptor][];
  entries?: unknown[];
}

export type Snapshot = ObjectRecord[];

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

export function takeSnapshot(root: unknown): Snapshot {
  const records: ObjectRecord[] = [];
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length) {
    const value = pending.pop();
    if (!isObject(value) || seen.has(value)) continue;
    seen.add(value);
    const properties = Reflect.ownKeys(value).map((key): [PropertyKey, PropertyDescriptor] => [key, Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor]);
    const entries = value instanceof Map ? [...value].flat() : value instanceof Set ? [...value] : undefined;
    records.push({ object: value, prototype: Object.getPrototypeOf(value), extensible: Object.isExtensible(value), properties, entries });
    for (const [, descriptor] of properties) pending.push(descriptor.value, descriptor.get, descriptor.set);
    if (entries) pending.push(...entries);
  }
  return records;
}

const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;

/** The first difference between the snapshot and the objects now, or undefined when there is none. */
export function changeSince(snapshot: Snapshot): string | undefined {
  for (const { object, prototype, extensible, properties, entries } of snapshot) {
    if (Object.getPrototypeOf(object) !== prototype) return 'a prototype changed';
    if (Object.isExtensible(object) !== extensible) return 'an object was frozen or sealed';
    const now = Reflect.ownKeys(object);
    if (now.length !== properties.length || now.some((key, index) => key !== properties[index][0])) {
      return `the keys of an object changed: ${String(properties.map(([key]) => String(key)))} -> ${String(now.map(String))}`;
    }
    for (const [key, descriptor] of properties) {
      if (!sameDescriptor(descriptor, Object.getOwnPropertyDescriptor(object, key) as PropertyDescriptor)) return `field ${String(key)} changed`;
    }
    const entriesNow = object instanceof Map ? [...object].flat() : object instanceof Set ? [...object] : undefined;
    if (entries && (!entriesNow || entries.length !== entriesNow.length || entries.some((entry, index) => !Object.is(entry, entriesNow[index])))) return 'Map or Set entries changed';
  }
  return undefined;
}
