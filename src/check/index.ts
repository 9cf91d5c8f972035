/**
 * miniprogram-cloudid/check: the static checker behind the `cloudid-check` command and
 * the ESLint plugin. It finds CloudIDs nested inside cloud function call data, and more
 * CloudIDs at its top level than one call replaces.
 */
export { checkSource } from './check-source';
export type { Diagnostic } from './check-source';
export { RULE_META } from './rule-meta';
export type { RuleId, RuleName, RuleMeta, SourceRuleName } from './rule-meta';
export { SourceSyntaxError, isCloudIdError } from '../core/errors';
