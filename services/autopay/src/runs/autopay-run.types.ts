import { MoneyType, PageInfoType, UserErrorType } from '@platform/api';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OUTCOME_KINDS, type OutcomeKind } from './autopay-outcome.entity';
import { RUN_TRIGGERS, type RunTrigger } from './autopay-run.entity';
import { asEnum } from '../graphql-enum';

const OutcomeKindEnum = asEnum(OUTCOME_KINDS);
const RunTriggerEnum = asEnum(RUN_TRIGGERS);
registerEnumType(OutcomeKindEnum, {
  name: 'AutopayOutcomeKind',
  description:
    'What a run did to an account: CHARGED; FAILED (declined or refused; see reason and nextAttemptOn); SUSPENDED; SKIPPED (see reason); AWAITING_PROCESSOR (reconciliation will settle it).',
});
registerEnumType(RunTriggerEnum, { name: 'AutopayRunTrigger', description: 'SCHEDULE: the hourly pass; STAFF: runAutopay; CLI: pnpm cli autopay:run.' });

@ObjectType('AutopayRunSummary', { description: 'Counts of what a run did, one per account and event (a last failure is FAILED and SUSPENDED).' })
export class AutopayRunSummaryType {
  @Field(() => Int) charged: number;
  @Field(() => Int) failed: number;
  @Field(() => Int) suspended: number;
  @Field(() => Int) skipped: number;
  @Field(() => Int) awaitingProcessor: number;
  @Field(() => MoneyType, { description: 'What the CHARGED outcomes paid toward accounts, convenience fees aside (totalCharged adds them).' }) amountCharged: MoneyType;
  @Field(() => MoneyType, { description: "What the CHARGED outcomes took from payers' cards and bank accounts: amountCharged and the convenience fees on top." })
  totalCharged: MoneyType;
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
    description:
      'SKIPPED: NOTHING_DUE, OVER_MAXIMUM, ACCOUNT_CLOSED, ACCOUNT_UNLINKED, NOT_ENROLLED, OVER_PAYMENT_LIMIT or TOLD_NOT_PAID (the reminder said the month would not be paid). SUSPENDED: an AutopaySuspensionReason. FAILED: the decline code (e.g. INSUFFICIENT_FUNDS) or PROCESSOR_REFUSED.',
  })
  reason: string | null;
  @Field(() => MoneyType, {
    nullable: true,
    description: 'What the attempt was to pay toward the account, the convenience fee aside (see total for what the card was asked for). Null when no attempt was made.',
  })
  amount: MoneyType | null;
  @Field(() => MoneyType, { nullable: true, description: "The city's convenience fee the attempt's payment carried on top of amount. Null when no attempt was made." })
  fee: MoneyType | null;
  @Field(() => MoneyType, {
    nullable: true,
    description:
      'amount plus fee: what the card or bank account was charged (CHARGED), asked for and not charged (FAILED: nothing was taken), or asked for with the answer awaited (AWAITING_PROCESSOR). Null when no attempt was made.',
  })
  total: MoneyType | null;
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
