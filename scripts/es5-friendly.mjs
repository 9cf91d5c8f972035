/**
 * Rewrites the mini program build (miniprogram_dist/index.js) so that WeChat DevTools'
 * default "compile JS to ES5" (Babel; helpers from @babel/runtime) adds little to it,
 * while the file stays a CommonJS script that runs as it is on any ES2015 runtime.
 *
 * Babel pays for `class` with five helper modules (`extends Error` among them) and
 * a wrapper per class; the rest of ES2015 (arrows, template literals, const/let, default
 * parameters) it lowers with few or none. So classes, and only classes, become ES5 here:
 * a constructor function and the methods on the prototype as TypeScript's ES5 emit puts
 * them. The client has two shapes: plain classes (tickets, phone codes) and its one error
 * class, which extends `Error`: that one gets `inherit(Class, Error)` (the prototype links
 * `extends` makes) and builds its instance with `Reflect.construct(Error, args,
 * this.constructor)`, so the error is created for the class constructed and `instanceof`,
 * `name` and the stack trace stay right whether the file is compiled again or not.
 *
 * A class shape this rewrite does not know (a superclass other than a native error, static
 * members, getters and setters, computed keys, `super.x`, `new.target`, a constructor that
 * returns, a class expression other than the only value of a declaration) fails the build
 * instead of shipping wrong.
 */
import { parseSync, transformAsync, types as t } from '@babel/core';

const NATIVE_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError']);

/** Links a constructor function to its superclass the way `class ... extends` does. */
const INHERIT = `
function inherit(Class, Super) {
    Object.setPrototypeOf(Class.prototype, Super.prototype);
    return Object.setPrototypeOf(Class, Super);
}`;

function unsupported(path, what) {
  throw path.buildCodeFrameError(`es5-friendly: ${what} is not supported; extend scripts/es5-friendly.mjs or write it without`);
}

/** Replaces `this` in `body` (and in arrow functions in it, not in other functions) with `self`. */
function replaceThis(bodyPath, self) {
  bodyPath.traverse({
    Function(path) {
      if (!path.isArrowFunctionExpression()) path.skip();
    },
    ThisExpression(path) {
      path.replaceWith(t.identifier(self));
    },
  });
}

/** The constructor function (an expression) for `classPath`, a class declaration; `superClass` is absent or a native error. */
function lowerConstructor(classPath, name, superClass, constructorPath) {
  const id = t.identifier(name);
  // What `super(...)` does for a native error: the error is built for the class actually
  // constructed (its prototype, its stack captured here).
  const callSuper = (args) => {
    const newTarget = t.memberExpression(t.thisExpression(), t.identifier('constructor'));
    return t.callExpression(t.memberExpression(t.identifier('Reflect'), t.identifier('construct')), [superClass, args, newTarget]);
  };
  if (!constructorPath) {
    return t.functionExpression(id, [], t.blockStatement(superClass ? [t.returnStatement(callSuper(t.identifier('arguments')))] : []));
  }
  const body = constructorPath.get('body');
  body.traverse({
    Function(path) {
      path.skip();
    },
    ReturnStatement(path) {
      unsupported(path, 'return in a class constructor');
    },
  });
  if (!superClass) return t.functionExpression(id, constructorPath.node.params, body.node);

  const statements = body.get('body');
  const superIndex = statements.findIndex((statement) => statement.isExpressionStatement() && statement.get('expression').isCallExpression() && statement.get('expression.callee').isSuper());
  if (superIndex < 0) unsupported(constructorPath, 'a derived constructor whose super() is not a statement of its own');
  const self = classPath.scope.generateUid('this');
  const args = statements[superIndex].node.expression.arguments;
  if (args.some((arg) => t.isSpreadElement(arg))) unsupported(statements[superIndex], 'a spread argument to super()');
  const created = callSuper(t.arrayExpression(args));
  if (superIndex === statements.length - 1) {
    statements[superIndex].replaceWith(t.returnStatement(created));
  } else {
    statements[superIndex].replaceWith(t.variableDeclaration('var', [t.variableDeclarator(t.identifier(self), created)]));
    for (const statement of statements.slice(superIndex + 1)) replaceThis(statement, self);
    body.pushContainer('body', t.returnStatement(t.identifier(self)));
  }
  return t.functionExpression(id, constructorPath.node.params, body.node);
}

/**
 * The statements that put the class's methods on its prototype, as TypeScript's ES5 emit
 * does: assigned (so enumerable, unlike on a class, which is the cheapest form and what
 * TypeScript users already ship).
 */
