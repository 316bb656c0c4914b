import { problem, staffReasonInput } from '@platform/api';
import { parseMoney, UserErrorCode } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { z } from 'zod';
import { apiIdempotencyKeyInput } from '../payment/input-checks';

@InputType('CloseCounterDrawerInput', { description: 'What the clerk counted in their drawer at the close.' })
export class CloseCounterDrawerInput {
  @Field({ description: 'Made once per close (e.g. a UUID made when the form opens): sent again, the same close.' }) idempotencyKey: string;
  @Field(() => LocalDateResolver, { nullable: true, description: "The day of the city's calendar whose drawer is closed; today (the city's) when left out; never a day to come (INVALID_DATE)." })
  date: string | null;
  @Field({ description: 'The cash counted, dollars and cents ("412.50"); "0.00" when none.' }) countedCash: string;
  @Field(() => Int, { description: 'How many checks are in the drawer.' }) countedChecksCount: number;
  @Field({ description: 'What those checks add up to, dollars and cents.' }) countedChecksTotal: string;
  @Field(() => String, { nullable: true, description: 'Why the count is off from what the drawer should hold: required then (REQUIRED), kept with the close.' })
  reason: string | null;
}

/** Dollars and cents, zero or more: cents. */
const countedAmount = z.string().transform((text, ctx) => {
  const amount = parseMoney(text);
  if (amount.ok) return amount.value.cents;
  ctx.addIssue({ code: 'custom', message: problem(UserErrorCode.INVALID_AMOUNT, 'payment.amountUnreadable').error });
  return z.NEVER;
});

/** closeCounterDrawer's input, checked: amounts in cents, the reason trimmed (blank as none). Whether one is needed is the service's to say. */
export const closeDrawerInput = z.object({
  idempotencyKey: apiIdempotencyKeyInput,
  date: z
    .string()
    .nullish()
    .transform((date) => date ?? null),
  countedCash: countedAmount,
  countedChecksCount: z.number().int().min(0, problem(UserErrorCode.INVALID, 'error.invalidValue')).max(10_000, problem(UserErrorCode.INVALID, 'error.invalidValue')),
  countedChecksTotal: countedAmount,
  reason: z
    .string()
    .nullish()
    .transform((text) => text?.trim() || null)
    .pipe(staffReasonInput.nullable()),
});
