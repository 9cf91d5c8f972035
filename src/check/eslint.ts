/**
 * miniprogram-cloudid/eslint: the checker's rules as an ESLint (flat config) plugin. The
 * rules run the checker's own analysis on the tree ESLint has already parsed.
 */
import type { ESLint, Linter, Rule } from 'eslint';
import { analyzeProgram, mayHaveFindings, type Finding } from './analyze';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';
import { PLUGIN_NAMESPACE, RULE_META, RULE_NAMES, ruleId, type RuleName } from './rule-meta';

export interface CloudIdPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: { recommended: Linter.Config };
}

/** Both rules share one analysis per file. */
const findingsByTree = new WeakMap<object, Finding[]>();

function findingsOf(context: Rule.RuleContext): Finding[] {
  const { ast, text } = context.sourceCode;
  let findings = findingsByTree.get(ast);
  if (!findings) {
    findings = mayHaveFindings(text) ? analyzeProgram(ast) : [];
    findingsByTree.set(ast, findings);
  }
  return findings;
}

function createRule(name: RuleName): Rule.RuleModule {
  const { description, url, messageId, message } = RULE_META[name];
  return {
    meta: {
      type: 'problem',
      docs: { description, url, recommended: true },
      messages: { [messageId]: message },
      schema: [],
    },
    create(context) {
      return {
        Program() {
          for (const finding of findingsOf(context)) {
            if (finding.rule === name) context.report({ loc: finding.loc, messageId, data: finding.data });
          }
        },
      };
    },
  };
}

const plugin: CloudIdPlugin = {
  meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION, namespace: PLUGIN_NAMESPACE },
  rules: Object.fromEntries(RULE_NAMES.map((name) => [name, createRule(name)])) as Record<RuleName, Rule.RuleModule>,
  configs: { recommended: {} },
};

/** `...cloudid.configs.recommended` in `eslint.config.js`: the plugin under `cloudid`, both rules as errors. */
plugin.configs.recommended = {
  name: `${PACKAGE_NAME}/recommended`,
  plugins: { [PLUGIN_NAMESPACE]: plugin },
  rules: Object.fromEntries(RULE_NAMES.map((name) => [ruleId(name), 'error'])),
};

export default plugin;
