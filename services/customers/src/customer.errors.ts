import { registerEnumType } from 'type-graphql';

/** Why a customers mutation refused its input; each is a `CustomerUserError.code`. */
export enum CustomerErrorCode {
  /** Text with a NUL character or an unpaired surrogate: refused at the gateway before any resolver runs (@platform/api). */
  INVALID_TEXT = 'INVALID_TEXT',
  INVALID_EMAIL = 'INVALID_EMAIL',
  INVALID_USERNAME = 'INVALID_USERNAME',
  INVALID_PHONE = 'INVALID_PHONE',
  INVALID_NAME = 'INVALID_NAME',
  /** A card number typed into free text (a name): refused, never stored. */
  CARD_NUMBER_NOT_ACCEPTED = 'CARD_NUMBER_NOT_ACCEPTED',
  REQUIRED = 'REQUIRED',
  UNSUPPORTED_LOCALE = 'UNSUPPORTED_LOCALE',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG = 'PASSWORD_TOO_LONG',
  PASSWORD_TOO_COMMON = 'PASSWORD_TOO_COMMON',
  PASSWORD_CONTAINS_IDENTIFIER = 'PASSWORD_CONTAINS_IDENTIFIER',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  INVALID_TOKEN = 'INVALID_TOKEN',
  INVALID_ROLE = 'INVALID_ROLE',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  /** Linking: the account number (and second factor) do not match an account; deliberately not saying which. */
  VERIFICATION_FAILED = 'VERIFICATION_FAILED',
  NOT_LINKED = 'NOT_LINKED',
  TOO_MANY_LINKED_ACCOUNTS = 'TOO_MANY_LINKED_ACCOUNTS',
}

registerEnumType(CustomerErrorCode, { name: 'CustomerErrorCode', description: 'Why a customers mutation refused its input.' });
