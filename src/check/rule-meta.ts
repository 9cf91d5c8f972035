import { MAX_CLOUD_IDS_PER_CALL, OPENAPI_NO_PERMISSION, PHONE_NUMBER_OPENAPI } from '../core/rules';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';

/** The rules that judge one source file: the ESLint plugin's rules, and the command's. */
export type SourceRuleName = 'top-level' | 'max-five' | 'no-cloudid-in-container';

/**
 * Every rule, by its name inside the plugin (`cloudid/<name>` from outside). `phone-number-permission`
 * judges a cloud function's folder (its code and its config.json), so only the command runs it.
 */
export type RuleName = SourceRuleName | 'phone-number-permission';

/** A rule's id as ESLint and the checker print it. */
export type RuleId = `cloudid/${RuleName}`;

/** The prefix ESLint users register the plugin under (`plugins: { cloudid }`). */
export const PLUGIN_NAMESPACE = 'cloudid';

/**
 * Where each rule's page lives; ESLint prints it as the rule's docs URL. The pages ship in the
 * package (docs/rules/), and a public npm CDN serves every file of every published version.
 */
const DOCS_BASE_URL = `https://unpkg.com/${PACKAGE_NAME}@${PACKAGE_VERSION}/docs/rules/`;

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
  'phone-number-permission': {
    description: `Require "${PHONE_NUMBER_OPENAPI}" in permissions.openapi of the config.json of a cloud function that exchanges phone codes, without which the exchange fails at run time.`,
    url: `${DOCS_BASE_URL}phone-number-permission.md`,
    messageId: 'phonePermission',
    // `problem` says what config.json lacks, `exchange` how the code exchanges, `fix` what to change.
    message: `{{problem}}: this cloud function exchanges phone codes ({{exchange}}), which fails with ${OPENAPI_NO_PERMISSION.errCode} without it. {{fix}}`,
  },
};

export const RULE_NAMES = Object.keys(RULE_META) as RuleName[];

/** The rules the ESLint plugin has. */
export const SOURCE_RULE_NAMES: readonly SourceRuleName[] = ['top-level', 'max-five', 'no-cloudid-in-container'];

export function ruleId(name: RuleName): RuleId {
  return `${PLUGIN_NAMESPACE}/${name}`;
}

/** Fills an ESLint-style message template, exactly as ESLint does for `messageId` reports. */
export function formatMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (match, name: string) => (name in data ? data[name] : match));
}
