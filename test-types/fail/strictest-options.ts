// @options: {"exactOptionalPropertyTypes": true, "noUncheckedIndexedAccess": true, "noPropertyAccessFromIndexSignature": true}
// The strictest compiler options change nothing: valid data passes, misplaced CloudIDs fail.
import { buildCallData, cloudID, type CallData, type CloudIdReference } from 'miniprogram-cloudid';
import { expectTrue, type Equal } from '../helpers';

interface Optional {
  shareInfo?: CloudIdReference;
  note?: string;
  list?: { id?: number }[];
}
declare const optional: Optional;
buildCallData(optional);
expectTrue<Equal<CallData<Optional>, Optional>>();

declare const nested: { group?: { shareInfo?: CloudIdReference } };
// @expect-error CloudID must be a top-level field: group.shareInfo
buildCallData(nested);
// @expect-error CloudID must be a top-level field: list[number]
buildCallData({ list: [cloudID('a')] });
