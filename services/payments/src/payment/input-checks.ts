import { problem, staffReasonInput } from '@platform/api';
import { parseMoney, UserErrorCode } from '@platform/core';
import { z } from 'zod';

/*
 * Checks shared by the money-moving inputs (for validateInput): each names
 * its UserErrorCode and message, so a refusal reads the same whichever
 * mutation made it.
 */

/** An idempotency key: letters, digits and . _ : -, at most 200; missing and malformed are told apart. */
export const idempotencyKeyInput = z
  .string()
  .min(1, { ...problem(UserErrorCode.REQUIRED, 'payment.idempotencyKeyInvalid'), abort: true })
  .regex(/^[A-Za-z0-9._:-]{1,200}$/, problem(UserErrorCode.INVALID, 'payment.idempotencyKeyInvalid'));

/**
 * A key sent through the API: `phone:` begins the phone line's keys (its call's CallSid and attempt), so a key
 * taken there first would be answered to the call as its own payment.
 */
export const apiIdempotencyKeyInput = idempotencyKeyInput.refine((key) => !key.startsWith('phone:'), problem(UserErrorCode.INVALID, 'payment.idempotencyKeyInvalid'));

/**
 * Dollars and cents ("85.85"), more than zero: the amount in cents. Text that is no amount at all ("$40.00", "12,50",
 * or more than two decimals) is told how to write one; zero or less, that it must be more than zero.
 */
export const positiveAmountInput = z.string().transform((text, ctx) => {
  const amount = parseMoney(text);
  if (amount.ok && amount.value.cents > 0n) return amount.value.cents;
  const unreadable = !amount.ok && amount.error !== 'NEGATIVE_AMOUNT';
  ctx.addIssue({ code: 'custom', message: problem(UserErrorCode.INVALID_AMOUNT, unreadable ? 'payment.amountUnreadable' : 'payment.invalidAmount').error });
  return z.NEVER;
});

/** A reason staff type for a refund or void: required, and kept for good (with the operation, and as the ledger entry's memo), so short and never with a card number in it. */
export const reasonInput = staffReasonInput;
