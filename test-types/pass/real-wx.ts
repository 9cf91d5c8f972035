// The real typed `wx` from miniprogram-api-typings is accepted as it is: no cast, no wrapper.
import { createCloudId, type CloudIdClient, type CloudIdTicket } from 'miniprogram-cloudid';

const client: CloudIdClient = createCloudId({ wx });
const typed: WechatMiniprogram.Wx = wx;
createCloudId({ wx: typed, now: Date.now });

// callContainer's data is CallData<T>, as callFunction's: a top-level ticket compiles, a nested one does not.
declare const weRunData: CloudIdTicket<'getWeRunData'>;
client.callContainer({ service: 'api', path: '/steps', data: { weRunData, note: 'n' } }).then((response) => response.statusCode);
// @ts-expect-error a ticket below the top level of callContainer data
client.callContainer({ service: 'api', path: '/steps', data: { nested: { weRunData } } });
