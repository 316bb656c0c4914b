import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, checkPasswordStrength } from '@platform/auth';
import { userError, UserErrorCode, type FieldPath, type Locale, type UserError } from '@platform/core';

/** The user error for a weak new password, or none. `identifiers` are the user's email and username, as typed. */
export function weakPasswordError(password: string, identifiers: readonly (string | null)[], field: FieldPath, locale: Locale): UserError | null {
  const problem = checkPasswordStrength(
    password,
    identifiers.filter((id): id is string => id !== null),
  );
  switch (problem) {
    case null:
      return null;
    case 'TOO_SHORT':
      return userError(locale, field, UserErrorCode.PASSWORD_TOO_SHORT, 'customer.passwordTooShort', { min: PASSWORD_MIN_LENGTH });
    case 'TOO_LONG':
      return userError(locale, field, UserErrorCode.PASSWORD_TOO_LONG, 'customer.passwordTooLong', { max: PASSWORD_MAX_LENGTH });
    case 'TOO_COMMON':
      return userError(locale, field, UserErrorCode.PASSWORD_TOO_COMMON, 'customer.passwordTooCommon');
    case 'CONTAINS_IDENTIFIER':
      return userError(locale, field, UserErrorCode.PASSWORD_CONTAINS_IDENTIFIER, 'customer.passwordContainsIdentifier');
  }
}
