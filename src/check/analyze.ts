import type * as ESTree from 'estree';
import { formatDataPath } from '../core/data-path';
import { MAX_CLOUD_IDS_PER_CALL, OPEN_DATA_API_SINCE } from '../core/rules';
import { isCall, isLiteral, literalValue, memberKey, propertyKey, propertyValue, requiredModule, unwrap, type AnyNode } from './ast';
import { PACKAGE_NAME } from './package-info';
import type { RuleName } from './rule-meta';
import { ANY_KEY, collectProgram, isStable, lookup, mutatedKeys, type Binding, type ProgramModel, type Scope } from './scope';

/** One problem, before it is worded: the rule, where, and the data its message template needs. */
export interface Finding {
  rule: RuleName;
  /** Dotted path inside `data` (`obj.shareInfo`, `list[0]`). */
  path: string;
  data: Record<string, string>;
  loc: ESTree.SourceLocation;
}

/** Globals whose `.cloud` is WeChat's `wx.cloud` (Taro and uni-app forward to it). */
const PLATFORM_GLOBALS = new Set(['wx', 'Taro', 'uni']);
/** Taro's API object is imported rather than global. */
const PLATFORM_MODULES = new Set(['@tarojs/taro']);

/** The package's sources are named after the open-data APIs; each resolves to a ticket. */
const PACKAGE_SOURCES = new Set(Object.keys(OPEN_DATA_API_SINCE).filter((api) => api !== 'getPhoneNumber'));
/** The package's functions that return a ticket or reference at once. */
const PACKAGE_TICKET_MAKERS = new Set(['cloudID', 'ticketFromEvent', 'ticketFromResult']);
/** The package's function that returns a PhoneCode: sent as its code string at the top level of data, like a ticket. */
const PACKAGE_PHONE_CODE_MAKER = 'phoneCodeFromEvent';

/**
 * Where data goes: a cloud function (the platform replaces top-level CloudIDs; `buildCallData`
 * prepares data for one), or a container through this package's `callContainer` (top-level
 * tickets sent as id strings) or the platform's own (nothing replaced, nothing converted).
 */
type Sink = 'function' | 'package-container' | 'platform-container';

/** How the top-level rule words a nested value, by what it is and where it goes. */
const NESTED_WORDING = {
  function: { value: 'CloudID', reason: 'only top-level fields of data are replaced, so the cloud function receives the bare id string.' },
  container: { value: 'Ticket', reason: 'callContainer sends top-level tickets only, as the id strings the container exchanges; the container reads top-level fields.' },
  phoneCode: { value: 'PhoneCode', reason: 'only a top-level PhoneCode is sent as the code string the server exchanges; nested, the call is refused.' },
} as const;

/** Alias and spread chains longer than this are not followed (they also stop cycles such as `a = b, b = a`). */
const MAX_RESOLVE_DEPTH = 32;
/** Data is not searched deeper than this: no one writes a CloudID deeper, and the search stays far from the stack's end. */
const MAX_DATA_DEPTH = 200;

/**
 * What an expression stands for, when it is one of the things the rules are about:
 * the platform object (`wx`), its `cloud`, `cloud.CloudID`/`CDN`/`callFunction`/`callContainer`/`Cloud`,
 * this package (`package`) or one of its exports (`package.callFunction`).
 */
type Entity = 'platform' | 'cloud' | 'cloud.Cloud' | 'cloud.CloudID' | 'cloud.CDN' | 'cloud.callFunction' | 'cloud.callContainer' | 'package' | `package.${string}`;

/** An object or array literal, with what was written into it after its declaration. */
interface LiteralValue {
  kind: 'object' | 'array';
  node: AnyNode;
  scope: Scope;
  mutatedKeys?: Set<string>;
}

/** What a value in call data is, as far as the source shows. */
type Value =
  /** Made by the platform's `CloudID` (`platform`) or by this package (a ticket or reference). */
  | { kind: 'cloudId'; maker: 'platform' | 'package' }
  /** This package's PhoneCode. */
  | { kind: 'phoneCode' }
  /** A value the platform handles itself, such as `wx.cloud.CDN(...)`: never a finding. */
  | { kind: 'platformValue' }
  | LiteralValue
  /** One of several values (`a ? b : c`, `a || b`). */
  | { kind: 'either'; options: Value[] }
  | { kind: 'unknown' };

