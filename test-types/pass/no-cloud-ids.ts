// Data without CloudIDs, of any shape, comes back unchanged and never hits the compiler's
// depth limit.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type -- `any` and `{}` are among the shapes under test */
import { buildCallData, type CallData, type CloudIdTicket } from 'miniprogram-cloudid';
import { expectTrue, type Equal } from '../helpers';

expectTrue<Equal<CallData<any>, any>>();
expectTrue<Equal<CallData<unknown>, unknown>>();
expectTrue<Equal<CallData<object>, object>>();
expectTrue<Equal<CallData<{}>, {}>>();
expectTrue<Equal<CallData<Record<string, unknown>>, Record<string, unknown>>>();
expectTrue<Equal<CallData<Record<string, any>>, Record<string, any>>>();

// `any` fields are not CloudIDs, however many there are.
type ManyAny = { a: any; b: any; c: any; d: any; e: any; f: any; g: any };
expectTrue<Equal<CallData<ManyAny>, ManyAny>>();
type AnyBesideInterface = { a: any; b: any; c: any; d: any; e: any; f: any; tree: Tree };
expectTrue<Equal<CallData<AnyBesideInterface>, AnyBesideInterface>>();
declare const anything: any;
buildCallData({ a: anything, b: anything, c: anything, d: anything, e: anything, f: anything, g: { nested: anything } });

// Recursive interfaces and recursive JSON types.
interface Tree {
  name: string;
  children: Tree[];
  parent?: Tree;
}
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
interface Graph {
  nodes: Map<string, GraphNode>;
  root: GraphNode;
}
interface GraphNode {
  id: string;
  edges: readonly GraphNode[];
  graph: Graph;
}
expectTrue<Equal<CallData<{ tree: Tree }>, { tree: Tree }>>();
expectTrue<Equal<CallData<{ payload: Json }>, { payload: Json }>>();
expectTrue<Equal<CallData<Graph>, Graph>>();
declare const tree: Tree;
declare const json: Json;
declare const graph: Graph;
buildCallData({ tree, json, graph });

// Class instances, built-ins and functions.
class Order {
  #secret = 1;
  private cache = new Map<string, CloudIdTicket>();
  constructor(
    readonly id: string,
    readonly lines: { sku: string; quantity: number }[],
  ) {}
  total(): number {
    return this.lines.length + this.#secret + this.cache.size;
  }
}
buildCallData({ order: new Order('o-1', []), at: new Date(), pattern: /x/, tags: new Set(['a']), format: (value: number) => value.toFixed(2) });
expectTrue<Equal<CallData<{ order: Order; at: Date }>, { order: Order; at: Date }>>();

// Readonly data, tuples, unions and optional fields.
type Shapes = {
  readonly point: readonly [number, number];
  readonly tags?: readonly string[];
  kind: { type: 'a'; a: number } | { type: 'b'; b: string[] };
  rest: [string, ...number[]];
};
expectTrue<Equal<CallData<Shapes>, Shapes>>();

// Very deep types: 60 levels as a type, 40 levels as an object literal.
type Nest<Levels extends unknown[]> = Levels['length'] extends 60 ? { end: true } : { label: string; next: Nest<[...Levels, 0]> };
type Deep = { root: Nest<[]> };
expectTrue<Equal<CallData<Deep>, Deep>>();
// The same depth through the exact scan (an interface beside it rules out the fast path).
type DeepBesideTree = { root: Nest<[]>; tree: Tree };
expectTrue<Equal<CallData<DeepBesideTree>, DeepBesideTree>>();
declare const deep: Deep;
buildCallData(deep);
buildCallData({ l1: { l2: { l3: { l4: { l5: { l6: { l7: { l8: { l9: { l10: { l11: { l12: { l13: { l14: { l15: { l16: { l17: { l18: { l19: { l20: { l21: { l22: { l23: { l24: { l25: { l26: { l27: { l28: { l29: { l30: { l31: { l32: { l33: { l34: { l35: { l36: { l37: { l38: { l39: { l40: [1] } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } });
