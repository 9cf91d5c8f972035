import type * as ESTree from 'estree';
import type { CloudIdApi } from '../core/rules';
import { isCall, isMember, memberKey, unwrap, type AnyNode } from './ast';
import { alternatives, Resolver } from './resolve';
import { collectProgram, isStable, lookup, type ProgramModel, type Scope } from './scope';

/**
 * Where a cloud function exchanges phone codes through cloud call, which its config.json
 * must allow: `cloud.openapi.phonenumber.getPhoneNumber(...)` itself (also `cloud.openapi({ appid })`
 * of resource sharing), this package's `exchangePhoneCode`, or its `withOpenData` with a
 * `getPhoneNumber` key (which exchanges the code a page sends in that field).
 */
export type PhoneExchangeWay = 'openapi' | 'exchangePhoneCode' | 'withOpenData';

export interface PhoneExchange {
  way: PhoneExchangeWay;
  loc: ESTree.SourceLocation;
}

/** How each way reads in a message. */
export const EXCHANGE_WORDING: Readonly<Record<PhoneExchangeWay, string>> = {
  openapi: 'cloud.openapi.phonenumber.getPhoneNumber',
  exchangePhoneCode: 'exchangePhoneCode',
  withOpenData: 'withOpenData with a getPhoneNumber key',
};

/** The open-data API whose `withOpenData` key takes a phone code. */
const PHONE_NUMBER_API: CloudIdApi = 'getPhoneNumber';
/** The member chain of the cloud call, after the cloud object. */
const OPENAPI_CHAIN = ['openapi', 'phonenumber', 'getPhoneNumber'];

/** Each way spells one of these. */
const EXCHANGE_WORDS = ['getPhoneNumber', 'exchangePhoneCode'];
/** The calls that can be an exchange. */
const SINKS: ReadonlySet<string> = new Set(['getPhoneNumber', 'exchangePhoneCode', 'withOpenData']);
/** Aliases longer than this are not followed. */
const MAX_CHAIN_DEPTH = 32;

/** False when the text cannot exchange a phone code: then it need not be parsed for it. Takes a Buffer too. */
export function mayExchangePhoneCodes(text: { includes(word: string): boolean }): boolean {
  return EXCHANGE_WORDS.some((word) => text.includes(word));
}

/**
 * The member keys an expression ends with, through names bound once to a member or a
 * destructuring (`const { phonenumber } = cloud.openapi`), with a call of `openapi(...)`
 * standing for `openapi`: `cloud.openapi({ appid }).phonenumber` is `['openapi', 'phonenumber']`.
 */
function memberChain(expression: AnyNode, scope: Scope, depth: number): string[] {
  if (depth > MAX_CHAIN_DEPTH) return [];
  const node = unwrap(expression);
  if (isMember(node)) {
    const key = memberKey(node);
    return key === undefined ? [] : [...memberChain(node.object as AnyNode, scope, depth + 1), key];
  }
  if (isCall(node)) {
    const callee = unwrap(node.callee as AnyNode);
    return isMember(callee) && memberKey(callee) === OPENAPI_CHAIN[0] ? memberChain(callee, scope, depth + 1) : [];
  }
  if (node.type !== 'Identifier') return [];
  const binding = lookup(scope, node.name as string);
  if (!binding || !isStable(binding)) return [];
  if (binding.init) return memberChain(binding.init, binding.scope, depth + 1);
  if (binding.destructured) return [...memberChain(binding.destructured.init, binding.scope, depth + 1), ...binding.destructured.keys];
  return [];
}

function endsWithOpenApiCall(chain: readonly string[]): boolean {
  const offset = chain.length - OPENAPI_CHAIN.length;
  return offset >= 0 && OPENAPI_CHAIN.every((key, index) => chain[offset + index] === key);
}

class PhoneExchangeFinder {
  private readonly resolver: Resolver;

  constructor(private readonly model: ProgramModel) {
    this.resolver = new Resolver(model);
  }

  run(): PhoneExchange[] {
    const exchanges: PhoneExchange[] = [];
    for (const { node, scope } of this.model.calls) {
      const exchange = this.exchangeAt(node, scope);
      if (exchange) exchanges.push(exchange);
    }
    return exchanges.sort((a, b) => a.loc.start.line - b.loc.start.line || a.loc.start.column - b.loc.start.column);
  }

  private exchangeAt(call: AnyNode, scope: Scope): PhoneExchange | undefined {
    if (!isCall(call)) return undefined;
    const callee = call.callee as AnyNode;
    const entity = this.resolver.entityOf(callee, scope, 0);
    if (entity === 'server.exchangePhoneCode') return { way: 'exchangePhoneCode', loc: call.loc as ESTree.SourceLocation };
    if (entity === 'server.withOpenData') {
      const key = this.phoneKeyOf((call.arguments as AnyNode[])[0], scope);
      return key && { way: 'withOpenData', loc: key.loc as ESTree.SourceLocation };
    }
    if (endsWithOpenApiCall(memberChain(callee, scope, 0))) return { way: 'openapi', loc: call.loc as ESTree.SourceLocation };
    return undefined;
  }

  /** In `withOpenData`'s options, the value of a `keys` field that names the phone-number API. */
  private phoneKeyOf(options: AnyNode | undefined, scope: Scope): AnyNode | undefined {
    if (!options) return undefined;
    for (const object of alternatives(this.resolver.valueOf(options, scope, 0))) {
      if (object.kind !== 'object') continue;
      const keys = this.resolver.fieldsOf(object, new Set(), 0).find((field) => field.key === 'keys' && field.certain);
      if (!keys) continue;
      for (const keysObject of alternatives(keys.value)) {
        if (keysObject.kind !== 'object') continue;
        for (const field of this.resolver.fieldsOf(keysObject, new Set(), 0)) {
          if (field.certain && alternatives(field.value).some((value) => value.kind === 'string' && value.value === PHONE_NUMBER_API)) return field.node;
        }
      }
    }
    return undefined;
  }
}

/**
 * The phone-code exchanges in a program, in source order. With the program's source text,
 * only the parts of the tree that name an exchange are walked.
 */
export function findPhoneExchanges(program: AnyNode, text?: string): PhoneExchange[] {
  return new PhoneExchangeFinder(collectProgram(program, SINKS, text)).run();
}
