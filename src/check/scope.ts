import { FUNCTIONS, isMember, isNode, memberKey, propertyKey, unwrap, type AnyNode } from './ast';

/**
 * Names resolved on demand. One walk of the program finds the calls that can matter (a
 * member call named like a sink, or a call of a name that may alias one) and the scope
 * each sits in; a scope's declarations are read only when a name is looked up in it, and
 * the writes to its names only when a binding's value is asked for. Most of a page's
 * scopes are never read.
 */

/** A lexical scope; `hoists` marks function and module scopes, where `var` lands. */
export interface Scope {
  node: AnyNode;
  parent: Scope | undefined;
  hoists: boolean;
  /** Read on the first lookup. */
  bindings?: Map<string, Binding>;
  /** Reassignments and writes of names anywhere below `node`, read when first needed. */
  writes?: Map<string, Writes>;
}

interface Writes {
  reassigned: boolean;
  keys: Set<string>;
}

/** What a name is bound to, as far as the source says without running it. */
export interface Binding {
  name: string;
  kind: 'variable' | 'param' | 'import' | 'other';
  /** More than one declaration of the name in its scope makes its value unknowable. */
  declarations: number;
  /** `const name = init`. */
  init?: AnyNode;
  /** `const { a: { name } } = init`: the init and the keys leading to the name. */
  destructured?: { init: AnyNode; keys: string[] };
  /** The scope `init` is evaluated in (not the one `var` hoists to). */
  scope: Scope;
  /** The scope the name is declared in, whose code may write it. */
  home?: Scope;
  /** `import { name } from 'source'`; `name` is `*` for a namespace import. */
  imported?: { source: string; name: string };
  /** A function's parameter: the function and the parameter's position. */
  param?: { fn: AnyNode; index: number };
}

/** An expression (a call, or what `.then` is called on) with the scope its names are looked up in. */
export interface CallSite {
  node: AnyNode;
  scope: Scope;
}

/** The calls worth analysing in one program. */
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

