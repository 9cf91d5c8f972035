import { parseExpression } from '@babel/parser';
import type * as ESTree from 'estree';
import * as fs from 'fs';
import * as path from 'path';
import { PHONE_NUMBER_OPENAPI } from '../core/rules';
import { propertyKey, type AnyNode } from './ast';
import type { Diagnostic } from './check-source';
import { EXCHANGE_WORDING, type PhoneExchange } from './phone-exchange';
import { RULE_META, formatMessage, ruleId } from './rule-meta';

/**
 * `cloudid/phone-number-permission`: a cloud function that exchanges phone codes through cloud
 * call must list the API in `permissions.openapi` of the `config.json` beside its code, or the
 * call fails at run time. Judged from what the function's own files show.
 */

/** The file beside a cloud function's code that declares what it may call. */
export const FUNCTION_CONFIG = 'config.json';

/** An entry this close to the permission's name (edits), or naming its category in any case, is a misspelling of it. */
const NEAR_MISS_EDITS = 3;
const PERMISSION_CATEGORY = PHONE_NUMBER_OPENAPI.slice(0, PHONE_NUMBER_OPENAPI.indexOf('.')).toLowerCase();
/** What to write, as the message shows it. */
const CONFIG_EXAMPLE = JSON.stringify({ permissions: { openapi: [PHONE_NUMBER_OPENAPI] } }).replace(/([:,])/g, '$1 ');

/** A phone-code exchange in one of a function's files. */
export interface FunctionExchange {
  /** Absolute path of the file. */
  file: string;
  exchange: PhoneExchange;
}

/** A problem of one function: a diagnostic on a file (config.json, or the exchange's file when config.json is missing), or config.json unreadable. */
export type PermissionProblem =
  | { filePath: string; diagnostic: Diagnostic }
  | { filePath: string; error: { kind: 'read' | 'parse'; message: string; line?: number; column?: number } };

/** Levenshtein distance, or `limit + 1` as soon as it is known to exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMinimum = Math.min(rowMinimum, current[j]);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** `"phonenumber.getPhoneNumberk"`, `"phoneNumber.getPhoneNumber"`, `"getPhoneNumber"`: meant as the permission, spelt otherwise. */
export function isNearMiss(entry: string): boolean {
  return entry !== PHONE_NUMBER_OPENAPI && (editDistance(entry, PHONE_NUMBER_OPENAPI, NEAR_MISS_EDITS) <= NEAR_MISS_EDITS || entry.toLowerCase().includes(PERMISSION_CATEGORY));
}

function diagnostic(loc: ESTree.SourceLocation, path: string, data: Record<string, string>): Diagnostic {
  const { start, end } = loc;
  return {
    rule: ruleId('phone-number-permission'),
    message: formatMessage(RULE_META['phone-number-permission'].message, data),
    line: start.line,
    column: start.column + 1,
    endLine: end.line,
    endColumn: end.column + 1,
    path,
  };
}

const JSON_EXPRESSION_OPTIONS = { errorRecovery: false, tokens: false, attachComment: false } as const;

/** Why config.json is not JSON, and where: Babel's position when it fails on the text too (Node's JSON.parse gives none on Node 20). */
function jsonError(text: string, error: Error): { message: string; line: number; column: number } {
  try {
    parseExpression(text, JSON_EXPRESSION_OPTIONS);
  } catch (babelError) {
    const { loc, message } = babelError as { loc?: { line: number; column: number }; message: string };
    if (loc) return { message: `not valid JSON: ${message.replace(/ \(\d+:\d+\)$/, '')}`, line: loc.line, column: loc.column + 1 };
  }
  return { message: `not valid JSON: ${error.message.replace(/\s+/g, ' ')}`, line: 1, column: 1 }; // valid JavaScript: comments, a trailing comma
}

