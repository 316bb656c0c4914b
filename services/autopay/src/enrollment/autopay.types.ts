import { CardBrandEnum, MoneyType, PageInfoType, PaymentMethodKindEnum, UserErrorType } from '@platform/api';
import { ServiceAccountType } from '@platform/billing';
import type { CardBrand, PaymentMethodKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SUSPENSION_REASONS, type SuspensionReason } from '../runs/autopay-decision';
import { asEnum } from '../graphql-enum';

const AUTOPAY_STATUSES = ['ENROLLED', 'NOT_ENROLLED', 'SUSPENDED'] as const;
/** What an account shows: a cancelled enrolment is NOT_ENROLLED. */
export type AutopayStatus = (typeof AUTOPAY_STATUSES)[number];
export const AutopayStatusEnum = asEnum(AUTOPAY_STATUSES);
const SuspensionReasonEnum = asEnum(SUSPENSION_REASONS);
registerEnumType(AutopayStatusEnum, { name: 'AutopayStatus', description: 'SUSPENDED: autopay stopped itself (see suspendedReason) until the customer updates it.' });
registerEnumType(SuspensionReasonEnum, {
  name: 'AutopaySuspensionReason',
  description:
    'PAYMENT_FAILED: every retry failed. CARD_EXPIRED: before a deduction. METHOD_UNAVAILABLE: removed, a bank account blocked after a return, or one its bank says no longer exists. METHOD_NOT_ACCEPTED: a card brand the city no longer takes, or a bank account where it no longer takes e-checks.',
});

const AUTOPAY_MONTH_OUTCOMES = ['WILL_PAY', 'NOTHING_DUE', 'OVER_MAXIMUM', 'OVER_PAYMENT_LIMIT', 'NOT_COVERED'] as const;
/** What autopay does about this month, as the month's reminder will say it and the run will do it. */
export type AutopayMonthOutcome = (typeof AUTOPAY_MONTH_OUTCOMES)[number];
const AutopayMonthOutcomeEnum = asEnum(AUTOPAY_MONTH_OUTCOMES);
registerEnumType(AutopayMonthOutcomeEnum, {
  name: 'AutopayMonthOutcome',
  description: 'What autopay does about this month, as its reminder will say and its run will do: what a client tells the customer, in its own language.',
  valuesConfig: {
    WILL_PAY: { description: 'Autopay pays deduction.amount on firstDeductionDate, charging deduction.total (deduction.fee included).' },
    NOTHING_DUE: { description: 'Nothing is owed for autopay to pay this month; it starts on firstDeductionDate.' },
    OVER_MAXIMUM: { description: 'deduction.total is more than autopay.maxAmount, so autopay will not pay it on firstDeductionDate: the customer pays it once.' },
    OVER_PAYMENT_LIMIT: {
      description: 'deduction.amount is more than deduction.paymentLimit, the most the city takes in one payment, so autopay will not pay it on firstDeductionDate: the customer pays it in parts.',
    },
    NOT_COVERED: {
      description: "This month's deduction day has passed: autopay starts on firstDeductionDate, and amountDue, when more than zero, is the customer's to pay once now.",
    },
  },
});

@ObjectType('AutopayMethod', { description: 'The saved method autopay charges, as a person recognises it.' })
export class AutopayMethodType {
  @Field(() => ID, { description: 'The saved payment method (paymentMethods) id.' }) id: string;
  @Field(() => PaymentMethodKindEnum) kind: PaymentMethodKind;
  @Field(() => CardBrandEnum, { nullable: true }) brand: CardBrand | null;
  @Field() last4: string;
  @Field(() => Int, { nullable: true }) expMonth: number | null;
  @Field(() => Int, { nullable: true }) expYear: number | null;
  @Field({ description: 'A card that will have expired by the next deduction: time to change it.' }) expiresBeforeNextDeduction: boolean;
}

