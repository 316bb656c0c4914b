import { problem, UUIDScalar } from '@platform/api';
import { CHECK_RETURN_REASONS, UserErrorCode, type CheckReturnReason } from '@platform/core';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { z } from 'zod';
import { apiIdempotencyKeyInput, reasonInput } from '../payment/input-checks';

const CheckReturnReasonEnum = Object.fromEntries(CHECK_RETURN_REASONS.map((r) => [r, r])) as { [K in CheckReturnReason]: K };
registerEnumType(CheckReturnReasonEnum, {
  name: 'CheckReturnReason',
  description: "Why the payer's bank sent back a paper check: INSUFFICIENT_FUNDS (NSF), ACCOUNT_CLOSED, STOP_PAYMENT, or OTHER (say what in note).",
});

@InputType('RecordReturnedCheckInput')
export class RecordReturnedCheckInput {
  @Field({ description: 'Made once per return recorded (e.g. a UUID made when the form opens): sent again, the same answer, the payment reversed once.' })
  idempotencyKey: string;
  @Field(() => UUIDScalar, { description: 'The counter payment made by the check.' }) paymentId: string;
  @Field(() => CheckReturnReasonEnum) reason: CheckReturnReason;
  @Field(() => String, { nullable: true, description: "Staff's note (the bank's letter, who called the payer): kept with the return, for staff only." }) note: string | null;
}

/** recordReturnedCheck's input, checked: the note trimmed, blank as none. */
export const returnedCheckInput = z.object({
  idempotencyKey: apiIdempotencyKeyInput,
  paymentId: z.string(),
  reason: z.enum(CHECK_RETURN_REASONS, problem(UserErrorCode.INVALID, 'error.invalidValue')),
  note: z
    .string()
    .nullish()
    .transform((text) => text?.trim() || null)
    .pipe(reasonInput.nullable()),
});
