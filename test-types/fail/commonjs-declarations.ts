// @options: {"module": "node16", "moduleResolution": "node16"}
// CommonJS resolution reads dist/index.d.ts (the "require" condition): the same checks hold.
import { buildCallData, cloudID } from 'miniprogram-cloudid';

buildCallData({ shareInfo: cloudID('cloud-id'), phone: wx.cloud.CloudID('cloud-id') });
// @expect-error CloudID must be a top-level field: obj.phone
buildCallData({ obj: { phone: wx.cloud.CloudID('cloud-id') } });