const UNKNOWN: Value = { kind: 'unknown' };
const PLATFORM_CLOUD_ID: Value = { kind: 'cloudId', maker: 'platform' };
const PACKAGE_TICKET: Value = { kind: 'cloudId', maker: 'package' };
const PHONE_CODE: Value = { kind: 'phoneCode' };
const PLATFORM_VALUE: Value = { kind: 'platformValue' };

/** A field of an object literal after spreads, overrides and later writes are applied. */
interface Field {
  key: string;
  value: Value;
  /** Where the value is written in the source, or the spread that brought it. */
  node: AnyNode;
  /** False when a later spread, computed key or write may replace it. */
  certain: boolean;
}

interface Element {
  index: number;
  value: Value;
  node: AnyNode;
}

function moduleEntity(source: string, name: string): Entity | undefined {
  const whole = name === '*' || name === 'default';
  if (source === PACKAGE_NAME) return whole ? 'package' : `package.${name}`;
  if (PLATFORM_MODULES.has(source)) return whole ? 'platform' : memberEntity('platform', name);
  return undefined;
}

function memberEntity(object: Entity | undefined, key: string): Entity | undefined {
  switch (object) {
    case 'platform':
      return key === 'cloud' ? 'cloud' : key === 'default' ? 'platform' : undefined;
    case 'cloud':
      return key === 'CloudID' || key === 'CDN' || key === 'callFunction' || key === 'callContainer' || key === 'Cloud' ? `cloud.${key}` : undefined;
    case 'package':
      return key === 'default' ? 'package' : `package.${key}`;
    default:
      return undefined;
  }
}

function alternatives(value: Value): Value[] {
  return value.kind === 'either' ? value.options.flatMap(alternatives) : [value];
}

function isCloudIdEverywhere(value: Value): boolean {
  return alternatives(value).every((option) => option.kind === 'cloudId');
}

/** A value that is never falsy, so `value || other` is `value`. */
function isTruthy(value: Value): boolean {
  return value.kind === 'cloudId' || value.kind === 'phoneCode' || value.kind === 'platformValue' || value.kind === 'object' || value.kind === 'array';
}

