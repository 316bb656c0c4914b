import { registerEnumType } from 'type-graphql';

/** Why a tenant mutation refused its input; each is a `TenantUserError.code`. */
export enum TenantErrorCode {
  /** Text with a NUL character or an unpaired surrogate: refused at the gateway before any resolver runs (@platform/api). */
  INVALID_TEXT = 'INVALID_TEXT',
  SLUG_MALFORMED = 'SLUG_MALFORMED',
  SLUG_TAKEN = 'SLUG_TAKEN',
  TENANT_NOT_FOUND = 'TENANT_NOT_FOUND',
  INVALID_TIME_ZONE = 'INVALID_TIME_ZONE',
  INVALID_DEDUCTION_DAY = 'INVALID_DEDUCTION_DAY',
  INVALID_LOCALES = 'INVALID_LOCALES',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  INVALID_FEE = 'INVALID_FEE',
  NO_PAYMENT_METHOD = 'NO_PAYMENT_METHOD',
  /** A card number typed into a display text: refused, never stored. */
  CARD_NUMBER_NOT_ACCEPTED = 'CARD_NUMBER_NOT_ACCEPTED',
  INVALID = 'INVALID',
}

registerEnumType(TenantErrorCode, { name: 'TenantErrorCode', description: 'Why a tenant mutation refused its input.' });