function prototypeMembers(name, methods) {
  return methods.map(({ key, params, body }) =>
    t.expressionStatement(t.assignmentExpression('=', t.memberExpression(t.memberExpression(t.identifier(name), t.identifier('prototype')), key), t.functionExpression(null, params, body))),
  );
}

function lowerClass(path, state) {
  const { node } = path;
  if (node.decorators && node.decorators.length) unsupported(path, 'a decorator');
  let superCalls = 0;
  path.traverse({
    Super(superPath) {
      if (!superPath.parentPath.isCallExpression()) unsupported(superPath, '`super.member`');
      if (++superCalls > 1) unsupported(superPath, 'more than one super() call');
    },
    MetaProperty(metaPath) {
      unsupported(metaPath, '`new.target`');
    },
    Function(functionPath) {
      if (!functionPath.isArrowFunctionExpression() && !functionPath.isClassMethod()) functionPath.skip();
    },
  });
  // A class expression only as `let Binding = class Name {...}` (how rollup keeps a class's
  // own name when its binding is renamed): the function takes the class's name, the binding stays.
  const declarator = path.isClassExpression() ? path.parentPath : undefined;
  if (declarator && !(declarator.isVariableDeclarator() && t.isIdentifier(declarator.node.id) && declarator.parentPath.node.declarations.length === 1)) {
    unsupported(path, 'a class expression other than the only value of a declaration');
  }
  const binding = declarator ? declarator.node.id.name : node.id.name;
  const name = node.id ? node.id.name : binding;
  const superClass = node.superClass;
  if (superClass && !(t.isIdentifier(superClass) && NATIVE_ERRORS.has(superClass.name) && !path.scope.hasBinding(superClass.name, true))) {
    unsupported(path.get('superClass'), 'a superclass other than a native error');
  }
  let constructorPath;
  const methods = [];
  for (const member of path.get('body.body')) {
    const { static: isStatic, computed, async, generator, key, kind } = member.node;
    if (!member.isClassMethod() || (kind !== 'constructor' && kind !== 'method') || isStatic || computed || async || generator || !t.isIdentifier(key)) {
      unsupported(member, 'a class member other than a constructor or method');
    }
    if (kind === 'constructor') constructorPath = member;
    else methods.push(member.node);
  }
  let value = lowerConstructor(path, name, superClass, constructorPath);
  if (superClass) {
    state.needsInherit = true;
    value = t.callExpression(t.identifier('inherit'), [value, t.identifier(superClass.name)]);
  }
  if (declarator) {
    const statement = declarator.parentPath;
    statement.node.kind = 'var';
    path.replaceWith(value);
    statement.insertAfter(prototypeMembers(binding, methods));
    return;
  }
  const replacement = [t.variableDeclaration('var', [t.variableDeclarator(t.identifier(name), value)])];
  replacement.push(...prototypeMembers(name, methods));
  // The function takes over the class's name in its scope.
  const scope = path.parentPath.scope;
  scope.removeBinding(name);
  const [declaration] = path.replaceWithMultiple(replacement);
  scope.registerDeclaration(declaration);
}

/** The Babel plugin: the rewrites above, and the helper they use, once at the top. */
function es5FriendlyPlugin() {
  return {
    name: 'es5-friendly',
    pre() {
      this.needsInherit = false;
    },
    visitor: {
      Program: {
        enter(path) {
          if (path.scope.hasBinding('inherit')) throw path.buildCodeFrameError('es5-friendly: the bundle already declares `inherit`');
        },
        exit(path, state) {
          // After the directives ('use strict'), before the code.
          if (state.needsInherit) path.unshiftContainer('body', parseStatements(INHERIT));
        },
      },
      Class(path, state) {
        lowerClass(path, state);
      },
    },
  };
}

const parseStatements = (source) => parseSync(source, { babelrc: false, configFile: false, sourceType: 'script' }).program.body;

/** Rewrites `code` (a CommonJS script); returns the new code. */
export async function es5Friendly(code, filename) {
  const result = await transformAsync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: 'script',
    compact: false,
    retainLines: false,
    plugins: [es5FriendlyPlugin],
  });
  return result.code;
}

/** The rollup plugin for the mini program output. */
export function es5FriendlyOutput() {
  return {
    name: 'es5-friendly',
    async renderChunk(code, chunk) {
      return { code: await es5Friendly(code, chunk.fileName), map: null };
    },
  };
}
