import type * as ESTree from 'estree';

/**
 * A node of a syntax tree: ESTree as ESLint's parsers (espree, typescript-eslint) produce
 * it, or Babel's own AST, which the checker parses into because Babel's `estree` plugin
 * costs three quarters of its parse time. The two differ in a handful of node types; the
 * helpers below accept both spellings, so the analysis is one and the same for both trees.
 * TypeScript and JSX nodes are extensions in either, so fields are read by name.
 */
export interface AnyNode {
  type: string;
  loc?: ESTree.SourceLocation | null;
  [field: string]: unknown;
}

/** Expressions that only add types or grouping around the value inside them. */
const TRANSPARENT = new Set([
  'ChainExpression',
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
]);

/** Babel writes `a?.b` and `a?.()` as these instead of ESTree's ChainExpression around a member or call. */
const MEMBERS = new Set(['MemberExpression', 'OptionalMemberExpression']);
const CALLS = new Set(['CallExpression', 'OptionalCallExpression']);

/** Babel's object and class methods are functions themselves; ESTree wraps a FunctionExpression. */
export const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

/** Babel's literals, one type per kind; ESTree's single `Literal`. */
const LITERALS = new Set(['Literal', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'RegExpLiteral', 'BigIntLiteral']);

/** `(x as T)`, `x!`, `a?.b` and the like are `x`, `a.b` at run time. */
export function unwrap(node: AnyNode): AnyNode {
  while (TRANSPARENT.has(node.type)) node = node.expression as AnyNode;
  return node;
}

export function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as AnyNode).type === 'string';
}

export function isMember(node: AnyNode): boolean {
  return MEMBERS.has(node.type);
}

/** A call (not `new`), optional or not. */
export function isCall(node: AnyNode): boolean {
  return CALLS.has(node.type);
}

export function isLiteral(node: AnyNode): boolean {
  return LITERALS.has(node.type);
}

/** A literal's value; null for `null` (and for a regular expression Babel does not evaluate). */
export function literalValue(node: AnyNode): unknown {
  return node.type === 'NullLiteral' || node.type === 'RegExpLiteral' ? null : node.value;
}

/** The string a string literal or a template without substitutions stands for. */
export function stringValue(node: AnyNode): string | undefined {
  if (isLiteral(node)) {
    const value = literalValue(node);
    return typeof value === 'string' ? value : undefined;
  }
  return node.type === 'TemplateLiteral' ? literalKey(node) : undefined;
}

/** The string a literal key or template without substitutions stands for. */
function literalKey(node: AnyNode): string | undefined {
  if (isLiteral(node)) {
    const value = literalValue(node);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    const cooked = (node.quasis as { value: { cooked?: string | null } }[])[0].value.cooked;
    return typeof cooked === 'string' ? cooked : undefined;
  }
  return undefined;
}

/** The property name of `a.b` or `a['b']`; undefined when it is computed at run time. */
export function memberKey(node: AnyNode): string | undefined {
  const property = node.property as AnyNode;
  if (!node.computed) return property.type === 'Identifier' ? (property.name as string) : undefined;
  return literalKey(property);
}

/** The key of an object literal's property or a destructuring pattern's; undefined when computed at run time. */
export function propertyKey(node: AnyNode): string | undefined {
  const key = node.key as AnyNode;
  if (!node.computed && key.type === 'Identifier') return key.name as string;
  return literalKey(key);
}

/** The value of an object literal's data property; undefined for a method, getter or setter. */
export function propertyValue(node: AnyNode): AnyNode | undefined {
  if (node.type === 'ObjectProperty') return node.value as AnyNode;
  return node.type === 'Property' && node.kind === 'init' && !node.method ? (node.value as AnyNode) : undefined;
}

/** The module a `require('x')` call names, when written as a string literal. */
export function requiredModule(node: AnyNode): string | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = node.callee as AnyNode;
  const [argument] = node.arguments as AnyNode[];
  if (callee.type !== 'Identifier' || callee.name !== 'require' || !argument || !isLiteral(argument)) return undefined;
  const value = literalValue(argument);
  return typeof value === 'string' ? value : undefined;
}
