import { containsCardNumber, translate, type Locale, UserErrorCode, type UserError } from '@platform/core';

/** Free text staff type (a refund's or void's reason) is kept for good: a card number in it is refused, never stored. */
export function refuseCardNumbers(locale: Locale, field: readonly string[], text: string): UserError[] {
  return containsCardNumber(text) ? [{ field: [...field], code: UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, message: translate(locale, 'error.cardNumberInText') }] : [];
}
