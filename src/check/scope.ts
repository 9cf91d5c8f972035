import { FUNCTIONS, isMember, isNode, memberKey, propertyKey, unwrap, type AnyNode } from './ast';

/** A lexical scope; `hoists` marks function and module scopes, where `var` lands. */
export interface Scope {
  parent: Scope | undefined;
  hoists: boolean;
  bindings: Map<string, Binding>;
}

/** What a name is bound to, as far as the source says without running it. */
export interface Binding {
  kind: 'variable' | 'param' | 'import' | 'other';
  /** More than one declaration of the name in its scope makes its value unknowable. */
  declarations: number;
  /** `const name = init`. */
  init?: AnyNode;
  /** `const { a: { name } } = init`: the init and the keys leading to the name. */
  destructured?: { init: AnyNode; keys: string[] };
  /** The scope `init` is evaluated in (not the one `var` hoists to). */
  scope: Scope;
  /** `import { name } from 'source'`; `name` is `*` for a namespace import. */
  imported?: { source: string; name: string };
  /** A function's parameter: the function and the parameter's position. */
  param?: { fn: AnyNode; index: number };
  /** Assigned again somewhere: its value at any one place is unknown. */
  reassigned: boolean;
  /** Keys written into or deleted from the bound object after its declaration; `*` for any key. */
  mutatedKeys?: Set<string>;
}

/** An expression (a call, or what `.then` is called on) with the scope its names are looked up in. */
export interface CallSite {
  node: AnyNode;
  scope: Scope;
}

/** Every call, every binding and every write of one program. */
export interface ProgramModel {
  calls: CallSite[];
  /** A callback given to `.then(cb)`, mapped to the expression `.then` was called on. */
  thenTargets: Map<AnyNode, CallSite>;
}

/** Any key. */
export const ANY_KEY = '*';

/** Fields that are not child nodes, or that hold only types (never values). */
const NOT_CHILDREN = new Set([
  'type', 'loc', 'range', 'start', 'end', 'parent', 'extra', 'comments', 'tokens',
  'leadingComments', 'trailingComments', 'innerComments',
  'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeParameters', 'superTypeArguments',
]);

/** Declarations that hold types only. */
const TYPE_ONLY = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSEnumDeclaration']);

/** Methods that remove or reorder what an array already holds. */
const ARRAY_MUTATORS = new Set(['pop', 'shift', 'unshift', 'splice', 'fill', 'copyWithin', 'reverse', 'sort']);

/** Functions whose first argument they change in place. */
const OBJECT_MUTATORS: Record<string, Set<string>> = {
  Object: new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf']),
  Reflect: new Set(['set', 'deleteProperty', 'defineProperty', 'setPrototypeOf']),
};

type Write = { scope: Scope; name: string; key: string | undefined };

export function lookup(scope: Scope | undefined, name: string): Binding | undefined {
  for (; scope; scope = scope.parent) {
    const binding = scope.bindings.get(name);
    if (binding) return binding;
  }
  return undefined;
}

/** True when the binding holds the value of its one declaration wherever it is read. */
export function isStable(binding: Binding): boolean {
  return binding.declarations === 1 && !binding.reassigned;
}

