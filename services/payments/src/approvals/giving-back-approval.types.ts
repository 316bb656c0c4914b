import { MoneyType, UserErrorType } from '@platform/api';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PaymentType } from '../payment/payment.types';
import { APPROVAL_STATUSES, type ApprovalStatus } from './giving-back-approval.entity';
import type { OperationKind } from '../refunds-and-voids/payment-operation.state';

const GivingBackApprovalStatusEnum = Object.fromEntries(APPROVAL_STATUSES.map((s) => [s, s])) as { [K in ApprovalStatus]: K };
registerEnumType(GivingBackApprovalStatusEnum, {
  name: 'GivingBackApprovalStatus',
  description:
    "AWAITING: nothing sent to the processor yet. APPROVED: a second ADMIN approved it and it was made (see the payment's operations). DECLINED: nothing moved. EXPIRED: it awaited longer than the city's paymentRules.approvalExpiryDays; nothing moved, and it may only be asked again.",
});

@ObjectType('GivingBackRequester', { description: 'The staff member who asked for a refund or void, as the approver reads them.' })
export class GivingBackRequesterType {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: 'Their name, else their username.' }) name: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
}

@ObjectType('GivingBackApproval', { description: "A refund or void at or above the city's refundApprovalThreshold, awaiting a second ADMIN, or decided." })
export class GivingBackApprovalType {
  @Field(() => ID) id: string;
  @Field(() => ID) paymentId: string;
  @Field({ description: "The payment's confirmation number, as the payer reads it." }) confirmationNumber: string;
  @Field(() => String, { description: 'REFUND or VOID (PaymentOperationKind).' }) kind: OperationKind;
  @Field(() => GivingBackApprovalStatusEnum) status: ApprovalStatus;
  @Field(() => MoneyType, { description: "A refund's amount; a void's is the payment's total." }) amount: MoneyType;
  @Field({ description: 'Why it was asked for, as the requester wrote it.' }) reason: string;
  @Field({ description: 'The staff user who asked (their id).' }) requestedBy: string;
  @Field(() => GivingBackRequesterType, { nullable: true, description: 'Who asked: name and email (null if the user is gone).' }) requester: GivingBackRequesterType | null;
  @Field() requestedAt: Date;
  @Field(() => Date, { nullable: true, description: "While awaiting: when it expires unanswered (the city's paymentRules.approvalExpiryDays after requestedAt); null once decided or expired." })
  expiresAt: Date | null;
  @Field({ description: 'Whether the one asking asked for it (so may not decide it).' }) mine: boolean;
  @Field(() => String, { nullable: true, description: 'The ADMIN who approved or declined it.' }) decidedBy: string | null;
  @Field(() => String, { nullable: true }) decisionReason: string | null;
}

@ObjectType('GivingBackApprovalEvent', { description: 'A refund or void sent for approval (status AWAITING), approved or declined; open while AWAITING.' })
export class GivingBackApprovalEventType extends GivingBackApprovalType {
  @Field({ description: 'Pass as `after` to resume from here. Opaque, and sealed for the city.' }) cursor: string;
  @Field() occurredAt: Date;
}

@ObjectType('GivingBackPayload', { description: 'A refund or void asked: the payment, and when it needed a second ADMIN, the approval it awaits (nothing was sent yet).' })
export class GivingBackPayloadType {
  @Field(() => PaymentType, { nullable: true }) payment: PaymentType | null;
  @Field(() => GivingBackApprovalType, { nullable: true, description: 'Set when the refund or void awaits approval (or was declined): nothing moved at the processor.' })
  approval: GivingBackApprovalType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('GivingBackDecisionPayload')
export class GivingBackDecisionPayloadType {
  @Field(() => GivingBackApprovalType, { nullable: true }) approval: GivingBackApprovalType | null;
  @Field(() => PaymentType, { nullable: true, description: 'The payment as the approval left it.' }) payment: PaymentType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