/** Scopes opened by these nodes (besides functions). */
const BLOCK_SCOPES = new Set(['BlockStatement', 'StaticBlock', 'SwitchStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'CatchClause']);

function newScope(node: AnyNode, parent: Scope | undefined, hoists: boolean): Scope {
  return { node, parent, hoists };
}

/**
 * The fields that may hold value nodes, for the node types that make up most of a program
 * in either tree (a superset: a field a node lacks is simply absent). Reading these beats
 * listing every node's own keys; other types fall back to that.
 */
const CHILD_FIELDS: Record<string, readonly string[]> = (() => {
  const table: Record<string, string[]> = {};
  const add = (fields: string[], ...types: string[]) => types.forEach((type) => (table[type] = fields));
  add([], 'Identifier', 'PrivateName', 'PrivateIdentifier', 'Literal', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'RegExpLiteral', 'BigIntLiteral', 'TemplateElement', 'ThisExpression', 'Super', 'EmptyStatement', 'DebuggerStatement', 'BreakStatement', 'ContinueStatement', 'JSXText', 'JSXIdentifier', 'JSXClosingElement', 'JSXOpeningFragment', 'JSXClosingFragment', 'JSXEmptyExpression', 'Directive', 'DirectiveLiteral');
  add(['object', 'property'], 'MemberExpression', 'OptionalMemberExpression');
  add(['callee', 'arguments'], 'CallExpression', 'OptionalCallExpression', 'NewExpression');
  add(['properties'], 'ObjectExpression', 'ObjectPattern');
  add(['elements'], 'ArrayExpression', 'ArrayPattern');
  add(['key', 'value', 'decorators'], 'ObjectProperty', 'Property', 'ClassProperty', 'PropertyDefinition', 'ClassPrivateProperty', 'ClassAccessorProperty', 'AccessorProperty');
  add(['argument'], 'SpreadElement', 'RestElement', 'ReturnStatement', 'UnaryExpression', 'UpdateExpression', 'AwaitExpression', 'YieldExpression', 'ThrowStatement');
  add(['expression'], 'ExpressionStatement', 'ParenthesizedExpression', 'ChainExpression', 'JSXExpressionContainer', 'JSXSpreadChild', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression');
  add(['body'], 'Program', 'BlockStatement', 'StaticBlock', 'ClassBody', 'TSModuleBlock');
  add(['declarations'], 'VariableDeclaration');
  add(['id', 'init'], 'VariableDeclarator');
  add(['test', 'consequent', 'alternate'], 'IfStatement', 'ConditionalExpression');
  add(['left', 'right'], 'AssignmentExpression', 'BinaryExpression', 'LogicalExpression', 'AssignmentPattern');
  add(['expressions'], 'TemplateLiteral', 'SequenceExpression');
  add(['tag', 'quasi'], 'TaggedTemplateExpression');
  add(['init', 'test', 'update', 'body'], 'ForStatement');
  add(['left', 'right', 'body'], 'ForInStatement', 'ForOfStatement');
  add(['test', 'body'], 'WhileStatement', 'DoWhileStatement');
  add(['label', 'body'], 'LabeledStatement');
  add(['object', 'body'], 'WithStatement');
  add(['block', 'handler', 'finalizer'], 'TryStatement');
  add(['param', 'body'], 'CatchClause');
  add(['discriminant', 'cases'], 'SwitchStatement');
  add(['test', 'consequent'], 'SwitchCase');
  add(['declaration'], 'ExportNamedDeclaration', 'ExportDefaultDeclaration');
  add(['id', 'superClass', 'body', 'decorators'], 'ClassDeclaration', 'ClassExpression');
  add(['expression'], 'Decorator');
  add(['openingElement', 'children', 'closingElement'], 'JSXElement');
  add(['openingFragment', 'children', 'closingFragment'], 'JSXFragment');
  add(['name', 'attributes'], 'JSXOpeningElement');
  add(['name', 'value'], 'JSXAttribute');
  add(['argument'], 'JSXSpreadAttribute');
  add(['object', 'property'], 'JSXMemberExpression');
  return table;
})();

/** The fields of a node that may hold value nodes. Own keys only: Babel's nodes inherit enumerable helpers. */
function childFields(node: AnyNode): readonly string[] {
  return CHILD_FIELDS[node.type] || Object.keys(node).filter((field) => !NOT_CHILDREN.has(field));
}

/** Calls `visit(child, context)` on each child (a context argument rather than a closure per node: this runs on every node). */
function forEachChild<C>(node: AnyNode, context: C, visit: (child: AnyNode, context: C) => void): void {
  const fields = childFields(node);
  for (let index = 0; index < fields.length; index++) {
    const value = node[fields[index]];
    if (Array.isArray(value)) {
      for (let item = 0; item < value.length; item++) if (isNode(value[item])) visit(value[item], context);
    } else if (isNode(value)) visit(value, context);
  }
}

// ---------------------------------------------------------------------------------------
// Declarations, read per scope on the first lookup.

type Declared = Omit<Binding, 'name' | 'declarations' | 'home'>;

function declare(scope: Scope, name: string, binding: Declared): void {
  const bindings = scope.bindings!;
  const existing = bindings.get(name);
  if (existing) existing.declarations++;
  else bindings.set(name, { ...binding, name, home: scope, declarations: 1 });
}

/** `keys`: the path from `init` to this pattern; null once a step cannot be named. */
function declarePattern(scope: Scope, pattern: AnyNode, binding: Declared, keys: string[] | null = []): void {
  switch (pattern.type) {
    case 'Identifier': {
      const { init, ...rest } = binding;
      const name = pattern.name as string;
      if (!init || !keys) declare(scope, name, rest);
      else if (keys.length) declare(scope, name, { ...rest, destructured: { init, keys } });
      else declare(scope, name, binding);
      return;
    }
    case 'ObjectPattern':
      for (const property of pattern.properties as AnyNode[]) {
        if (property.type === 'RestElement') declarePattern(scope, property.argument as AnyNode, binding, null);
        else {
          const key = propertyKey(property);
          declarePattern(scope, property.value as AnyNode, binding, keys && key !== undefined ? [...keys, key] : null);
        }
      }
      return;
    case 'ArrayPattern':
      for (const element of pattern.elements as (AnyNode | null)[]) if (element) declarePattern(scope, element, binding, null);
      return;
    case 'AssignmentPattern':
      return declarePattern(scope, pattern.left as AnyNode, binding, null);
    case 'RestElement':
      return declarePattern(scope, pattern.argument as AnyNode, binding, null);
    case 'TSParameterProperty':
      return declarePattern(scope, pattern.parameter as AnyNode, binding, keys);
  }
}

function declareVariables(target: Scope, declaration: AnyNode, evaluatedIn: Scope): void {
  for (const declarator of declaration.declarations as AnyNode[]) {
    const init = declarator.init as AnyNode | null;
    declarePattern(target, declarator.id as AnyNode, { kind: 'variable', scope: evaluatedIn, ...(init ? { init } : {}) });
  }
}

/** The declarations a statement list makes in `scope` itself (`var` only where the scope hoists). */
function declareStatements(scope: Scope, statements: readonly AnyNode[]): void {
  for (let statement of statements) {
    if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && isNode(statement.declaration)) statement = statement.declaration;
    switch (statement.type) {
      case 'VariableDeclaration':
        if (statement.kind !== 'var') declareVariables(scope, statement, scope);
        break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'TSEnumDeclaration':
        if (statement.id) declare(scope, (statement.id as AnyNode).name as string, { kind: 'other', scope });
        break;
      case 'TSModuleDeclaration':
        if ((statement.id as AnyNode).type === 'Identifier') declare(scope, (statement.id as AnyNode).name as string, { kind: 'other', scope });
        break;
      case 'ImportDeclaration':
        for (const specifier of statement.specifiers as AnyNode[]) {
          const imported = specifier.imported as AnyNode | undefined;
          const name = specifier.type === 'ImportSpecifier' ? ((imported!.name ?? imported!.value) as string) : specifier.type === 'ImportDefaultSpecifier' ? 'default' : '*';
          declare(scope, (specifier.local as AnyNode).name as string, { kind: 'import', scope, imported: { source: (statement.source as AnyNode).value as string, name } });
        }
        break;
      case 'TSImportEqualsDeclaration': {
        const reference = statement.moduleReference as AnyNode;
        const source = reference.type === 'TSExternalModuleReference' ? ((reference.expression as AnyNode).value as string) : undefined;
        declare(scope, (statement.id as AnyNode).name as string, source === undefined ? { kind: 'other', scope } : { kind: 'import', scope, imported: { source, name: '*' } });
        break;
      }
    }
  }
  if (scope.hoists) for (const statement of statements) hoistVars(scope, statement, scope);
}

/** `var` declarations anywhere in a function or module body outside nested functions; `at` is the block they sit in. */
function hoistVars(target: Scope, statement: AnyNode, at: Scope): void {
  if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && isNode(statement.declaration)) statement = statement.declaration;
  switch (statement.type) {
    case 'VariableDeclaration':
      if (statement.kind === 'var') declareVariables(target, statement, at);
      return;
    case 'BlockStatement':
    case 'StaticBlock': {
      if (statement.type === 'StaticBlock') return; // a class static block is its own var scope
      const inner = newScope(statement, at, false);
      for (const child of statement.body as AnyNode[]) hoistVars(target, child, inner);
      return;
    }
    case 'IfStatement':
      hoistVars(target, statement.consequent as AnyNode, at);
      if (statement.alternate) hoistVars(target, statement.alternate as AnyNode, at);
      return;
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const inner = newScope(statement, at, false);
      const head = (statement.type === 'ForStatement' ? statement.init : statement.left) as AnyNode | null;
      if (head && head.type === 'VariableDeclaration') hoistVars(target, head, inner);
      hoistVars(target, statement.body as AnyNode, inner);
      return;
    }
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      hoistVars(target, statement.body as AnyNode, at);
      return;
    case 'TryStatement':
      hoistVars(target, statement.block as AnyNode, at);
      if (statement.handler) {
        const handler = statement.handler as AnyNode;
        hoistVars(target, handler.body as AnyNode, newScope(handler, at, false));
      }
      if (statement.finalizer) hoistVars(target, statement.finalizer as AnyNode, at);
      return;
    case 'SwitchStatement': {
      const inner = newScope(statement, at, false);
      for (const switchCase of statement.cases as AnyNode[]) for (const child of switchCase.consequent as AnyNode[]) hoistVars(target, child, inner);
      return;
    }
  }
}