/** Walks a program once, recording scopes, bindings, writes and calls. */
export function collectProgram(program: AnyNode): ProgramModel {
  const calls: CallSite[] = [];
  const thenTargets = new Map<AnyNode, CallSite>();
  const writes: Write[] = [];

  const newScope = (parent: Scope | undefined, hoists: boolean): Scope => ({ parent, hoists, bindings: new Map() });

  const declare = (name: string, target: Scope, binding: Omit<Binding, 'declarations' | 'reassigned'>) => {
    const existing = target.bindings.get(name);
    if (existing) existing.declarations++;
    else target.bindings.set(name, { ...binding, declarations: 1, reassigned: false });
  };

  /** `keys`: the path from `init` to this pattern; null once a step cannot be named. */
  const declarePattern = (pattern: AnyNode, target: Scope, binding: Omit<Binding, 'declarations' | 'reassigned'>, keys: string[] | null = []) => {
    switch (pattern.type) {
      case 'Identifier': {
        const { init, ...rest } = binding;
        const name = pattern.name as string;
        if (!init || !keys) declare(name, target, rest);
        else if (keys.length) declare(name, target, { ...rest, destructured: { init, keys } });
        else declare(name, target, binding);
        return;
      }
      case 'ObjectPattern':
        for (const property of pattern.properties as AnyNode[]) {
          if (property.type === 'RestElement') declarePattern(property.argument as AnyNode, target, binding, null);
          else {
            const key = propertyKey(property);
            declarePattern(property.value as AnyNode, target, binding, keys && key !== undefined ? [...keys, key] : null);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements as (AnyNode | null)[]) if (element) declarePattern(element, target, binding, null);
        return;
      case 'AssignmentPattern':
        return declarePattern(pattern.left as AnyNode, target, binding, null);
      case 'RestElement':
        return declarePattern(pattern.argument as AnyNode, target, binding, null);
      case 'TSParameterProperty':
        return declarePattern(pattern.parameter as AnyNode, target, binding, keys);
    }
  };

  const hoistTarget = (scope: Scope): Scope => {
    while (!scope.hoists && scope.parent) scope = scope.parent;
    return scope;
  };

  /** `target = ...`, `target++`, `delete target`: a reassignment of a name, or a write into an object. */
  const recordWrite = (target: AnyNode, scope: Scope) => {
    target = unwrap(target);
    switch (target.type) {
      case 'Identifier':
        writes.push({ scope, name: target.name as string, key: undefined });
        return;
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        let member = target;
        while (isMember(unwrap(member.object as AnyNode))) member = unwrap(member.object as AnyNode);
        const root = unwrap(member.object as AnyNode);
        if (root.type === 'Identifier') writes.push({ scope, name: root.name as string, key: memberKey(member) ?? ANY_KEY });
        return;
      }
      case 'ObjectPattern':
        for (const property of target.properties as AnyNode[]) recordWrite((property.type === 'RestElement' ? property.argument : property.value) as AnyNode, scope);
        return;
      case 'ArrayPattern':
        for (const element of target.elements as (AnyNode | null)[]) if (element) recordWrite(element, scope);
        return;
      case 'AssignmentPattern':
        return recordWrite(target.left as AnyNode, scope);
      case 'RestElement':
        return recordWrite(target.argument as AnyNode, scope);
    }
  };

  /** An object changed in place as a whole (`Object.assign(x, ...)`, `list.splice(...)`). */
  const recordMutation = (target: AnyNode, scope: Scope) => {
    target = unwrap(target);
    if (target.type === 'Identifier') writes.push({ scope, name: target.name as string, key: ANY_KEY });
    else if (isMember(target)) recordWrite(target, scope);
  };

  const recordCall = (node: AnyNode, scope: Scope) => {
    calls.push({ node, scope });
    const callee = unwrap(node.callee as AnyNode);
    if (!isMember(callee)) return;
    const method = memberKey(callee);
    const [first] = node.arguments as AnyNode[];
    if (method === undefined) return;
    if (ARRAY_MUTATORS.has(method)) recordMutation(callee.object as AnyNode, scope);
    const owner = unwrap(callee.object as AnyNode);
    if (first && owner.type === 'Identifier' && OBJECT_MUTATORS[owner.name as string]?.has(method)) recordMutation(first, scope);
    if (method === 'then' && first && FUNCTIONS.has(first.type)) thenTargets.set(first, { node: callee.object as AnyNode, scope });
  };

  const visitChildren = (node: AnyNode, scope: Scope) => {
    // Own keys only: Babel's nodes inherit enumerable helpers, which for...in would visit.
    for (const field of Object.keys(node)) {
      if (NOT_CHILDREN.has(field)) continue;
      const value = node[field];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, scope);
      } else if (isNode(value)) visit(value, scope);
    }
  };

  const visitFunction = (fn: AnyNode, outer: Scope) => {
    if (fn.computed) visit(fn.key as AnyNode, outer); // Babel's methods carry their own key
    const scope = newScope(outer, true);
    const id = fn.id as AnyNode | null;
    if (fn.type === 'FunctionExpression' && id) declare(id.name as string, scope, { kind: 'other', scope });
    (fn.params as AnyNode[]).forEach((param, index) => {
      declarePattern(param, scope, { kind: 'param', scope, param: { fn, index } }, null);
      visit(param, scope); // default values
    });
    const body = fn.body as AnyNode | null;
    if (!body) return; // TypeScript overload signatures
    if (body.type === 'BlockStatement') visitChildren(body, scope);
    else visit(body, scope);
  };

  const visit = (node: AnyNode, scope: Scope): void => {
    switch (node.type) {
      case 'VariableDeclaration': {
        const target = node.kind === 'var' ? hoistTarget(scope) : scope;
        for (const declarator of node.declarations as AnyNode[]) {
          const init = declarator.init as AnyNode | null;
          declarePattern(declarator.id as AnyNode, target, { kind: 'variable', scope, ...(init ? { init } : {}) });
          visitChildren(declarator, scope);
        }
        return;
      }
      case 'FunctionDeclaration':
        if (node.id) declare((node.id as AnyNode).name as string, scope, { kind: 'other', scope });
        return visitFunction(node, scope);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        return visitFunction(node, scope);
      case 'ClassDeclaration':
        if (node.id) declare((node.id as AnyNode).name as string, scope, { kind: 'other', scope });
        return visitChildren(node, scope);
      case 'ClassExpression': {
        const inner = newScope(scope, false);
        if (node.id) declare((node.id as AnyNode).name as string, inner, { kind: 'other', scope: inner });
        return visitChildren(node, inner);
      }
      case 'BlockStatement':
      case 'StaticBlock':
      case 'SwitchStatement':
      case 'ForStatement':
        return visitChildren(node, newScope(scope, false));
      case 'ForInStatement':
      case 'ForOfStatement': {
        const inner = newScope(scope, false);
        if ((node.left as AnyNode).type !== 'VariableDeclaration') recordWrite(node.left as AnyNode, inner);
        return visitChildren(node, inner);
      }
      case 'CatchClause': {
        const inner = newScope(scope, false);
        if (node.param) declarePattern(node.param as AnyNode, inner, { kind: 'other', scope: inner }, null);
        return visitChildren(node, inner);
      }
      case 'TSModuleDeclaration':
        if ((node.id as AnyNode).type === 'Identifier') declare((node.id as AnyNode).name as string, scope, { kind: 'other', scope });
        if (node.body) visit(node.body as AnyNode, newScope(scope, true));
        return;
      case 'ImportDeclaration':
        for (const specifier of node.specifiers as AnyNode[]) {
          const imported = specifier.imported as AnyNode | undefined;
          const name = specifier.type === 'ImportSpecifier' ? ((imported!.name ?? imported!.value) as string) : specifier.type === 'ImportDefaultSpecifier' ? 'default' : '*';
          declare((specifier.local as AnyNode).name as string, scope, { kind: 'import', scope, imported: { source: (node.source as AnyNode).value as string, name } });
        }
        return;
      case 'TSImportEqualsDeclaration': {
        const reference = node.moduleReference as AnyNode;
        const source = reference.type === 'TSExternalModuleReference' ? ((reference.expression as AnyNode).value as string) : undefined;
        declare((node.id as AnyNode).name as string, scope, source === undefined ? { kind: 'other', scope } : { kind: 'import', scope, imported: { source, name: '*' } });
        return;
      }
      case 'AssignmentExpression':
        recordWrite(node.left as AnyNode, scope);
        return visitChildren(node, scope);
      case 'UpdateExpression':
        recordWrite(node.argument as AnyNode, scope);
        return visitChildren(node, scope);
      case 'UnaryExpression':
        if (node.operator === 'delete') recordWrite(node.argument as AnyNode, scope);
        return visitChildren(node, scope);
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        recordCall(node, scope);
        return visitChildren(node, scope);
      default:
        if (TYPE_ONLY.has(node.type)) {
          if (node.type === 'TSEnumDeclaration') declare((node.id as AnyNode).name as string, scope, { kind: 'other', scope });
          return;
        }
        return visitChildren(node, scope);
    }
  };

  const programScope = newScope(undefined, true);
  visitChildren(program, programScope);

  for (const { scope, name, key } of writes) {
    const binding = lookup(scope, name);
    if (!binding) continue;
    if (key === undefined) binding.reassigned = true;
    else (binding.mutatedKeys ??= new Set()).add(key);
  }
  return { calls, thenTargets };
}