class Analyzer {
  readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly model: ProgramModel) {}

  run(): Finding[] {
    for (const { node, scope } of this.model.calls) this.checkCall(node, scope);
    return this.findings;
  }

  private checkCall(call: AnyNode, scope: Scope): void {
    const callee = unwrap(call.callee as AnyNode);
    const [first] = call.arguments as AnyNode[];
    if (!isCall(call) || !first) return;
    const entity = this.entityOf(callee, scope, 0);
    if (entity === 'package.buildCallData') return this.checkData(this.valueOf(first, scope, 0), 'function');
    const sink: Sink | undefined =
      entity === 'cloud.callFunction' || entity === 'package.callFunction'
        ? 'function'
        : entity === 'package.callContainer'
          ? 'package-container'
          : entity === 'cloud.callContainer'
            ? 'platform-container'
            : undefined;
    if (!sink) return;
    for (const options of alternatives(this.valueOf(first, scope, 0))) {
      if (options.kind !== 'object') continue;
      const data = this.fieldsOf(options, new Set(), 0).find((field) => field.key === 'data');
      if (data && data.certain) this.checkData(data.value, sink);
    }
  }

  /** The rules, on one value given as `data`. */
  private checkData(data: Value, sink: Sink): void {
    for (const option of alternatives(data)) {
      if (option.kind !== 'object') continue;
      const seen = new Set([option.node]);
      const cloudIds: Field[] = [];
      for (const field of this.fieldsOf(option, seen, 0)) {
        if (!field.certain) continue;
        if (isCloudIdEverywhere(field.value)) cloudIds.push(field);
        this.findNested(field.value, [field.key], field.node, undefined, seen, sink);
      }
      // The limit is the platform's replacement in cloud functions; a container's exchange documents none.
      if (sink === 'function' && cloudIds.length > MAX_CLOUD_IDS_PER_CALL) {
        const surplus = cloudIds[MAX_CLOUD_IDS_PER_CALL];
        const path = formatDataPath([surplus.key]);
        const paths = cloudIds.map((field) => formatDataPath([field.key])).join(', ');
        this.report('max-five', path, surplus.node, { count: String(cloudIds.length), paths, path });
      }
    }
  }

  /**
   * Reports what sits where `sink` does not take it: a CloudID or PhoneCode below the top
   * level of `value`, a platform CloudID anywhere in a container's data. `keys` is where
   * `value` is inside data, `at` where it is written. Findings are placed where data's own
   * literals name them: once the path leaves them (an identifier, a spread of another
   * object), at that reference.
   */
  private findNested(value: Value, keys: (string | number)[], at: AnyNode, anchor: AnyNode | undefined, seen: Set<AnyNode>, sink: Sink): void {
    if (keys.length > MAX_DATA_DEPTH) return;
    switch (value.kind) {
      case 'cloudId': {
        const path = formatDataPath(keys);
        if (value.maker === 'platform' && sink !== 'function') return this.report('no-cloudid-in-container', path, anchor || at, { path });
        // What the platform's own callContainer does with this package's tickets is its serialisation, not a rule of this package.
        if (keys.length > 1 && sink !== 'platform-container') this.report('top-level', path, anchor || at, { path, ...NESTED_WORDING[sink === 'function' ? 'function' : 'container'] });
        return;
      }
      case 'phoneCode':
        if (keys.length > 1 && sink !== 'platform-container') this.report('top-level', formatDataPath(keys), anchor || at, { path: formatDataPath(keys), ...NESTED_WORDING.phoneCode });
        return;
      case 'either':
        for (const option of value.options) this.findNested(option, keys, at, anchor, seen, sink);
        return;
      case 'object':
      case 'array': {
        if (seen.has(value.node)) return;
        seen.add(value.node);
        const inner = anchor || (contains(at, value.node) ? undefined : at);
        if (value.kind === 'object') {
          for (const field of this.fieldsOf(value, seen, 0)) if (field.certain) this.findNested(field.value, [...keys, field.key], field.node, inner, seen, sink);
        } else {
          for (const element of this.elementsOf(value, seen, 0).elements) this.findNested(element.value, [...keys, element.index], element.node, inner, seen, sink);
        }
        seen.delete(value.node);
      }
    }
  }

  private report(rule: RuleName, path: string, node: AnyNode, data: Record<string, string>): void {
    const loc = node.loc as ESTree.SourceLocation;
    const key = `${rule} ${path} ${loc.start.line}:${loc.start.column}`;
    if (this.reported.has(key)) return; // the same object literal sent by several calls
    this.reported.add(key);
    this.findings.push({ rule, path, data, loc });
  }

  /** The fields of an object literal in key order, with spreads of known literals inlined. */
  private fieldsOf(object: LiteralValue, seen: Set<AnyNode>, depth: number): Field[] {
    const fields = new Map<string, Field>();
    if (depth > MAX_RESOLVE_DEPTH) return []; // `{ ...o3000 }` of `{ ...o2999 }` of ...: nothing certain
    const unsettleAll = () => fields.forEach((field) => (field.certain = false));
    for (const property of object.node.properties as AnyNode[]) {
      if (property.type === 'SpreadElement') {
        const spread = this.valueOf(property.argument as AnyNode, object.scope, depth + 1);
        if (spread.kind === 'object' && !seen.has(spread.node) && depth < MAX_RESOLVE_DEPTH) {
          seen.add(spread.node);
          for (const field of this.fieldsOf(spread, seen, depth + 1)) fields.set(field.key, { ...field, node: property });
          seen.delete(spread.node);
        } else if (!isNothingToSpread(property.argument as AnyNode)) unsettleAll(); // may bring any key
        continue;
      }
      const key = propertyKey(property);
      if (key === undefined) {
        unsettleAll(); // a computed key may replace any field
        continue;
      }
      const written = propertyValue(property);
      if (key === '__proto__' && written && !property.computed && !property.shorthand) continue; // sets the prototype
      const value = written ? this.valueOf(written, object.scope, 0) : UNKNOWN;
      fields.set(key, { key, value, node: written || property, certain: true });
    }
    const { mutatedKeys } = object;
    if (mutatedKeys) for (const field of fields.values()) if (mutatedKeys.has(ANY_KEY) || mutatedKeys.has(field.key)) field.certain = false;
    return [...fields.values()];
  }

  /** The elements of an array literal up to the first spread of an unknown array (`complete` false then). */
  private elementsOf(array: LiteralValue, seen: Set<AnyNode>, depth: number): { elements: Element[]; complete: boolean } {
    const elements: Element[] = [];
    if (array.mutatedKeys || depth > MAX_RESOLVE_DEPTH) return { elements, complete: false }; // spliced, sorted, written into: indexes are unknown
    for (const element of array.node.elements as (AnyNode | null)[]) {
      if (element && element.type === 'SpreadElement') {
        const spread = this.valueOf(element.argument as AnyNode, array.scope, depth + 1);
        if (spread.kind !== 'array' || seen.has(spread.node)) return { elements, complete: false };
        seen.add(spread.node);
        const inner = this.elementsOf(spread, seen, depth + 1);
        seen.delete(spread.node);
        for (const item of inner.elements) elements.push({ ...item, index: elements.length, node: element });
        if (!inner.complete) return { elements, complete: false };
      } else {
        elements.push({ index: elements.length, value: element ? this.valueOf(element, array.scope, 0) : UNKNOWN, node: element || array.node });
      }
    }
    return { elements, complete: true };
  }

  private valueOf(expression: AnyNode, scope: Scope, depth: number): Value {
    if (depth > MAX_RESOLVE_DEPTH) return UNKNOWN;
    const node = unwrap(expression);
    switch (node.type) {
      case 'ObjectExpression':
        return { kind: 'object', node, scope };
      case 'ArrayExpression':
        return { kind: 'array', node, scope };
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        return this.madeBy(node, scope, depth);
      case 'AwaitExpression': {
        const argument = unwrap(node.argument as AnyNode);
        if (isCall(argument) && this.isPackageSource(this.entityOf(argument.callee as AnyNode, scope, depth + 1))) return PACKAGE_TICKET;
        return this.valueOf(argument, scope, depth + 1);
      }
      case 'Identifier':
        return this.bindingValue(lookup(scope, node.name as string), depth);
      case 'ConditionalExpression':
        return { kind: 'either', options: [this.valueOf(node.consequent as AnyNode, scope, depth + 1), this.valueOf(node.alternate as AnyNode, scope, depth + 1)] };
      case 'LogicalExpression': {
        const right = this.valueOf(node.right as AnyNode, scope, depth + 1);
        if (node.operator === '&&') return { kind: 'either', options: [UNKNOWN, right] };
        const left = this.valueOf(node.left as AnyNode, scope, depth + 1);
        return isTruthy(left) ? left : { kind: 'either', options: [left, right] };
      }
      case 'SequenceExpression': {
        const expressions = node.expressions as AnyNode[];
        return this.valueOf(expressions[expressions.length - 1], scope, depth + 1);
      }
      default:
        return UNKNOWN;
    }
  }

  private bindingValue(binding: Binding | undefined, depth: number): Value {
    const value = binding ? this.declaredValue(binding, depth) : UNKNOWN;
    // Whether anything writes the name is asked only of names bound to something of interest.
    if (value === UNKNOWN || !isStable(binding!)) return UNKNOWN;
    const written = value.kind === 'object' || value.kind === 'array' ? mutatedKeys(binding!) : undefined;
    if (!written) return value;
    return { ...(value as LiteralValue), mutatedKeys: new Set([...written, ...((value as LiteralValue).mutatedKeys || [])]) };
  }

  /** The value a binding's declaration gives it. */
  private declaredValue(binding: Binding, depth: number): Value {
    if (binding.init) return this.valueOf(binding.init, binding.scope, depth + 1);
    // `source().then((ticket) => ...)`: the callback's first parameter is the ticket.
    const target = binding.param && binding.param.index === 0 ? this.model.thenTargets.get(binding.param.fn) : undefined;
    if (target) {
      const call = unwrap(target.node);
      if (isCall(call) && this.isPackageSource(this.entityOf(call.callee as AnyNode, target.scope, depth + 1))) return PACKAGE_TICKET;
    }
    return UNKNOWN;
  }

  /** What a call or `new` makes: `wx.cloud.CloudID(id)` (also with `new`), `cloudID(id)`, `ticketFromEvent(e)`, `phoneCodeFromEvent(e)`, `wx.cloud.CDN(x)`. */
  private madeBy(call: AnyNode, scope: Scope, depth: number): Value {
    const entity = this.entityOf(call.callee as AnyNode, scope, depth + 1);
    if (entity === 'cloud.CloudID') return PLATFORM_CLOUD_ID;
    if (entity === 'cloud.CDN') return PLATFORM_VALUE;
    if (!isCall(call) || entity === undefined || !entity.startsWith('package.')) return UNKNOWN;
    const name = entity.slice('package.'.length);
    return PACKAGE_TICKET_MAKERS.has(name) ? PACKAGE_TICKET : name === PACKAGE_PHONE_CODE_MAKER ? PHONE_CODE : UNKNOWN;
  }

  private isPackageSource(entity: Entity | undefined): boolean {
    return entity !== undefined && entity.startsWith('package.') && PACKAGE_SOURCES.has(entity.slice('package.'.length));
  }

  private entityOf(expression: AnyNode, scope: Scope, depth: number): Entity | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    const node = unwrap(expression);
    switch (node.type) {
      case 'Identifier': {
        const name = node.name as string;
        const binding = lookup(scope, name);
        if (binding && binding.imported) return moduleEntity(binding.imported.source, binding.imported.name);
        // What the name was bound to first, its stability only then: most names bind to nothing of interest.
        if (binding && binding.init) {
          const entity = this.entityOf(binding.init, binding.scope, depth + 1);
          return entity !== undefined && isStable(binding) ? entity : undefined;
        }
        if (binding && binding.destructured) {
          let entity = this.entityOf(binding.destructured.init, binding.scope, depth + 1);
          for (const key of binding.destructured.keys) entity = memberEntity(entity, key);
          return entity !== undefined && isStable(binding) ? entity : undefined;
        }
        // The platform objects by name: global, a parameter, or declared without a value.
        return PLATFORM_GLOBALS.has(name) ? 'platform' : undefined;
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        const key = memberKey(node);
        return key === undefined ? undefined : memberEntity(this.entityOf(node.object as AnyNode, scope, depth + 1), key);
      }
      case 'CallExpression': {
        const source = requiredModule(node);
        return source !== undefined && !lookup(scope, 'require') ? moduleEntity(source, '*') : undefined;
      }
      case 'NewExpression':
        return this.entityOf(node.callee as AnyNode, scope, depth + 1) === 'cloud.Cloud' ? 'cloud' : undefined;
      default:
        return undefined;
    }
  }
}

