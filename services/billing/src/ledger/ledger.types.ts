import { MoneyType, PageInfoType, UserErrorType } from '@platform/api';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LedgerEntryKindEnum } from '../billing.enums';
import type { LedgerEntryKind } from './balance';

@ObjectType('AccountBalance', { description: 'Derived from the ledger and pending payments, as of now in the city.' })
export class AccountBalanceType {
  @Field(() => MoneyType, { description: 'Sum of posted ledger entries; negative is a credit.' }) posted: MoneyType;
  @Field(() => MoneyType, { description: 'Payments made but not yet posted.' }) pendingPayments: MoneyType;
  @Field(() => MoneyType, { description: 'What is left to pay once pending payments post.' }) amountDueNow: MoneyType;
  @Field(() => MoneyType, { description: 'Money held for the resident beyond what they owe.' }) credit: MoneyType;
  @Field(() => MoneyType, { description: 'Posted charges that were due before today and are unpaid.' }) pastDue: MoneyType;
  @Field(() => Int, { description: 'Days since the oldest posted charge still unpaid (in pastDue) fell due; 0 when none.' }) daysPastDue: number;
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Earliest due date, today or later, of an unpaid charge. Not the due date of amountDueNow while part of it is past due: see dueDate.',
  })
  nextDueDate: string | null;
  @Field(() => MoneyType, { description: 'The part of amountDueNow that fell due before today (still unpaid once pending payments post): to be paid now. Zero when none.' })
  pastDueNow: MoneyType;
  @Field(() => Int, { description: 'Days since the oldest charge in pastDueNow fell due (pending payments counted as paid); 0 when none.' })
  daysPastDueNow: number;
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When amountDueNow falls due: null when part of it is past due (pastDueNow, to be paid now, never by a later date) or no unpaid charge is dated.',
  })
  dueDate: string | null;
}

@ObjectType('LedgerEntry', { description: 'One line of the append-only ledger. Positive amounts are owed, negative are paid or credited.' })
export class LedgerEntryType {
  @Field(() => ID) id: string;
  @Field(() => LedgerEntryKindEnum) kind: LedgerEntryKind;
  @Field(() => MoneyType) amount: MoneyType;
  @Field(() => LocalDateResolver) effectiveDate: string;
  @Field(() => LocalDateResolver, { nullable: true }) dueDate: string | null;
  @Field(() => ID, { nullable: true }) payableId: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Why: an adjustment's explanation, a returned payment's reason. A staff member's reason for a refund or void is staff only, null to a customer.",
  })
  memo: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The memo as a person reads it in the request's language: what the platform wrote itself (a returned e-check's reason and fee, a void or refund made at the processor) translated, what staff typed as written (memo is as stored, the platform's in English). Null when memo is.",
  })
  memoLabel: string | null;
  @Field() recordedAt: Date;
  @Field({ description: 'A staff user id, "system", or the importing actor; to a customer, "staff" in place of an id.' }) recordedBy: string;
}

@ObjectType('LedgerEntryEdge')
export class LedgerEntryEdgeType {
  @Field(() => LedgerEntryType) node: LedgerEntryType;
  @Field() cursor: string;
}

@ObjectType('LedgerEntryConnection')
export class LedgerEntryConnectionType {
  @Field(() => [LedgerEntryEdgeType]) edges: LedgerEntryEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('LedgerEntryPayload')
export class LedgerEntryPayloadType {
  @Field(() => LedgerEntryType, { nullable: true }) entry: LedgerEntryType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
