import { containsCardNumber, translate, type Locale } from '@platform/core';
import { PaymentErrorCode, type PaymentUserError } from './payments.errors';

/** Free text staff type (a refund's or void's reason) is kept for good: a card number in it is refused, never stored. */
export function refuseCardNumbers(locale: Locale, field: readonly string[], text: string): PaymentUserError[] {
  return containsCardNumber(text) ? [{ field: [...field], code: PaymentErrorCode.CARD_NUMBER_NOT_ACCEPTED, message: translate(locale, 'error.cardNumberInText') }] : [];
}
