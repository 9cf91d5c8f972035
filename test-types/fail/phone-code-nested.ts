// A PhoneCode below the top level of data is a compile error naming its path, like a ticket.
import { buildCallData, callFunction, type PhoneCode } from 'miniprogram-cloudid';

declare const phone: PhoneCode;

// @expect-error CloudID must be a top-level field: form.phone
buildCallData({ form: { phone } });
// @expect-error CloudID must be a top-level field: codes[number]
buildCallData({ codes: [phone] });
// @expect-error CloudID must be a top-level field: form.phone
void callFunction({ name: 'bind', data: { form: { phone } } });
