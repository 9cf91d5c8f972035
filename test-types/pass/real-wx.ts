// The real typed `wx` from miniprogram-api-typings is accepted as it is: no cast, no wrapper.
import { createCloudId, type CloudIdClient } from 'miniprogram-cloudid';

const client: CloudIdClient = createCloudId({ wx });
const typed: WechatMiniprogram.Wx = wx;
createCloudId({ wx: typed, now: Date.now });

client.callContainer({ service: 'api', path: '/steps', data: { note: 'n' } }).then((response) => response.statusCode);
