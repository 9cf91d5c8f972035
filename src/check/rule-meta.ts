import { MAX_CLOUD_IDS_PER_CALL } from '../core/rules';

/** The rules, by their name inside the plugin (`cloudid/<name>` from outside). */
export type RuleName = 'top-level' | 'max-five';

/** A rule's id as ESLint and the checker print it. */
export type RuleId = `cloudid/${RuleName}`;

/** The prefix ESLint users register the plugin under (`plugins: { cloudid }`). */
export const PLUGIN_NAMESPACE = 'cloudid';

/** Where each rule's page lives; ESLint prints it as the rule's docs URL. */
const DOCS_BASE_URL = 'https://github.com/miniprogram-cloudid/miniprogram-cloudid/blob/main/docs/rules/';

export interface RuleMeta {
  description: string;
  url: string;
  messageId: string;
  /** ESLint-style template: `{{name}}` is replaced by the finding's data. */
  message: string;
}

export const RULE_META: Readonly<Record<RuleName, RuleMeta>> = {
  'top-level': {
    description: 'Disallow CloudIDs below the top level of cloud function call data, where the platform does not replace them.',
    url: `${DOCS_BASE_URL}top-level.md`,
    messageId: 'nested',
    message:
      'CloudID at {{path}} is nested: only top-level fields of data are replaced, so the cloud function receives the bare id string. Move it to the top level of data.',
  },
  'max-five': {
    description: `Disallow more than ${MAX_CLOUD_IDS_PER_CALL} CloudIDs at the top level of one cloud function call's data.`,
    url: `${DOCS_BASE_URL}max-five.md`,
    messageId: 'tooMany',
    message: `{{count}} CloudIDs at the top level of data ({{paths}}): at most ${MAX_CLOUD_IDS_PER_CALL} are replaced per call. Send the rest, from {{path}} on, in another call.`,
  },
};

export const RULE_NAMES = Object.keys(RULE_META) as RuleName[];

export function ruleId(name: RuleName): RuleId {
  return `${PLUGIN_NAMESPACE}/${name}`;
}

/** Fills an ESLint-style message template, exactly as ESLint does for `messageId` reports. */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (match, name: string) => (name in data ? data[name] : match));
}
