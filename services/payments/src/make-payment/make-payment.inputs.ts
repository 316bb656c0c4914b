import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';

@InputType('PaymentAllocationInput', {
  description:
    "Where part of the payment goes: a linked account (serviceAccountId, signed in), an account proved the city's way (accountNumber, plus lastPaymentAmount where asked; guests), or one payable (payableId from lookupPayable).",
})
export class PaymentAllocationInput {
  @Field(() => UUIDScalar, { nullable: true }) serviceAccountId: string | null;
  @Field(() => String, { nullable: true }) accountNumber: string | null;
  @Field(() => String, { nullable: true }) lastPaymentAmount: string | null;
  @Field(() => UUIDScalar, { nullable: true }) payableId: string | null;
  @Field({ description: 'Dollars and cents, e.g. "85.85".' }) amount: string;
}

@InputType('MakePaymentInput')
export class MakePaymentInput {
  @Field({ description: 'Unique per intended payment (e.g. a UUID the front end makes once); a retry with it returns the same payment and never charges twice.' })
  idempotencyKey: string;
  @Field(() => [PaymentAllocationInput]) allocations: PaymentAllocationInput[];
  @Field(() => String, { nullable: true, description: "The processor's token from tenant.payments.tokenizeUrl. Never a card or bank number." }) token: string | null;
  @Field(() => UUIDScalar, { nullable: true, description: 'Or a saved method of the signed-in viewer.' }) savedMethodId: string | null;
  @Field(() => String, { nullable: true, description: "Where the receipt goes: required for guests; a signed-in payer's defaults to their email." }) payerEmail: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The total the payer was shown and confirmed: the allocations\' amounts plus the convenience fee (tenant.payments.convenienceFeeFor), dollars and cents, e.g. "102.95". When given, the payment is made at exactly this total or not at all: if the amounts plus the city\'s fee now make another total (the fee changed since it was shown, or the total was added wrong), nothing is recorded or charged, and the answer is FEE_CHANGED at ["input", "confirmedTotal"], its message saying the amount, the fee and the total now, for the payer to confirm again. A retry of a payment already recorded under the idempotencyKey is answered as that payment, as always. Optional for API compatibility: without it the fee is the city\'s at the moment of charging; a page (or phone line) that shows a total should send it.',
  })
  confirmedTotal: string | null;
}