function readBindings(scope: Scope): Map<string, Binding> {
  scope.bindings = new Map();
  const node = scope.node;
  if (FUNCTIONS.has(node.type)) {
    const id = node.id as AnyNode | null;
    if (node.type === 'FunctionExpression' && id) declare(scope, id.name as string, { kind: 'other', scope });
    (node.params as AnyNode[]).forEach((param, index) => declarePattern(scope, param, { kind: 'param', scope, param: { fn: node, index } }, null));
    const body = node.body as AnyNode | null;
    if (body && body.type === 'BlockStatement') declareStatements(scope, body.body as AnyNode[]);
    return scope.bindings;
  }
  switch (node.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
    case 'TSModuleBlock':
      declareStatements(scope, node.body as AnyNode[]);
      break;
    case 'SwitchStatement':
      declareStatements(scope, (node.cases as AnyNode[]).flatMap((switchCase) => switchCase.consequent as AnyNode[]));
      break;
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const head = (node.type === 'ForStatement' ? node.init : node.left) as AnyNode | null;
      if (head && head.type === 'VariableDeclaration' && head.kind !== 'var') declareVariables(scope, head, scope);
      break;
    }
    case 'CatchClause':
      if (node.param) declarePattern(scope, node.param as AnyNode, { kind: 'other', scope }, null);
      break;
    case 'ClassExpression':
      if (node.id) declare(scope, (node.id as AnyNode).name as string, { kind: 'other', scope });
      break;
  }
  return scope.bindings;
}

