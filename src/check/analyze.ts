import type * as ESTree from 'estree';
import { formatDataPath } from '../core/data-path';
import { MAX_CLOUD_IDS_PER_CALL } from '../core/rules';
import { isCall, unwrap, type AnyNode } from './ast';
import { PACKAGE_NAME } from './package-info';
import { alternatives, Resolver, type Field, type Value } from './resolve';
import type { SourceRuleName } from './rule-meta';
import { collectProgram, type ProgramModel, type Scope } from './scope';

/** One problem, before it is worded: the rule, where, and the data its message template needs. */
export interface Finding {
  rule: SourceRuleName;
  /** Dotted path inside `data` (`obj.shareInfo`, `list[0]`). */
  path: string;
  data: Record<string, string>;
  loc: ESTree.SourceLocation;
}

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

/** Data is not searched deeper than this: no one writes a CloudID deeper, and the search stays far from the stack's end. */
const MAX_DATA_DEPTH = 200;

function isCloudIdEverywhere(value: Value): boolean {
  return alternatives(value).every((option) => option.kind === 'cloudId');
}

/** The call-data rules (`top-level`, `max-five`, `no-cloudid-in-container`) over one program. */
class CallDataRules {
  readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();
  private readonly resolver: Resolver;

  constructor(private readonly model: ProgramModel) {
    this.resolver = new Resolver(model);
  }

  run(): Finding[] {
    for (const { node, scope } of this.model.calls) this.checkCall(node, scope);
    return this.findings;
  }

  private checkCall(call: AnyNode, scope: Scope): void {
    const callee = unwrap(call.callee as AnyNode);
    const [first] = call.arguments as AnyNode[];
    if (!isCall(call) || !first) return;
    const entity = this.resolver.entityOf(callee, scope, 0);
    if (entity === 'package.buildCallData') return this.checkData(this.resolver.valueOf(first, scope, 0), 'function');
    const sink: Sink | undefined =
      entity === 'cloud.callFunction' || entity === 'package.callFunction'
        ? 'function'
        : entity === 'package.callContainer'
          ? 'package-container'
          : entity === 'cloud.callContainer'
            ? 'platform-container'
            : undefined;
    if (!sink) return;
    for (const options of alternatives(this.resolver.valueOf(first, scope, 0))) {
      if (options.kind !== 'object') continue;
      const data = this.resolver.fieldsOf(options, new Set(), 0).find((field) => field.key === 'data');
      if (data && data.certain) this.checkData(data.value, sink);
    }
  }

  /** The rules, on one value given as `data`. */
  private checkData(data: Value, sink: Sink): void {
    for (const option of alternatives(data)) {
      if (option.kind !== 'object') continue;
      const seen = new Set([option.node]);
      const cloudIds: Field[] = [];
      for (const field of this.resolver.fieldsOf(option, seen, 0)) {
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
          for (const field of this.resolver.fieldsOf(value, seen, 0)) if (field.certain) this.findNested(field.value, [...keys, field.key], field.node, inner, seen, sink);
        } else {
          for (const element of this.resolver.elementsOf(value, seen, 0).elements) this.findNested(element.value, [...keys, element.index], element.node, inner, seen, sink);
        }
        seen.delete(value.node);
      }
    }
  }

  private report(rule: SourceRuleName, path: string, node: AnyNode, data: Record<string, string>): void {
    const loc = node.loc as ESTree.SourceLocation;
    const key = `${rule} ${path} ${loc.start.line}:${loc.start.column}`;
    if (this.reported.has(key)) return; // the same object literal sent by several calls
    this.reported.add(key);
    this.findings.push({ rule, path, data, loc });
  }

}

/** True when `inner` is written inside `outer`'s source text. */
function contains(outer: AnyNode, inner: AnyNode): boolean {
  const a = outer.loc as ESTree.SourceLocation;
  const b = inner.loc as ESTree.SourceLocation;
  const before = (x: ESTree.Position, y: ESTree.Position) => x.line < y.line || (x.line === y.line && x.column <= y.column);
  return before(a.start, b.start) && before(b.end, a.end);
}

/**
 * Every finding needs a call of `callFunction`, `callContainer` or `buildCallData` and a
 * CloudID or PhoneCode made by `CloudID` or by this package, and each of them spells one of
 * these words in the source.
 */
const SINK_WORDS = ['callFunction', 'callContainer', 'buildCallData'];
const CLOUD_ID_WORDS = ['CloudID', PACKAGE_NAME];

/** The member calls the call-data rules are about; anything else called as `x.y()` is passed over. */
const SINKS: ReadonlySet<string> = new Set(SINK_WORDS);

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
  return new CallDataRules(collectProgram(program as AnyNode, SINKS, text)).run();
}
