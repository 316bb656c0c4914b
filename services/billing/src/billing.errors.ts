import type { UserError } from '@platform/core';
import { registerEnumType } from 'type-graphql';

/** What a person can fix in a billing operation's input. */
export enum BillingErrorCode {
  /** Text with a NUL character or an unpaired surrogate: refused at the gateway before any resolver runs (@platform/api). */
  INVALID_TEXT = 'INVALID_TEXT',
  REQUIRED = 'REQUIRED',
  INVALID_ACCOUNT_NUMBER = 'INVALID_ACCOUNT_NUMBER',
  INVALID_BILL_NUMBER = 'INVALID_BILL_NUMBER',
  ACCOUNT_NUMBER_TAKEN = 'ACCOUNT_NUMBER_TAKEN',
  INVALID_DATE = 'INVALID_DATE',
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  INVALID_KIND = 'INVALID_KIND',
  TOO_LONG = 'TOO_LONG',
  /** A card number typed into free text (a name, a memo, a description): refused, never stored. */
  CARD_NUMBER_NOT_ACCEPTED = 'CARD_NUMBER_NOT_ACCEPTED',
  /** Account look-up: the number and second factor do not match an account (deliberately not saying which). */
  VERIFICATION_FAILED = 'VERIFICATION_FAILED',
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  UNKNOWN_ACCOUNT = 'UNKNOWN_ACCOUNT',
  DUPLICATE_BILL_NUMBER = 'DUPLICATE_BILL_NUMBER',
  BILL_NUMBER_CONFLICT = 'BILL_NUMBER_CONFLICT',
  TOO_MANY_ROWS = 'TOO_MANY_ROWS',
  MALFORMED_CSV = 'MALFORMED_CSV',
  STATUS_CHANGE_NOT_ALLOWED = 'STATUS_CHANGE_NOT_ALLOWED',
  PAYMENT_NOT_POSTED = 'PAYMENT_NOT_POSTED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}
registerEnumType(BillingErrorCode, { name: 'BillingErrorCode' });

export type BillingUserError = UserError<BillingErrorCode>;

/** A billing operation's outcome: a value, or what the person must fix. */
export type BillingResult<T> = { ok: true; value: T } | { ok: false; userErrors: BillingUserError[] };