export function lookup(scope: Scope | undefined, name: string): Binding | undefined {
  for (; scope; scope = scope.parent) {
    const binding = (scope.bindings || readBindings(scope)).get(name);
    if (binding) return binding;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Writes, read per scope when a binding's value is first asked for. A write to a name
// anywhere below the declaring scope counts, even one to a shadowing name: that may only
// make a value unknown, never invent one.

function readWrites(scope: Scope): Map<string, Writes> {
  const writes = new Map<string, Writes>();
  const entry = (name: string) => {
    let found = writes.get(name);
    if (!found) writes.set(name, (found = { reassigned: false, keys: new Set() }));
    return found;
  };
  const recordWrite = (target: AnyNode): void => {
    target = unwrap(target);
    switch (target.type) {
      case 'Identifier':
        entry(target.name as string).reassigned = true;
        return;
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        let member = target;
        while (isMember(unwrap(member.object as AnyNode))) member = unwrap(member.object as AnyNode);
        const root = unwrap(member.object as AnyNode);
        if (root.type === 'Identifier') entry(root.name as string).keys.add(memberKey(member) ?? ANY_KEY);
        return;
      }
      case 'ObjectPattern':
        for (const property of target.properties as AnyNode[]) recordWrite((property.type === 'RestElement' ? property.argument : property.value) as AnyNode);
        return;
      case 'ArrayPattern':
        for (const element of target.elements as (AnyNode | null)[]) if (element) recordWrite(element);
        return;
      case 'AssignmentPattern':
        return recordWrite(target.left as AnyNode);
      case 'RestElement':
        return recordWrite(target.argument as AnyNode);
    }
  };
  /** An object changed in place as a whole (`Object.assign(x, ...)`, `list.splice(...)`). */
  const recordMutation = (target: AnyNode) => {
    target = unwrap(target);
    if (target.type === 'Identifier') entry(target.name as string).keys.add(ANY_KEY);
    else if (isMember(target)) recordWrite(target);
  };
  const visit = (node: AnyNode): void => {
    switch (node.type) {
      case 'AssignmentExpression':
        recordWrite(node.left as AnyNode);
        break;
      case 'UpdateExpression':
        recordWrite(node.argument as AnyNode);
        break;
      case 'UnaryExpression':
        if (node.operator === 'delete') recordWrite(node.argument as AnyNode);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if ((node.left as AnyNode).type !== 'VariableDeclaration') recordWrite(node.left as AnyNode);
        break;
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression': {
        const callee = unwrap(node.callee as AnyNode);
        const method = isMember(callee) ? memberKey(callee) : undefined;
        if (method !== undefined) {
          const [first] = node.arguments as AnyNode[];
          if (ARRAY_MUTATORS.has(method)) recordMutation(callee.object as AnyNode);
          const owner = unwrap(callee.object as AnyNode);
          if (first && owner.type === 'Identifier' && OBJECT_MUTATORS[owner.name as string]?.has(method)) recordMutation(first);
        }
        break;
      }
      default:
        if (TYPE_ONLY.has(node.type)) return;
    }
    forEachChild(node, undefined, visit);
  };
  visit(scope.node);
  return (scope.writes = writes);
}

