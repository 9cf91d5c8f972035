import { cloudIdError, type CloudIdError } from '../core/errors';

/** An option of the kit has the wrong type or value; `message` names it and says what it must be. */
export function invalidKitOption(option: string, message: string): CloudIdError<'INVALID_OPTION'> {
  return cloudIdError('INVALID_OPTION', message, { option });
}

/** The kit was driven in a way it cannot model (a name registered twice, a helper outside a mock call, ...). */
export function mockSetupInvalid(message: string): CloudIdError<'MOCK_SETUP_INVALID'> {
  return cloudIdError('MOCK_SETUP_INVALID', message, {});
}
