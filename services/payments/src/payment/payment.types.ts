import { CardBrandEnum, MoneyType, PageInfoType, PayableKindEnum, PaymentMethodKindEnum } from '@platform/api';
import type { CardBrand, PayableKind, RecordedMethodKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PAYMENT_CHANNELS, type PaymentChannel } from './payment-channel';
import { PAYMENT_STATUSES, type PaymentStatus } from './payment.state';

export const PaymentStatusEnum = Object.fromEntries(PAYMENT_STATUSES.map((s) => [s, s])) as { [K in PaymentStatus]: K };
registerEnumType(PaymentStatusEnum, {
  name: 'PaymentStatus',
  description: 'PENDING until the processor answers; AUTHORIZED (e-check settling) or CAPTURED (card charged); POSTED on the ledger; UNKNOWN while the outcome is being confirmed.',
});

export const PaymentChannelEnum = Object.fromEntries(PAYMENT_CHANNELS.map((c) => [c, c])) as { [K in PaymentChannel]: K };
registerEnumType(PaymentChannelEnum, {
  name: 'PaymentChannel',
  description: 'How a payment reached the city: WEB (the web pages or the API), PHONE (the pay-by-phone line), COUNTER (cash or check at the office), AUTOPAY.',
});

@ObjectType('PaymentMethodSummary', { description: 'How a payment was made, as a person recognises it.' })
export class PaymentMethodSummaryType {
  @Field(() => PaymentMethodKindEnum, { description: 'CARD, BANK_ACCOUNT, or for counter payments CASH or CHECK.' }) kind: RecordedMethodKind;
  @Field(() => CardBrandEnum, { nullable: true, description: 'Cards only.' }) brand: CardBrand | null;
  @Field({ description: "A card's or bank account's last four digits; a check number's last four; empty for cash." }) last4: string;
  @Field(() => String, { nullable: true, description: 'CHECK only: the number printed on the check, e.g. "1234".' }) checkNumber: string | null;
  @Field({ description: 'The method in the request\'s language, ready to show: "Visa ending 4242", "Bank account ending 6789", "Cash", "Check #1234".' }) label: string;
}

@ObjectType('PaymentAllocationPayable', { description: 'A payable paid on its own, by the city’s number for it.' })
export class PaymentAllocationPayableType {
  @Field(() => PayableKindEnum) kind: PayableKind;
  @Field({ description: 'e.g. "CIT-7781".' }) referenceNumber: string;
}

@ObjectType('PaymentAllocation', { description: 'What part of the payment paid: an account, or one payable on it.' })
export class PaymentAllocationType {
  @Field(() => ID) serviceAccountId: string;
  @Field(() => ID, { nullable: true }) payableId: string | null;
  @Field({ description: 'The account number with all but its last four letters or digits hidden, e.g. "****-0417".' }) maskedAccountNumber: string;
  @Field(() => PaymentAllocationPayableType, { nullable: true }) payable: PaymentAllocationPayableType | null;
  @Field(() => MoneyType) amount: MoneyType;
  @Field(() => MoneyType, { description: 'What refunds have given back of this part: refunds asked of its account, and its part of refunds taken in line order.' })
  refunded: MoneyType;
}

@ObjectType('PaymentTransition', { description: 'A status the payment moved to: when, who, why.' })
export class PaymentTransitionType {
  @Field(() => PaymentStatusEnum, { nullable: true }) fromStatus: PaymentStatus | null;
  @Field(() => PaymentStatusEnum) toStatus: PaymentStatus;
  @Field({ description: 'A user id, "guest", "system", "processor" or "reconciliation".' }) actor: string;
  @Field() reason: string;
  @Field({ description: "Why, as a person reads it in the request's language: the platform's own reasons translated (the reason above is as stored, in English), a reason staff typed as written." })
  reasonLabel: string;
  @Field(() => String, { nullable: true }) processorReference: string | null;
  @Field() occurredAt: Date;
}

@ObjectType('Payment')
export class PaymentType {
  @Field(() => ID) id: string;
  @Field({ description: 'Short and unambiguous to read aloud, e.g. "K7QM-4XPD-9R2T".' }) confirmationNumber: string;
  @Field(() => PaymentStatusEnum) status: PaymentStatus;
  @Field({ description: 'The status as a person reads it, e.g. "Posted", in the request\'s language.' }) statusLabel: string;
  @Field(() => MoneyType, { description: 'What goes to the accounts.' }) amount: MoneyType;
  @Field(() => MoneyType) convenienceFee: MoneyType;
  @Field(() => MoneyType, { description: 'What was charged: amount plus fee.' }) total: MoneyType;
  @Field(() => MoneyType) refunded: MoneyType;
  @Field(() => PaymentMethodSummaryType) method: PaymentMethodSummaryType;
  @Field(() => PaymentChannelEnum) channel: PaymentChannel;
  @Field(() => String, { nullable: true, description: 'Counter payments (CASH, CHECK): the staff member who took the money, as they typed their name. Null for payments made online.' })
  receivedBy: string | null;
  @Field(() => MoneyType, { nullable: true, description: 'Counter cash: the cash the resident handed over, when the clerk gave it (recordCounterPayment cashReceived). Null otherwise.' })
  cashReceived: MoneyType | null;
  @Field(() => MoneyType, { nullable: true, description: 'Counter cash: the change counted back, cashReceived less total. Null where cashReceived is.' })
  changeGiven: MoneyType | null;
  @Field(() => LocalDateResolver, { description: "The day it posts to the account, in the city's calendar." }) expectedPostingDate: string;
  @Field() madeAt: Date;
  @Field(() => Date, { nullable: true }) postedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      'When an e-check was done with its bank: settled, or returned before it settled (dated when the return was recorded; `status` and `returnCode` say which). For a card, when its charge was known settled, or voided at the processor.',
  })
  settledAt: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'Why the card or bank account was declined, e.g. INSUFFICIENT_FUNDS; METHOD_NOT_FOUND on a FAILED payment whose saved method the processor no longer holds.',
  })
  declineCode: string | null;
  @Field(() => String, { nullable: true, description: 'An e-check return code, e.g. R01.' }) returnCode: string | null;
  @Field({
    description:
      'Whether staff may refund some of it now: money came in and not all of it went back, and it is neither an e-check its bank has yet to settle (void that) nor a counter payment (given back at the office). A refund may still be refused: a void of it is open, or the processor refuses.',
  })
  refundable: boolean;
  @Field({
    description:
      "Whether staff may void it now: a card charge not yet posted, on the day it was made (the processor's day, UTC), an e-check its bank has not settled, or cash or a check taken at the counter today (city time; by a staff member other than the one who took it).",
  })
  voidable: boolean;
}

@ObjectType('PaymentEdge')
export class PaymentEdgeType {
  @Field(() => PaymentType) node: PaymentType;
  @Field() cursor: string;
}

@ObjectType('PaymentConnection')
export class PaymentConnectionType {
  @Field(() => [PaymentEdgeType]) edges: PaymentEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}
