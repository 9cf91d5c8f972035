/**
 * miniprogram-cloudid/check: the static checker behind the `cloudid-check` command and
 * the ESLint plugin. It finds CloudIDs nested inside cloud function call data, and more
 * CloudIDs at its top level than one call replaces.
 */
import { isCloudIdError as isAnyCloudIdError, type CheckErrorCode, type CloudIdError } from '../core/errors';

export { checkSource } from './check-source';
export type { Diagnostic } from './check-source';
export { RULE_META } from './rule-meta';
export type { RuleId, RuleName, RuleMeta } from './rule-meta';
export { CloudIdError, type CheckErrorCode, type CloudIdErrorCode, type CloudIdErrorFields } from '../core/errors';

/** True for an error of this package (from any realm or copy of it); `switch (error.code)` then narrows to the codes this entry throws. */
export const isCloudIdError = isAnyCloudIdError as (value: unknown) => value is CloudIdError<CheckErrorCode>;
