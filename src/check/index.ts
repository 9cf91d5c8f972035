/**
 * miniprogram-cloudid/check: the static checker behind the `cloudid-check` command and
 * the ESLint plugin. `checkSource` finds, in one file (a script or a `.vue`/`.mpx`
 * component), CloudIDs nested inside call data, more at its top level than one call
 * replaces, and platform CloudIDs sent to a container. (The cloud functions' permission
 * check needs their folders: the command runs it.)
 */
export { checkSource } from './check-source';
export type { Diagnostic } from './check-source';
export { RULE_META } from './rule-meta';
export type { RuleId, RuleName, RuleMeta, SourceRuleName } from './rule-meta';
export { SourceSyntaxError, isCloudIdError } from '../core/errors';
