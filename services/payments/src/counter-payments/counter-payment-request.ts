import { problem } from '@platform/api';
import { COUNTER_METHODS, containsCardNumber, UserErrorCode, type CounterMethod } from '@platform/core';
import { z } from 'zod';
import { allocationsInput, always, optionalText, receiptEmailInput } from '../make-payment/payment-request';
import { apiIdempotencyKeyInput, positiveAmountInput } from '../payment/input-checks';

/** Money staff took at the office, as recordCounterPayment's input sends it. */
export interface CounterPaymentRequest {
  readonly idempotencyKey: string;
  /** Any account of the city (by the id the staff search gave), or one payable; an amount each. */
  readonly allocations: readonly { readonly serviceAccountId?: string | null; readonly payableId?: string | null; readonly amount: string }[];
  readonly method: CounterMethod;
  /** CHECK: the number printed on it (a leading "#" is fine); CASH: none. */
  readonly checkNumber?: string | null;
  /** The staff member who took the money, as they type their name. */
  readonly receivedBy: string;
  /** Where the receipt goes; by default the account holder's email, when someone linked the account. */
  readonly payerEmail?: string | null;
  /** CASH: the cash handed over, dollars and cents ("50.00"), at least the payment; required. CHECK: none. */
  readonly cashReceived?: string | null;
}

// The number as printed, leading zeros kept; a check is never number zero, so "0" or "0000" is a slip of the hand.
const CHECK_NUMBER = /^#?\s*(?!0+$)(\d{1,10})$/;

/**
 * The counter's own checks, beside makePayment's allocation checks (shared):
 * CASH or CHECK, a check number exactly for checks, who received it, and an
 * optional receipt email. Every problem at once, each at its field.
 */
export const counterPaymentInput = z
  .object({
    idempotencyKey: apiIdempotencyKeyInput,
    allocations: allocationsInput(false),
    method: z.enum(COUNTER_METHODS, problem(UserErrorCode.INVALID, 'error.invalidValue')),
    checkNumber: optionalText,
    receivedBy: z
      .string()
      .trim()
      .min(1, { ...problem(UserErrorCode.REQUIRED, 'error.required'), abort: true })
      .max(100, problem(UserErrorCode.TOO_LONG, 'error.tooLong'))
      .refine((text) => !containsCardNumber(text), problem(UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText')),
    payerEmail: receiptEmailInput,
    // Read as the amounts are; left out (or blank), not given. Whether it is required and covers the payment is the service's to say.
    cashReceived: z
      .string()
      .nullish()
      .transform((text) => text?.trim() || null)
      .pipe(positiveAmountInput.nullable()),
  })
  .refine((r) => r.method !== 'CHECK' || r.checkNumber !== null, { ...problem(UserErrorCode.REQUIRED, 'payment.checkNumberRequired'), path: ['checkNumber'], ...always })
  .refine((r) => r.method !== 'CHECK' || r.checkNumber === null || CHECK_NUMBER.test(r.checkNumber), {
    ...problem(UserErrorCode.INVALID_CHECK_NUMBER, 'payment.checkNumberInvalid'),
    path: ['checkNumber'],
    ...always,
  })
  .refine((r) => r.method !== 'CASH' || r.checkNumber === null, { ...problem(UserErrorCode.INVALID, 'payment.checkNumberNotForCash'), path: ['checkNumber'], ...always })
  .refine((r) => r.method !== 'CHECK' || r.cashReceived === null, { ...problem(UserErrorCode.INVALID, 'payment.cashReceivedNotForCheck'), path: ['cashReceived'], ...always })
  .transform((r) => ({ ...r, checkNumber: r.method === 'CHECK' ? (CHECK_NUMBER.exec(r.checkNumber ?? '')?.[1] ?? null) : null }));
