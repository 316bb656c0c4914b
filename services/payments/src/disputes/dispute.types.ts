import { MoneyType } from '@platform/api';
import { DISPUTE_REASONS, type Dispute, type DisputeReason } from '@platform/processor';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

const DisputeReasonEnum = Object.fromEntries(DISPUTE_REASONS.map((r) => [r, r])) as { [K in DisputeReason]: K };
registerEnumType(DisputeReasonEnum, { name: 'DisputeReason', description: 'Why the card holder disputed the payment with their bank, as the processor names it.' });

const DISPUTE_STATUSES = ['OPEN', 'WON', 'LOST'] as const satisfies readonly Dispute['status'][];
const DisputeStatusEnum = Object.fromEntries(DISPUTE_STATUSES.map((s) => [s, s])) as { [K in Dispute['status']]: K };
registerEnumType(DisputeStatusEnum, {
  name: 'DisputeStatus',
  description: 'OPEN until the card network decides (the city answers by respondBy); WON: the money came back to the city; LOST: it stays with the card holder.',
});

@ObjectType('PaymentDispute', { description: "A card holder's dispute of a payment with their bank (a chargeback), as the processor told of it." })
export class PaymentDisputeType {
  @Field({ description: "The processor's id for the dispute: what to name in its dashboard." }) id: string;
  @Field(() => MoneyType, { description: "What the card's bank took back from the city: all the payment charged or part of it." }) amount: MoneyType;
  @Field(() => MoneyType, { description: "The card network's dispute fee: the city's cost, never put on the resident's account." }) fee: MoneyType;
  @Field(() => DisputeReasonEnum) reason: DisputeReason;
  @Field({ description: "The reason as a person reads it, in the request's language." }) reasonLabel: string;
  @Field(() => DisputeStatusEnum) status: Dispute['status'];
  @Field({ description: 'When the card holder opened it.' }) openedAt: Date;
  @Field({ description: "The city's evidence is due at the processor by then." }) respondBy: Date;
  @Field(() => Date, { nullable: true, description: 'When the network decided it; null while OPEN.' }) closedAt: Date | null;
}
