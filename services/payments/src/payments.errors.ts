import type { UserError } from '@platform/core';
import { registerEnumType } from 'type-graphql';

/** What a payer or staff member can fix (or must be told) about a payment request. */
export enum PaymentErrorCode {
  /** Text with a NUL character or an unpaired surrogate: refused at the gateway before any resolver runs (@platform/api). */
  INVALID_TEXT = 'INVALID_TEXT',
  REQUIRED = 'REQUIRED',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  AMOUNT_TOO_LARGE = 'AMOUNT_TOO_LARGE',
  TOO_MANY_ALLOCATIONS = 'TOO_MANY_ALLOCATIONS',
  DUPLICATE_ALLOCATION = 'DUPLICATE_ALLOCATION',
  INVALID_EMAIL = 'INVALID_EMAIL',
  /** A card or bank number was sent where a token belongs; it was not kept. */
  CARD_NUMBER_NOT_ACCEPTED = 'CARD_NUMBER_NOT_ACCEPTED',
  INVALID_TOKEN = 'INVALID_TOKEN',
  METHOD_NOT_FOUND = 'METHOD_NOT_FOUND',
  CARD_BRAND_NOT_ACCEPTED = 'CARD_BRAND_NOT_ACCEPTED',
  ECHECK_NOT_ACCEPTED = 'ECHECK_NOT_ACCEPTED',
  BANK_ACCOUNT_INVALID = 'BANK_ACCOUNT_INVALID',
  BANK_ACCOUNT_BLOCKED = 'BANK_ACCOUNT_BLOCKED',
  ACCOUNT_NOT_LINKED = 'ACCOUNT_NOT_LINKED',
  VERIFICATION_FAILED = 'VERIFICATION_FAILED',
  PAYABLE_NOT_FOUND = 'PAYABLE_NOT_FOUND',
  /** More than a payable (or, where the city takes no credit, an account) still owes, counting payments in flight. */
  EXCEEDS_AMOUNT_DUE = 'EXCEEDS_AMOUNT_DUE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  CARD_DECLINED = 'CARD_DECLINED',
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  EXPIRED_CARD = 'EXPIRED_CARD',
  PROCESSING_ERROR = 'PROCESSING_ERROR',
  PAYMENT_NOT_FOUND = 'PAYMENT_NOT_FOUND',
  NOT_REFUNDABLE = 'NOT_REFUNDABLE',
  REFUND_TOO_LARGE = 'REFUND_TOO_LARGE',
  NOT_VOIDABLE = 'NOT_VOIDABLE',
  PROCESSOR_UNAVAILABLE = 'PROCESSOR_UNAVAILABLE',
}
registerEnumType(PaymentErrorCode, { name: 'PaymentErrorCode' });

export type PaymentUserError = UserError<PaymentErrorCode>;
export type PaymentResult<T> = { ok: true; value: T } | { ok: false; userErrors: PaymentUserError[] };
