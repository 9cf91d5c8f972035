/**
 * miniprogram-cloudid/eslint: the checker's rules as an ESLint (flat config) plugin. The
 * rules run the checker's own analysis on the tree ESLint has already parsed.
 */
import type { ESLint, Linter, Rule } from 'eslint';
import { analyzeProgram, mayHaveFindings, type Finding } from './analyze';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';
import { PLUGIN_NAMESPACE, RULE_META, SOURCE_RULE_NAMES, ruleId, type SourceRuleName } from './rule-meta';

export interface CloudIdPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<SourceRuleName, Rule.RuleModule>;
  configs: { recommended: Linter.Config };
}

/** One analysis per file, shared by the rules; `failure` when it could not be done. */
interface Analysis {
  findings: Finding[];
  failure?: string;
  /** The rule that reports the failure, so that it is reported once. */
  failureReporter?: SourceRuleName;
}

const analysisByTree = new WeakMap<object, Analysis>();

function analysisOf(context: Rule.RuleContext, name: SourceRuleName): Analysis {
  const { ast, text } = context.sourceCode;
  let analysis = analysisByTree.get(ast);
  if (!analysis) {
    try {
      analysis = { findings: mayHaveFindings(text) ? analyzeProgram(ast, text) : [] };
    } catch (error) {
      // A rule must never abort ESLint: the file is reported as unchecked, the lint run goes on.
      analysis = { findings: [], failure: String((error as Error)?.message ?? error), failureReporter: name };
    }
    analysisByTree.set(ast, analysis);
  }
  return analysis;
}

/** Each rule's message for a file the analysis could not handle. */
const FAILURE_MESSAGE_ID = 'unchecked';
const FAILURE_MESSAGE = 'This file could not be analysed ({{reason}}): its cloud function calls are unchecked.';

function createRule(name: SourceRuleName): Rule.RuleModule {
  const { description, url, messageId, message } = RULE_META[name];
  return {
    meta: {
      type: 'problem',
      docs: { description, url, recommended: true },
      messages: { [messageId]: message, [FAILURE_MESSAGE_ID]: FAILURE_MESSAGE },
      schema: [],
    },
    create(context) {
      return {
        Program(node) {
          const { findings, failure, failureReporter } = analysisOf(context, name);
          if (failure !== undefined && failureReporter === name) context.report({ node, messageId: FAILURE_MESSAGE_ID, data: { reason: failure } });
          for (const finding of findings) {
            if (finding.rule === name) context.report({ loc: finding.loc, messageId, data: finding.data });
          }
        },
      };
    },
  };
}

const plugin: CloudIdPlugin = {
  meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION, namespace: PLUGIN_NAMESPACE },
  rules: Object.fromEntries(SOURCE_RULE_NAMES.map((name) => [name, createRule(name)])) as Record<SourceRuleName, Rule.RuleModule>,
  configs: { recommended: {} },
};

/** `...cloudid.configs.recommended` in `eslint.config.js`: the plugin under `cloudid`, every rule as an error. */
plugin.configs.recommended = {
  name: `${PACKAGE_NAME}/recommended`,
  plugins: { [PLUGIN_NAMESPACE]: plugin },
  rules: Object.fromEntries(SOURCE_RULE_NAMES.map((name) => [ruleId(name), 'error'])),
};

export default plugin;