@ObjectType('Autopay', { description: "An account's automatic monthly payment, as Account Settings shows it." })
export class AutopayType {
  @Field(() => AutopayStatusEnum) status: AutopayStatus;
  @Field({ description: 'e.g. "Auto Pay: Enrolled", in the request\'s language.' }) label: string;
  @Field(() => AutopayMethodType, { nullable: true, description: 'Shown to staff and to the customer who enrolled.' }) method: AutopayMethodType | null;
  @Field(() => LocalDateResolver, { nullable: true, description: "The next deduction, in the city's calendar; null unless ENROLLED." }) nextDeductionDate: string | null;
  @Field(() => MoneyType, { nullable: true, description: "The most one deduction may take, the city's convenience fee included; null for no limit." }) maxAmount: MoneyType | null;
  @Field(() => SuspensionReasonEnum, { nullable: true }) suspendedReason: SuspensionReason | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When this enrolment began. A suspension that withdrew a reminder never sent begins it anew, so that resuming reminds again before a charge.',
  })
  enrolledAt: Date | null;
}

@ObjectType('AutopayDeduction', { description: "This month's deduction as autopay weighs it: the amounts AutopayPayload.thisMonth's sentence names." })
export class AutopayDeductionType {
  @Field(() => MoneyType, { description: "What it pays toward the account: amountDue, but no more than the month's reminder announced." }) amount: MoneyType;
  @Field(() => MoneyType, { description: "The city's convenience fee on amount; zero when none." }) fee: MoneyType;
  @Field(() => MoneyType, { description: 'amount plus fee: what the method is charged, and what autopay.maxAmount is weighed against.' }) total: MoneyType;
  @Field(() => MoneyType, { description: 'The most the city takes in one payment, the fee aside: a larger amount is not deducted.' }) paymentLimit: MoneyType;
}

@ObjectType('AutopayPayload', { description: 'What enrolling (or changing) autopay means for this month.' })
export class AutopayPayloadType {
  @Field(() => AutopayType, { nullable: true }) autopay: AutopayType | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "Whether autopay takes this month's deduction. False after this month's deduction day: offer a one-time payment of amountDue now.",
  })
  currentCycleCovered: boolean | null;
  @Field(() => MoneyType, { nullable: true, description: 'What the account owes now.' }) amountDue: MoneyType | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'The first date autopay deducts under these terms.' }) firstDeductionDate: string | null;
  @Field(() => AutopayMonthOutcomeEnum, { nullable: true, description: "What autopay does about this month, for a client to say in its own language (notice says it in the request's)." })
  thisMonth: AutopayMonthOutcome | null;
  @Field(() => AutopayDeductionType, { nullable: true, description: "This month's deduction; null unless thisMonth is WILL_PAY, OVER_MAXIMUM or OVER_PAYMENT_LIMIT." })
  deduction: AutopayDeductionType | null;
  @Field(() => String, { nullable: true, description: "thisMonth as a sentence for the customer, in the request's language." }) notice: string | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('CancelAutopayPayload')
export class CancelAutopayPayloadType {
  @Field(() => AutopayType, { nullable: true }) autopay: AutopayType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('AutopayEnrollment', { description: "Staff: an account's autopay enrolment." })
export class AutopayEnrollmentType {
  @Field(() => ServiceAccountType) serviceAccount: ServiceAccountType;
  @Field(() => ID, { description: 'The customer who enrolled, whose saved method pays.' }) customerId: string;
  @Field(() => AutopayType) autopay: AutopayType;
  @Field(() => LocalDateResolver, { description: 'The first deduction the enrolment covered.' }) firstDeductionDate: string;
  @Field() updatedAt: Date;
}

@ObjectType('AutopayEnrollmentEdge')
export class AutopayEnrollmentEdgeType {
  @Field(() => AutopayEnrollmentType) node: AutopayEnrollmentType;
  @Field() cursor: string;
}

@ObjectType('AutopayEnrollmentConnection')
export class AutopayEnrollmentConnectionType {
  @Field(() => [AutopayEnrollmentEdgeType]) edges: AutopayEnrollmentEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}
