import { CardBrandEnum, MoneyType, PageInfoType, PaymentMethodKindEnum, UserErrorType } from '@platform/api';
import { ServiceAccountType } from '@platform/billing';
import type { CardBrand, PaymentMethodKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SUSPENSION_REASONS, type SuspensionReason } from '../runs/autopay-decision';
import { OUTCOME_KINDS, type OutcomeKind } from '../runs/autopay-outcome.entity';
import { RUN_TRIGGERS, type RunTrigger } from '../runs/autopay-run.entity';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const AUTOPAY_STATUSES = ['ENROLLED', 'NOT_ENROLLED', 'SUSPENDED'] as const;
/** What an account shows: a cancelled enrolment is NOT_ENROLLED. */
export type AutopayStatus = (typeof AUTOPAY_STATUSES)[number];
export const AutopayStatusEnum = asEnum(AUTOPAY_STATUSES);
export const SuspensionReasonEnum = asEnum(SUSPENSION_REASONS);
export const OutcomeKindEnum = asEnum(OUTCOME_KINDS);
export const RunTriggerEnum = asEnum(RUN_TRIGGERS);
registerEnumType(AutopayStatusEnum, { name: 'AutopayStatus', description: 'SUSPENDED: autopay stopped itself (see suspendedReason) until the customer updates it.' });
registerEnumType(SuspensionReasonEnum, { name: 'AutopaySuspensionReason', description: 'PAYMENT_FAILED: every retry failed. CARD_EXPIRED: before a deduction. METHOD_UNAVAILABLE: removed, or no longer taken.' });
registerEnumType(OutcomeKindEnum, {
  name: 'AutopayOutcomeKind',
  description: 'What a run did to an account: CHARGED; FAILED (declined or refused; see reason and nextAttemptOn); SUSPENDED; SKIPPED (see reason); AWAITING_PROCESSOR (reconciliation will settle it).',
});
registerEnumType(RunTriggerEnum, { name: 'AutopayRunTrigger', description: 'SCHEDULE: the hourly pass; STAFF: runAutopay; CLI: pnpm cli autopay:run.' });

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
  @Field(() => MoneyType, { nullable: true, description: 'The most one deduction may take; null for no limit.' }) maxAmount: MoneyType | null;
  @Field(() => SuspensionReasonEnum, { nullable: true }) suspendedReason: SuspensionReason | null;
  @Field(() => Date, { nullable: true }) enrolledAt: Date | null;
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

@ObjectType('AutopayRunSummary', { description: 'Counts of what a run did, one per account and event (a last failure is FAILED and SUSPENDED).' })
export class AutopayRunSummaryType {
  @Field(() => Int) charged: number;
  @Field(() => Int) failed: number;
  @Field(() => Int) suspended: number;
  @Field(() => Int) skipped: number;
  @Field(() => Int) awaitingProcessor: number;
  @Field(() => MoneyType, { description: 'What the CHARGED outcomes took, fees aside.' }) amountCharged: MoneyType;
}

@ObjectType('AutopayRun', { description: 'Staff: one autopay pass over the city for a date.' })
export class AutopayRunType {
  @Field(() => ID) id: string;
  @Field(() => LocalDateResolver) runDate: string;
  @Field(() => RunTriggerEnum) trigger: RunTrigger;
  @Field({ description: 'A staff user id, "cli" or "system".' }) actor: string;
  @Field() startedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Null while running, or when the run was cut off (the next one finished its work).' }) finishedAt: Date | null;
  @Field(() => AutopayRunSummaryType) summary: AutopayRunSummaryType;
}

@ObjectType('AutopayRunEdge')
export class AutopayRunEdgeType {
  @Field(() => AutopayRunType) node: AutopayRunType;
  @Field() cursor: string;
}

@ObjectType('AutopayRunConnection')
export class AutopayRunConnectionType {
  @Field(() => [AutopayRunEdgeType]) edges: AutopayRunEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('AutopayOutcome', { description: 'Staff: one thing a run did to one account.' })
export class AutopayOutcomeType {
  @Field(() => ID) serviceAccountId: string;
  @Field() accountNumber: string;
  @Field({ description: 'The month the deduction belongs to, e.g. "2026-03".' }) cycle: string;
  @Field(() => Int, { description: 'The attempt within the cycle; 0 when the cycle was settled without one.' }) attempt: number;
  @Field(() => OutcomeKindEnum) kind: OutcomeKind;
  @Field(() => String, {
    nullable: true,
    description: 'SKIPPED: NOTHING_DUE, OVER_MAXIMUM, ACCOUNT_CLOSED, ACCOUNT_UNLINKED, NOT_ENROLLED or OVER_PAYMENT_LIMIT. SUSPENDED: an AutopaySuspensionReason. FAILED: the decline code (e.g. INSUFFICIENT_FUNDS) or PROCESSOR_REFUSED.',
  })
  reason: string | null;
  @Field(() => MoneyType, { nullable: true }) amount: MoneyType | null;
  @Field(() => ID, { nullable: true, description: 'The payment (staff payment(id:)), when an attempt made one.' }) paymentId: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) nextAttemptOn: string | null;
  @Field() occurredAt: Date;
}

@ObjectType('AutopayOutcomeEdge')
export class AutopayOutcomeEdgeType {
  @Field(() => AutopayOutcomeType) node: AutopayOutcomeType;
  @Field() cursor: string;
}

@ObjectType('AutopayOutcomeConnection')
export class AutopayOutcomeConnectionType {
  @Field(() => [AutopayOutcomeEdgeType]) edges: AutopayOutcomeEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('RunAutopayPayload')
export class RunAutopayPayloadType {
  @Field(() => AutopayRunType, { nullable: true }) run: AutopayRunType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
