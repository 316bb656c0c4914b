import { CardBrandEnum, MoneyType, PageInfoType, PayableKindEnum, PaymentMethodKindEnum, UserErrorType } from '@platform/api';
import type { CardBrand, PayableKind, PaymentMethodKind } from '@platform/core';
import { OPERATION_KINDS, OPERATION_STATUSES, type OperationKind, type OperationStatus } from './operation-status';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PAYMENT_STATUSES, type PaymentStatus } from './payment-status';

export const PaymentStatusEnum = Object.fromEntries(PAYMENT_STATUSES.map((s) => [s, s])) as { [K in PaymentStatus]: K };
registerEnumType(PaymentStatusEnum, {
  name: 'PaymentStatus',
  description: 'PENDING until the processor answers; AUTHORIZED (e-check settling) or CAPTURED (card charged); POSTED on the ledger; UNKNOWN while the outcome is being confirmed.',
});

@ObjectType('PaymentMethodSummary', { description: 'How a payment was made, as a person recognises it.' })
export class PaymentMethodSummaryType {
  @Field(() => PaymentMethodKindEnum) kind: PaymentMethodKind;
  @Field(() => CardBrandEnum, { nullable: true }) brand: CardBrand | null;
  @Field() last4: string;
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
}

@ObjectType('PaymentTransition', { description: 'A status the payment moved to: when, who, why.' })
export class PaymentTransitionType {
  @Field(() => PaymentStatusEnum, { nullable: true }) fromStatus: PaymentStatus | null;
  @Field(() => PaymentStatusEnum) toStatus: PaymentStatus;
  @Field({ description: 'A user id, "guest", "system", "processor" or "reconciliation".' }) actor: string;
  @Field() reason: string;
  @Field(() => String, { nullable: true }) processorReference: string | null;
  @Field() occurredAt: Date;
}

export const PaymentOperationKindEnum = Object.fromEntries(OPERATION_KINDS.map((k) => [k, k])) as { [K in OperationKind]: K };
registerEnumType(PaymentOperationKindEnum, { name: 'PaymentOperationKind' });
export const PaymentOperationStatusEnum = Object.fromEntries(OPERATION_STATUSES.map((s) => [s, s])) as { [K in OperationStatus]: K };
registerEnumType(PaymentOperationStatusEnum, {
  name: 'PaymentOperationStatus',
  description: 'PENDING until the processor answers; SUCCEEDED or FAILED as it says; UNKNOWN while reconciliation asks it again.',
});

@ObjectType('PaymentOperationTransition', { description: 'A status a refund or void moved to: when, who, why.' })
export class PaymentOperationTransitionType {
  @Field(() => PaymentOperationStatusEnum, { nullable: true }) fromStatus: OperationStatus | null;
  @Field(() => PaymentOperationStatusEnum) toStatus: OperationStatus;
  @Field() actor: string;
  @Field() reason: string;
  @Field(() => String, { nullable: true }) processorReference: string | null;
  @Field() occurredAt: Date;
}

@ObjectType('PaymentOperation', { description: 'A refund or void of a payment, with its own status and history.' })
export class PaymentOperationType {
  @Field(() => ID) id: string;
  @Field(() => PaymentOperationKindEnum) kind: OperationKind;
  @Field(() => PaymentOperationStatusEnum) status: OperationStatus;
  @Field(() => MoneyType, { description: "A refund's amount; a void's is the payment's total." }) amount: MoneyType;
  @Field() reason: string;
  @Field({ description: 'Who asked for it: a staff user id, or "platform-operator".' }) actor: string;
  @Field(() => String, { nullable: true, description: "The processor's refund id, or the voided charge's." }) processorReference: string | null;
  @Field() createdAt: Date;
  @Field(() => [PaymentOperationTransitionType], { description: 'Every status it has had, oldest first.' }) history: PaymentOperationTransitionType[];
}

