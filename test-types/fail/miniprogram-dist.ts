// @options: {"paths": {"miniprogram-cloudid": ["${root}/miniprogram_dist/index.d.ts"]}}
// The declarations shipped in miniprogram_dist/ (what WeChat DevTools copies into
// miniprogram_npm) carry the same checks and the same wx.cloud.CloudID brand.
import { buildCallData, cloudID } from 'miniprogram-cloudid';

buildCallData({ shareInfo: cloudID('cloud-id'), phone: wx.cloud.CloudID('cloud-id') });
// @expect-error CloudID must be a top-level field: obj.phone
buildCallData({ obj: { phone: wx.cloud.CloudID('cloud-id') } });
// @expect-error CloudID must be a top-level field: list[number]
buildCallData({ list: [cloudID('cloud-id')] });
