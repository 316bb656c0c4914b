import { looksLikeCardNumber, UserErrorCode } from '@platform/core';

const TOKEN = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * The shape of a processor's token: 8-128 letters, digits, '-' or '_', and
 * not digits alone (a number given where a token belongs is a card or bank
 * number typed in the wrong place, never a token). Anything else is refused
 * before the processor is asked: a token goes into its URL.
 */
export function isTokenShaped(text: string): boolean {
  return TOKEN.test(text) && !/^\d+$/.test(text);
}

/**
 * Why `text`, given where a processor's token belongs (makePayment's and
 * savePaymentMethod's `token`), is refused, with the message key saying so;
 * null for a token. A card number is named as such, so the payer learns it
 * must go into the secure form, and is never sent on.
 */
export function tokenRefusal(text: string): { readonly code: UserErrorCode; readonly key: 'payment.cardNumberNotAccepted' | 'payment.invalidToken' } | null {
  if (looksLikeCardNumber(text.replace(/[\s-]/g, ''))) return { code: UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, key: 'payment.cardNumberNotAccepted' };
  return isTokenShaped(text) ? null : { code: UserErrorCode.INVALID_TOKEN, key: 'payment.invalidToken' };
}
