import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';
import { z } from 'zod';
import { apiIdempotencyKeyInput, positiveAmountInput, reasonInput } from '../payment/input-checks';

@InputType('RefundPaymentInput')
export class RefundPaymentInput {
  @Field(() => UUIDScalar) paymentId: string;
  @Field({
    description:
      "Dollars and cents; at most what is left to refund (of serviceAccountId's share, when given). Without serviceAccountId, taken from what went to the accounts first, in the payment's line order, the convenience fee last.",
  })
  amount: string;
  @Field(() => UUIDScalar, {
    nullable: true,
    description: "One account the payment paid: the refund comes off that account's share alone (never the convenience fee). Omitted: off the accounts in line order, the fee last.",
  })
  serviceAccountId?: string | null;
  @Field() reason: string;
  @Field({ description: 'Unique per intended refund; a retry with it never refunds twice.' }) idempotencyKey: string;
}

@InputType('VoidPaymentInput')
export class VoidPaymentInput {
  @Field(() => UUIDScalar) paymentId: string;
  @Field() reason: string;
}

/** refundPayment's input, checked: the amount in cents, the account null when not given, the reason trimmed. */
export const refundInput = z.object({
  paymentId: z.string(),
  amount: positiveAmountInput,
  serviceAccountId: z
    .string()
    .nullish()
    .transform((id) => id ?? null),
  reason: reasonInput,
  idempotencyKey: apiIdempotencyKeyInput,
});

/** voidPayment's input, checked: the reason trimmed. */
export const voidInput = z.object({ paymentId: z.string(), reason: reasonInput });
