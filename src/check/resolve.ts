import { OPEN_DATA_API_SINCE } from '../core/rules';
import { isCall, isLiteral, literalValue, memberKey, propertyKey, propertyValue, requiredModule, stringValue, unwrap, type AnyNode } from './ast';
import { PACKAGE_NAME, SERVER_MODULE } from './package-info';
import { ANY_KEY, isStable, lookup, mutatedKeys, type Binding, type ProgramModel, type Scope } from './scope';

/**
 * What an expression stands for, as far as the source shows: the names the rules care about
 * (the platform's cloud object and its methods, this package's exports) and the values
 * (object and array literals, CloudIDs, PhoneCodes, strings), through aliases, imports,
 * requires, spreads and later writes. The call-data rules and the phone-exchange finder
 * both ask it.
 */

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

/** Alias and spread chains longer than this are not followed (they also stop cycles such as `a = b, b = a`). */
const MAX_RESOLVE_DEPTH = 32;

/**
 * What an expression stands for, when it is one of the things the rules are about:
 * the platform object (`wx`), its `cloud`, `cloud.CloudID`/`CDN`/`callFunction`/`callContainer`/`Cloud`,
 * this package (`package`) or one of its exports (`package.callFunction`), its server entry
 * (`server`) or one of that one's exports (`server.withOpenData`).
 */
export type Entity =
  | 'platform'
  | 'cloud'
  | 'cloud.Cloud'
  | 'cloud.CloudID'
  | 'cloud.CDN'
  | 'cloud.callFunction'
  | 'cloud.callContainer'
  | 'package'
  | `package.${string}`
  | 'server'
  | `server.${string}`;

/** An object or array literal, with what was written into it after its declaration. */
export interface LiteralValue {
  kind: 'object' | 'array';
  node: AnyNode;
  scope: Scope;
  mutatedKeys?: Set<string>;
}

/** What a value in call data is, as far as the source shows. */
export type Value =
  /** Made by the platform's `CloudID` (`platform`) or by this package (a ticket or reference). */
  | { kind: 'cloudId'; maker: 'platform' | 'package' }
  /** This package's PhoneCode. */
  | { kind: 'phoneCode' }
  /** A value the platform handles itself, such as `wx.cloud.CDN(...)`: never a finding. */
  | { kind: 'platformValue' }
  /** A string written as a literal (`'getPhoneNumber'`). */
  | { kind: 'string'; value: string }
  | LiteralValue
  /** One of several values (`a ? b : c`, `a || b`). */
  | { kind: 'either'; options: Value[] }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };
const PLATFORM_CLOUD_ID: Value = { kind: 'cloudId', maker: 'platform' };
const PACKAGE_TICKET: Value = { kind: 'cloudId', maker: 'package' };
const PHONE_CODE: Value = { kind: 'phoneCode' };
const PLATFORM_VALUE: Value = { kind: 'platformValue' };

/** A field of an object literal after spreads, overrides and later writes are applied. */
export interface Field {
  key: string;
  value: Value;
  /** Where the value is written in the source, or the spread that brought it. */
  node: AnyNode;
  /** False when a later spread, computed key or write may replace it. */
  certain: boolean;
}

export interface Element {
  index: number;
  value: Value;
  node: AnyNode;
}

function moduleEntity(source: string, name: string): Entity | undefined {
  const whole = name === '*' || name === 'default';
  if (source === PACKAGE_NAME) return whole ? 'package' : `package.${name}`;
  if (source === SERVER_MODULE) return whole ? 'server' : `server.${name}`;
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
    case 'server':
      return key === 'default' ? 'server' : `server.${key}`;
    default:
      return undefined;
  }
}

export function alternatives(value: Value): Value[] {
  return value.kind === 'either' ? value.options.flatMap(alternatives) : [value];
}

/** A value that is never falsy, so `value || other` is `value`. */
function isTruthy(value: Value): boolean {
  if (value.kind === 'string') return value.value !== '';
  return value.kind === 'cloudId' || value.kind === 'phoneCode' || value.kind === 'platformValue' || value.kind === 'object' || value.kind === 'array';
}

export class Resolver {
  constructor(private readonly model: ProgramModel) {}

  /** The fields of an object literal in key order, with spreads of known literals inlined. */
  fieldsOf(object: LiteralValue, seen: Set<AnyNode>, depth: number): Field[] {
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
  elementsOf(array: LiteralValue, seen: Set<AnyNode>, depth: number): { elements: Element[]; complete: boolean } {
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

  valueOf(expression: AnyNode, scope: Scope, depth: number): Value {
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
      default: {
        const text = stringValue(node);
        return text === undefined ? UNKNOWN : { kind: 'string', value: text };
      }
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

  entityOf(expression: AnyNode, scope: Scope, depth: number): Entity | undefined {
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

/** `...null`, `...undefined`, `...0`: spreads that bring no key that could replace a field. */
function isNothingToSpread(node: AnyNode): boolean {
  const value = unwrap(node);
  return (isLiteral(value) && typeof literalValue(value) !== 'string') || (value.type === 'Identifier' && value.name === 'undefined');
}