/** The value of the last property named `key` of an object literal (the one JSON keeps). */
function propertyValueOf(node: AnyNode | undefined, key: string): AnyNode | undefined {
  if (!node || node.type !== 'ObjectExpression') return undefined;
  const property = (node.properties as AnyNode[]).filter((candidate) => propertyKey(candidate) === key).pop();
  return property && (property.value as AnyNode);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Judges one cloud function: `folder` is its directory, `exchanges` what its files exchange
 * (at least one), `display` how a path prints.
 */
export function judgePhonePermission(folder: string, exchanges: readonly FunctionExchange[], display: (file: string) => string): PermissionProblem[] {
  const [first] = exchanges;
  const configFile = path.join(folder, FUNCTION_CONFIG);
  const exchangeHere = EXCHANGE_WORDING[first.exchange.way];
  const exchangeThere = `${exchangeHere}, ${path.relative(folder, first.file).split(path.sep).join('/')}:${first.exchange.loc.start.line}`;

  let stats: fs.Stats | undefined;
  try {
    stats = fs.statSync(configFile, { throwIfNoEntry: false });
  } catch (error) {
    return [{ filePath: configFile, error: { kind: 'read', message: (error as Error).message } }];
  }
  if (!stats || !stats.isFile()) {
    return [
      {
        filePath: first.file,
        diagnostic: diagnostic(first.exchange.loc, '', {
          problem: `No ${FUNCTION_CONFIG} allows "${PHONE_NUMBER_OPENAPI}"`,
          exchange: exchangeHere,
          fix: `Create ${display(configFile)} with ${CONFIG_EXAMPLE}, then upload the function again.`,
        }),
      },
    ];
  }

  let text: string;
  let config: unknown;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch (error) {
    return [{ filePath: configFile, error: { kind: 'read', message: (error as Error).message } }];
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    config = JSON.parse(text);
  } catch (error) {
    return [{ filePath: configFile, error: { kind: 'parse', ...jsonError(text, error as Error) } }];
  }

  const permissions = isRecord(config) ? config.permissions : undefined;
  const openapi = isRecord(permissions) ? permissions.openapi : undefined;
  const entries = Array.isArray(openapi) ? openapi : [];
  if (entries.includes(PHONE_NUMBER_OPENAPI)) return [];

  // Positions from the same text parsed as an expression: JSON is one.
  let root: AnyNode | undefined;
  try {
    root = parseExpression(text, JSON_EXPRESSION_OPTIONS) as unknown as AnyNode;
  } catch {
    root = undefined; // valid JSON Babel refuses (a repeated "__proto__"): placed at the start
  }
  const permissionsNode = propertyValueOf(root, 'permissions');
  const openapiNode = propertyValueOf(permissionsNode, 'openapi');
  const elements = openapiNode && openapiNode.type === 'ArrayExpression' ? (openapiNode.elements as (AnyNode | null)[]) : [];
  const startOfFile: ESTree.SourceLocation = { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };

  const misspelt = entries.flatMap((entry, index) => {
    const node = elements[index];
    if (typeof entry !== 'string' || !isNearMiss(entry)) return [];
    return [
      {
        filePath: configFile,
        diagnostic: diagnostic(node && node.loc ? node.loc : startOfFile, `permissions.openapi[${index}]`, {
          problem: `${JSON.stringify(entry)} in permissions.openapi is not "${PHONE_NUMBER_OPENAPI}"`,
          exchange: exchangeThere,
          fix: `Correct it to "${PHONE_NUMBER_OPENAPI}", then upload the function again.`,
        }),
      },
    ];
  });
  if (misspelt.length) return misspelt;

  const [where, at] = openapiNode ? ['permissions.openapi', openapiNode] : permissionsNode ? ['permissions', permissionsNode] : ['', root];
  return [
    {
      filePath: configFile,
      diagnostic: diagnostic(at && at.loc ? at.loc : startOfFile, where, {
        problem: `permissions.openapi in ${FUNCTION_CONFIG} does not list "${PHONE_NUMBER_OPENAPI}"`,
        exchange: exchangeThere,
        fix: `Add it (${CONFIG_EXAMPLE}), then upload the function again.`,
      }),
    },
  ];
}
