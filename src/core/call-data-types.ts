import type { CLOUD_ID_MARK, CloudIdMarked, PhoneCodeMarked } from './cloud-id-mark';
import type { WxCloudIdBrand } from './cloud-id-brand';
import type { MAX_CLOUD_IDS_PER_CALL } from './rules';

/*
 * How `CallData<T>` stays cheap:
 * 1. Data made of object literals and arrays (what call sites pass) is vouched for by one
 *    assignability test against a recursive "no CloudID below the top" type. The compiler
 *    answers it from its relation cache, without a type instantiation per node.
 * 2. Only data that test cannot vouch for (interfaces, class instances, unknown, a nested
 *    CloudID) goes through the exact scan, which prunes leaves, functions and `any` first.
 * 3. Path strings and counts are built only once a problem is certain.
 */

/** A ticket, a `cloudID(id)` reference or a branded `wx.cloud.CloudID(id)`. */
type CloudIdLike = CloudIdMarked | WxCloudIdBrand;

/** What belongs at the top level of data: a CloudID, or a `PhoneCode` (sent as its code, never counted). */
type TopLevelValue = CloudIdLike | PhoneCodeMarked;

/** Values that cannot hold a CloudID. `Function` takes every callable, whatever its signature. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Leaf = string | number | boolean | bigint | symbol | null | undefined | void | Function;

type Limit = typeof MAX_CLOUD_IDS_PER_CALL;

// ---- 1. the fast path

type NoBrand = { readonly [Key in typeof CLOUD_ID_MARK | keyof WxCloudIdBrand]?: never };

type CloudIdFree = Leaf | CloudIdFreeObject | readonly CloudIdFree[];

interface CloudIdFreeObject extends NoBrand {
  readonly [key: string]: CloudIdFree;
}

/** Data whose every top-level field is a CloudID or CloudID-free. */
interface TopLevelOnly extends NoBrand {
  readonly [key: string]: CloudIdFree | TopLevelValue;
}

/**
 * In its own alias so that no branch below sees T narrowed to `TopLevelOnly`: that
 * narrowing would become the contextual type of every object literal in the argument,
 * which cost more than the whole check.
 */
type IsTopLevelOnly<T> = T extends TopLevelOnly ? true : false;

/** On the fast path a field that is not CloudID-free holds a CloudID, unless it is `any`. */
type FastPathIds<T> = { [K in keyof T]-?: T[K] extends CloudIdFree | PhoneCodeMarked ? never : 0 extends 1 & T[K] ? never : K }[keyof T];

// ---- 2. the exact scan

/**
 * How many levels below a top-level field the exact scan searches: deeper than any
 * realistic payload, and about half of what the compiler's instantiation depth allows.
 */
type MaxDepth = 16;
/** `Deeper[D]` is D - 1. */
type Deeper = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
type Depth = Deeper[number] | MaxDepth;

/** The values one level down: elements of arrays and tuples, property values of objects. */
type Children<V> = V extends readonly unknown[] ? V[number] : V[keyof V];

/**
 * `true` when a CloudID is in V or below (distributes over unions). `any` matches every
 * branch, so it is singled out only where it would pass for a CloudID: ordinary nodes skip
 * that test.
 */
type Holds<V, D extends Depth> = V extends Leaf
  ? false
  : V extends TopLevelValue
    ? 0 extends 1 & V
      ? false
      : true
    : D extends 0
      ? false
      : Holds<Children<V>, Deeper[D]>;

/** What a top-level field holds: 'top' (a CloudID: fine), 'nested' (one below it) or never. */
type TopScan<V> = V extends Leaf
  ? never
  : V extends CloudIdLike
    ? 0 extends 1 & V
      ? never
      : 'top'
    : V extends PhoneCodeMarked
      ? never
      : true extends Holds<Children<V>, MaxDepth>
      ? 'nested'
      : never;

type Scan<T> = { [K in keyof T]-?: TopScan<T[K]> };

type ScannedIds<S> = { [K in keyof S]-?: 'top' extends S[K] ? K : never }[keyof S];

// ---- 3. the error path

type Characters<S extends string, Found = never> = S extends `${infer C}${infer Rest}` ? Characters<Rest, Found | C> : Found;
type IdentifierStart = Characters<'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$'>;
type IdentifierPart = IdentifierStart | Characters<'0123456789'>;
type IsIdentifierRest<S extends string> = S extends `${infer C}${infer Rest}` ? (C extends IdentifierPart ? IsIdentifierRest<Rest> : false) : true;
type IsIdentifier<S extends string> = S extends `${infer C}${infer Rest}` ? (C extends IdentifierStart ? IsIdentifierRest<Rest> : false) : false;

/**
 * A key as a path segment: `name` first, `.name` after, `['odd key']` when not an identifier
 * (run time quotes it as JSON; here single quotes, since TypeScript prints the message in double quotes).
 */
type KeySegment<K extends string | number, First extends boolean> = string extends `${K}`
  ? `[${string}]`
  : IsIdentifier<`${K}`> extends true
    ? First extends true
      ? `${K}`
      : `.${K}`
    : `['${K}']`;

/** Path suffixes (`.a`, `[number]`, `[0]`) from V down to each CloudID. */
type PathsIn<V, D extends Depth> = V extends Leaf
  ? never
  : V extends TopLevelValue
    ? 0 extends 1 & V
      ? never
      : ''
    : D extends 0
      ? never
      : ChildPaths<V, Deeper[D]>;

