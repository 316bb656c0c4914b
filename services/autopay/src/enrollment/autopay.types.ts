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
  description: 'PAYMENT_FAILED: every retry failed. CARD_EXPIRED: before a deduction. METHOD_UNAVAILABLE: removed, or no longer taken.',
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
  @Field(() => String, { nullable: true, description: "The above as a sentence for the customer, in the request's language." }) notice: string | null;
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