@ObjectType('Payment')
export class PaymentType {
  @Field(() => ID) id: string;
  @Field({ description: 'Short and unambiguous to read aloud, e.g. "K7QM-4XPD-9R2T".' }) confirmationNumber: string;
  @Field(() => PaymentStatusEnum) status: PaymentStatus;
  @Field(() => MoneyType, { description: 'What goes to the accounts.' }) amount: MoneyType;
  @Field(() => MoneyType) convenienceFee: MoneyType;
  @Field(() => MoneyType, { description: 'What was charged: amount plus fee.' }) total: MoneyType;
  @Field(() => MoneyType) refunded: MoneyType;
  @Field(() => PaymentMethodSummaryType) method: PaymentMethodSummaryType;
  @Field(() => LocalDateResolver, { description: "The day it posts to the account, in the city's calendar." }) expectedPostingDate: string;
  @Field() madeAt: Date;
  @Field(() => Date, { nullable: true }) postedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the bank settled an e-check (or a card charge was known settled).' }) settledAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the card was declined, e.g. INSUFFICIENT_FUNDS.' }) declineCode: string | null;
  @Field(() => String, { nullable: true, description: 'An e-check return code, e.g. R01.' }) returnCode: string | null;
}

@ObjectType('MakePaymentPayload')
export class MakePaymentPayloadType {
  @Field(() => PaymentType, { nullable: true, description: 'Present whenever a payment was recorded, declined ones included.' }) payment: PaymentType | null;
  @Field(() => String, { nullable: true, description: "A guest's receipt token: with the confirmation number, paymentByConfirmation shows the payment." }) receiptToken: string | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('PaymentPayload')
export class PaymentPayloadType {
  @Field(() => PaymentType, { nullable: true }) payment: PaymentType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
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

@ObjectType('SavedPaymentMethod', { description: 'A saved card or bank account: never its number.' })
export class SavedPaymentMethodType {
  @Field(() => ID) id: string;
  @Field(() => PaymentMethodKindEnum) kind: PaymentMethodKind;
  @Field(() => CardBrandEnum, { nullable: true }) brand: CardBrand | null;
  @Field() last4: string;
  @Field(() => Int, { nullable: true }) expMonth: number | null;
  @Field(() => Int, { nullable: true }) expYear: number | null;
  @Field(() => String, { nullable: true }) holderName: string | null;
}

@ObjectType('SavedPaymentMethodPayload')
export class SavedPaymentMethodPayloadType {
  @Field(() => SavedPaymentMethodType, { nullable: true }) paymentMethod: SavedPaymentMethodType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('RemovePaymentMethodPayload')
export class RemovePaymentMethodPayloadType {
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('PaymentOptions', { description: 'What a front end needs to take a payment in this city.' })
export class PaymentOptionsType {
  @Field({ description: "POST card or bank details here (the processor's hosted tokenization), then send only the token." }) tokenizeUrl: string;
  @Field(() => [CardBrandEnum]) acceptedCardBrands: CardBrand[];
  @Field() echeckAccepted: boolean;
  @Field({ description: 'The convenience fee policy in words, to show before the payer confirms.' }) convenienceFee: string;
  @Field(() => MoneyType, { description: 'The most one payment may be.' }) maxPayment: MoneyType;
  @Field(() => [PaymentMethodKindEnum], { description: 'Methods autopay takes online.' }) autopayMethodsOnline: PaymentMethodKind[];
}

@ObjectType('PaymentEvent', { description: 'A payment moved: what it became, and when.' })
export class PaymentEventType {
  @Field({ description: 'Pass as `after` to resume from here.' }) cursor: string;
  @Field({ description: 'e.g. "payment.captured".' }) type: string;
  @Field() occurredAt: Date;
  @Field(() => ID) paymentId: string;
  @Field() confirmationNumber: string;
  @Field(() => PaymentStatusEnum, { description: 'The status the payment moved to.' }) status: PaymentStatus;
  @Field(() => MoneyType) total: MoneyType;
}

@InputType('PaymentFeedFilter')
export class PaymentFeedFilterInput {
  @Field(() => [PaymentStatusEnum], { nullable: true, description: 'Only events moving payments to these statuses.' }) statuses: PaymentStatus[] | null;
}