type ChildPaths<V, D extends Depth> = V extends readonly unknown[]
  ? number extends V['length']
    ? PathsIn<V[number], D> extends infer P extends string
      ? `[number]${P}`
      : never
    : { [K in keyof V & `${number}`]: PathsIn<V[K], D> extends infer P extends string ? `[${K}]${P}` : never }[keyof V & `${number}`]
  : {
      [K in keyof V]-?: K extends string | number ? (PathsIn<V[K], D> extends infer P extends string ? `${KeySegment<K, false>}${P}` : never) : never;
    }[keyof V];

/** The paths below a top-level value; a top-level CloudID itself is fine. */
type NestedPaths<V> = V extends Leaf ? never : V extends TopLevelValue ? never : ChildPaths<V, MaxDepth>;

/** Every full path (`obj.shareInfo`) from the top of T to a nested CloudID. */
type NestedPathsOf<T> = {
  [K in keyof T]-?: K extends string | number ? (NestedPaths<T[K]> extends infer P extends string ? `${KeySegment<K, true>}${P}` : never) : never;
}[keyof T];

/** The members of a union as a tuple (in an unspecified order), to list them in one message. */
type MembersOf<U, Listed extends unknown[] = []> = [U] extends [never]
  ? Listed
  : OneOf<U> extends infer M
    ? MembersOf<Exclude<U, M>, [M, ...Listed]>
    : never;

type OneOf<U> = (U extends unknown ? (member: () => U) => void : never) extends (member: infer M) => void
  ? M extends () => infer R
    ? R
    : never
  : never;

type Join<Items extends unknown[], Separator extends string> = Items extends [infer First extends string | number, ...infer Rest]
  ? Rest extends []
    ? `${First}`
    : `${First}${Separator}${Join<Rest, Separator>}`
  : '';

type TupleOf<N extends number, R extends unknown[] = []> = R['length'] extends N ? R : TupleOf<N, [...R, unknown]>;

type NestingProblem<T> =
  MembersOf<NestedPathsOf<T>> extends infer Paths extends unknown[]
    ? Paths extends []
      ? never
      : `CloudID must be a top-level field: ${Join<Paths, ', '>}`
    : never;

type CountIds<Ids> = [Ids] extends [never]
  ? never
  : string extends Ids
    ? `At most ${Limit} CloudIDs per call: an index signature of CloudIDs cannot be counted, name the fields`
    : number extends Ids
      ? `At most ${Limit} CloudIDs per call: an index signature of CloudIDs cannot be counted, name the fields`
      : MembersOf<Ids> extends infer Listed extends unknown[]
        ? Listed extends [...TupleOf<Limit>, unknown, ...unknown[]]
          ? `At most ${Limit} CloudIDs per call, found ${Listed['length']}: ${Join<Listed, ', '>}`
          : never
        : never;

/** T itself when nothing is wrong, otherwise one string that names every problem. */
type Report<T, Nesting, Count> = [Nesting] extends [never]
  ? [Count] extends [never]
    ? T
    : Count
  : [Count] extends [never]
    ? Nesting
    : `${Nesting & string}; ${Count & string}`;

type ExactVerdict<T, S, Found> = [Found] extends [never]
  ? T
  : Report<T, 'nested' extends Found ? NestingProblem<T> : never, CountIds<ScannedIds<S>>>;

type Checked<T> =
  IsTopLevelOnly<T> extends true
    ? Report<T, never, CountIds<FastPathIds<T>>>
    : Scan<T> extends infer S
      ? ExactVerdict<T, S, S[keyof S]>
      : T;

/**
 * Call data checked at compile time. A ticket, a `cloudID(id)` reference, a
 * `wx.cloud.CloudID(id)` value or a `PhoneCode` belongs at the top level of the data: one nested deeper
 * (`obj.shareInfo`, `list[number].id`, `pair[1]`) or more than MAX_CLOUD_IDS_PER_CALL CloudIDs (phone codes do not count) turns the type into the error message, so the call does not compile.
 * Data without CloudIDs comes back as T.
 */
export type CallData<T> = T extends object ? (0 extends 1 & T ? T : Checked<T>) : T;

declare const UNCHECKED_CALL_DATA: unique symbol;

/** Call data the compiler has not checked: what `trustCallData` returns. */
export interface UncheckedCallData {
  readonly [UNCHECKED_CALL_DATA]: true;
}

/**
 * The escape hatch for generic code, where the compiler cannot see what `data` holds
 * (`CallData<T>` with an unresolved T rejects every value). Returns `data` itself;
 * `buildCallData` and `callFunction` still check it at run time.
 */
export function trustCallData(data: object): UncheckedCallData {
  return data as UncheckedCallData;
}

declare const UNINFERRED_DATA: unique symbol;

/**
 * The data type of a call given its result type explicitly (`callFunction<Steps>(...)`):
 * TypeScript infers no further type argument once one is written, so there is no data type
 * to check. Only a default, never a type you write.
 */
export interface UninferredData {
  readonly [UNINFERRED_DATA]?: never;
}

/**
 * The type `data` is checked against: `CallData<Data>`, or any object when `Data` was not
 * inferred (a result type written explicitly). Annotating what the call resolves with
 * instead lets TypeScript infer both, and keeps the check.
 */
export type CheckedData<Data> = [UninferredData] extends [Data] ? object : CallData<Data>;
