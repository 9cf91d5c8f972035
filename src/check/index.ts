/**
 * miniprogram-cloudid/check: the static checker behind the `cloudid-check` command and
 * the ESLint plugin. `checkSource` finds, in one file (a script or a `.vue`/`.mpx`
 * component), CloudIDs nested inside call data, more at its top level than one call
 * replaces, and platform CloudIDs sent to a container. (The cloud functions' permission
 * check needs their folders: the command runs it.)
 */
import { isCloudIdError as isAnyCloudIdError, type CheckErrorCode, type CloudIdError } from '../core/errors';

export { checkSource } from './check-source';
export type { Diagnostic } from './check-source';
export { RULE_META } from './rule-meta';
export type { RuleId, RuleName, RuleMeta, SourceRuleName } from './rule-meta';
export { CloudIdError, type CheckErrorCode, type CloudIdErrorCode, type CloudIdErrorFields } from '../core/errors';

/** True for an error of this package (from any realm or copy of it); `switch (error.code)` then narrows to the codes this entry throws. */
export const isCloudIdError = isAnyCloudIdError as (value: unknown) => value is CloudIdError<CheckErrorCode>;