/** True when the binding holds the value of its one declaration wherever it is read. */
export function isStable(binding: Binding): boolean {
  if (binding.declarations !== 1) return false;
  const home = binding.home!;
  const writes = (home.writes || readWrites(home)).get(binding.name);
  return !writes || !writes.reassigned;
}

/** Keys written into or deleted from the bound object after its declaration; `*` for any key. */
export function mutatedKeys(binding: Binding): Set<string> | undefined {
  const home = binding.home!;
  const writes = (home.writes || readWrites(home)).get(binding.name);
  return writes && writes.keys.size ? writes.keys : undefined;
}


// ---------------------------------------------------------------------------------------
// The walk over the program.

/** Where a node starts and ends in the source text: Babel and espree write `start`/`end`, typescript-eslint only `range`. */
function startOf(node: AnyNode): number {
  return node.range ? (node.range as number[])[0] : (node.start as number);
}
function endOf(node: AnyNode): number {
  return node.range ? (node.range as number[])[1] : (node.end as number);
}

/** Every offset at which one of `words` occurs in `text`, in order. */
function offsetsOf(text: string, words: Iterable<string>): number[] {
  const offsets: number[] = [];
  for (const word of words) for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) offsets.push(at);
  return offsets.sort((a, b) => a - b);
}

/** True when some offset lies inside the node's text. */
function holdsAny(node: AnyNode, offsets: readonly number[]): boolean {
  const start = startOf(node);
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle] < start) low = middle + 1;
    else high = middle;
  }
  return low < offsets.length && offsets[low] < endOf(node);
}

