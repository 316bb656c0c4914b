import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkPasswordStrength } from '@platform/auth';
import { translate, type Locale, UserErrorCode, type UserError } from '@platform/core';

/** The user error for a weak new password, or none. `identifiers` are the user's email and username. */
export function weakPasswordError(password: string, identifiers: readonly (string | null)[], field: readonly string[], locale: Locale): UserError | null {
  const problem = checkPasswordStrength(password, identifiers.filter((id): id is string => id !== null));
  switch (problem) {
    case null:
      return null;
    case 'TOO_SHORT':
      return { field, code: UserErrorCode.PASSWORD_TOO_SHORT, message: translate(locale, 'customer.passwordTooShort', { min: PASSWORD_MIN_LENGTH }) };
    case 'TOO_LONG':
      return { field, code: UserErrorCode.PASSWORD_TOO_LONG, message: translate(locale, 'customer.passwordTooLong', { max: PASSWORD_MAX_LENGTH }) };
    case 'TOO_COMMON':
      return { field, code: UserErrorCode.PASSWORD_TOO_COMMON, message: translate(locale, 'customer.passwordTooCommon') };
    case 'CONTAINS_IDENTIFIER':
      return { field, code: UserErrorCode.PASSWORD_CONTAINS_IDENTIFIER, message: translate(locale, 'customer.passwordContainsIdentifier') };
  }
}
