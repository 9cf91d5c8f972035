import { MAX_CLOUD_IDS_PER_CALL } from '../core/rules';

/** The rules, by their name inside the plugin (`cloudid/<name>` from outside). */
export type RuleName = 'top-level' | 'max-five' | 'no-cloudid-in-container';

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
    description: 'Disallow CloudIDs (and PhoneCodes) below the top level of call data, where the platform does not replace them and the backend does not read them.',
    url: `${DOCS_BASE_URL}top-level.md`,
    messageId: 'nested',
    // `value` and `reason` say what is nested and why that fails where this data goes.
    message: '{{value}} at {{path}} is nested: {{reason}} Move it to the top level of data.',
  },
  'max-five': {
    description: `Disallow more than ${MAX_CLOUD_IDS_PER_CALL} CloudIDs at the top level of one cloud function call's data.`,
    url: `${DOCS_BASE_URL}max-five.md`,
    messageId: 'tooMany',
    message: `{{count}} CloudIDs at the top level of data ({{paths}}): at most ${MAX_CLOUD_IDS_PER_CALL} are replaced per call. Send the rest, from {{path}} on, in another call.`,
  },
  'no-cloudid-in-container': {
    description: 'Disallow wx.cloud.CloudID objects in callContainer data: Cloud Hosting replaces no CloudID, so the container must get the id string and exchange it.',
    url: `${DOCS_BASE_URL}no-cloudid-in-container.md`,
    messageId: 'cloudIdInContainer',
    message:
      "wx.cloud.CloudID at {{path}} in callContainer data is never replaced: Cloud Hosting passes data through as it is. Send the ticket with this package's callContainer (it sends the id string), or send the id string itself, and exchange it in the container.",
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