/** A name bound to something that can never be a sink function is no alias. */
const NEVER_ALIASES = new Set(['ObjectExpression', 'ArrayExpression', 'ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'TemplateLiteral', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'Literal', 'BinaryExpression']);

/** Alias rounds (`a = wx.cloud.callFunction`, `b = a`, ...) beyond this many are not followed. */
const MAX_ALIAS_ROUNDS = 8;

/**
 * Finds the calls that can matter and the scope of each: member calls named like a sink
 * (one of `sinks`: the method names a rule is about),
 * and calls of names that may alias one (imported, required, or bound to a member, a name
 * or a destructuring that mentions a sink); plus the callbacks given to `.then` on the way.
 *
 * Given the source text, the walk descends only into nodes whose text holds a sink's name
 * (then, round by round, the name of an alias found): every finding needs a call whose
 * callee spells one of them, and the scopes on the way to it are all it needs. Without the
 * text, it walks the whole program.
 */
export function collectProgram(program: AnyNode, sinks: ReadonlySet<string>, text?: string): ProgramModel {
  const calls: CallSite[] = [];
  const callNodes = new Set<AnyNode>();
  const thenTargets = new Map<AnyNode, CallSite>();
  /** Names that may alias a sink; an identifier call of another name is passed over. */
  const aliases = new Set<string>(sinks);
  let newAliases: string[] = [];
  const identifierCalls: CallSite[] = [];
  /** One scope object per scope node, shared by the rounds. */
  const scopes = new Map<AnyNode, Scope>();
  let targets: readonly number[] | undefined;

  const scopeOf = (node: AnyNode, parent: Scope | undefined, hoists: boolean): Scope => {
    let scope = scopes.get(node);
    if (!scope) scopes.set(node, (scope = newScope(node, parent, hoists)));
    return scope;
  };
  const noteAlias = (name: string) => {
    if (aliases.has(name)) return;
    aliases.add(name);
    newAliases.push(name);
  };
  const noteAliases = (pattern: AnyNode): void => {
    switch (pattern.type) {
      case 'Identifier':
        return noteAlias(pattern.name as string);
      case 'ObjectPattern':
        for (const property of pattern.properties as AnyNode[]) noteAliases((property.type === 'RestElement' ? property.argument : property.value) as AnyNode);
        return;
      case 'AssignmentPattern':
        return noteAliases(pattern.left as AnyNode);
    }
  };
  const addCall = (site: CallSite) => {
    if (callNodes.has(site.node)) return;
    callNodes.add(site.node);
    calls.push(site);
  };

  const visitChild = (child: AnyNode, scope: Scope): void => {
    if (!targets || holdsAny(child, targets)) visit(child, scope);
  };

  const visit = (node: AnyNode, scope: Scope): void => {
    switch (node.type) {
      case 'Identifier':
        return; // the commonest node, with nothing below
      case 'CallExpression':
      case 'OptionalCallExpression': {
        const callee = unwrap(node.callee as AnyNode);
        if (isMember(callee)) {
          const method = memberKey(callee);
          if (method !== undefined && sinks.has(method)) addCall({ node, scope });
          else if (method === 'then') {
            const [first] = node.arguments as AnyNode[];
            if (first && FUNCTIONS.has(first.type)) thenTargets.set(first, { node: callee.object as AnyNode, scope });
          }
        } else if (callee.type === 'Identifier') identifierCalls.push({ node, scope });
        break;
      }
      case 'VariableDeclarator': {
        const init = node.init as AnyNode | null;
        if (init && !NEVER_ALIASES.has(unwrap(init).type)) noteAliases(node.id as AnyNode);
        break;
      }
      case 'ImportDeclaration':
        for (const specifier of node.specifiers as AnyNode[]) noteAlias((specifier.local as AnyNode).name as string);
        return;
      case 'TSImportEqualsDeclaration':
        noteAlias((node.id as AnyNode).name as string);
        return;
      default:
        if (TYPE_ONLY.has(node.type)) return;
    }
    if (FUNCTIONS.has(node.type)) {
      if (node.computed) visitChild(node.key as AnyNode, scope); // Babel's methods carry their own key
      const inner = scopeOf(node, scope, true);
      for (const param of node.params as AnyNode[]) visitChild(param, inner); // default values
      const body = node.body as AnyNode | null;
      if (!body) return; // TypeScript overload signatures
      if (body.type === 'BlockStatement') forEachChild(body, inner, visitChild);
      else visitChild(body, inner);
      return;
    }
    if (BLOCK_SCOPES.has(node.type) || (node.type === 'ClassExpression' && node.id)) return forEachChild(node, scopeOf(node, scope, false), visitChild);
    if (node.type === 'TSModuleDeclaration') {
      if (node.body) visitChild(node.body as AnyNode, scopeOf(node.body as AnyNode, scope, true));
      return;
    }
    forEachChild(node, scope, visitChild);
  };

  const programScope = scopeOf(program, undefined, true);
  if (text === undefined) visit(program, programScope);
  else {
    newAliases = [...sinks];
    for (let round = 0; round < MAX_ALIAS_ROUNDS && newAliases.length; round++) {
      targets = offsetsOf(text, newAliases);
      newAliases = [];
      visit(program, programScope);
    }
  }
  for (const site of identifierCalls) if (aliases.has(unwrap(site.node.callee as AnyNode).name as string)) addCall(site);
  return { calls, thenTargets };
}