/** True when `inner` is written inside `outer`'s source text. */
function contains(outer: AnyNode, inner: AnyNode): boolean {
  const a = outer.loc as ESTree.SourceLocation;
  const b = inner.loc as ESTree.SourceLocation;
  const before = (x: ESTree.Position, y: ESTree.Position) => x.line < y.line || (x.line === y.line && x.column <= y.column);
  return before(a.start, b.start) && before(b.end, a.end);
}

/** `...null`, `...undefined`, `...0`: spreads that bring no key that could replace a field. */
function isNothingToSpread(node: AnyNode): boolean {
  const value = unwrap(node);
  return (isLiteral(value) && typeof literalValue(value) !== 'string') || (value.type === 'Identifier' && value.name === 'undefined');
}

/**
 * Every finding needs a call of `callFunction`, `callContainer` or `buildCallData` and a
 * CloudID or PhoneCode made by `CloudID` or by this package, and each of them spells one of
 * these words in the source.
 */
const SINK_WORDS = ['callFunction', 'callContainer', 'buildCallData'];
const CLOUD_ID_WORDS = ['CloudID', PACKAGE_NAME];

/**
 * False when the text cannot hold a finding: then it need not be parsed at all. Takes the
 * file's bytes too (a Buffer searches its UTF-8), so most files are never even decoded.
 */
export function mayHaveFindings(text: { includes(word: string): boolean }): boolean {
  return SINK_WORDS.some((word) => text.includes(word)) && CLOUD_ID_WORDS.some((word) => text.includes(word));
}

/**
 * Runs the rules over a program: Babel's tree from the checker's parser, or ESTree from ESLint's.
 * With the program's source text, only the parts of the tree that name a sink are walked.
 */
export function analyzeProgram(program: ESTree.Program | AnyNode, text?: string): Finding[] {
  return new Analyzer(collectProgram(program as AnyNode, text)).run();
}
