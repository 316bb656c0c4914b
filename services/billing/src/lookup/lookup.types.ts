import { MoneyType, PayableKindEnum, UserErrorType } from '@platform/api';
import type { PayableKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { AccountStatus } from '../account-status/account-status.state';
import { AccountStatusEnum } from '../billing.enums';

@ObjectType('AccountLookup', { description: 'What a guest payer may see of an account they proved they know.' })
export class AccountLookupType {
  @Field(() => ID, { description: 'Pass to payment mutations.' }) serviceAccountId: string;
  @Field() accountNumber: string;
  @Field({ description: 'e.g. "J. S.": the initials of the name on the account, no more.' }) maskedName: string;
  @Field({ description: 'e.g. "*** M*** St, Norwalk": no digit of the house number, which links an account in some cities.' }) maskedAddress: string;
  @Field(() => AccountStatusEnum) status: AccountStatus;
  @Field(() => MoneyType) amountDue: MoneyType;
  @Field(() => MoneyType, { description: 'Posted charges that were due before today and are unpaid.' }) pastDue: MoneyType;
  @Field(() => MoneyType) pendingPayments: MoneyType;
  @Field(() => MoneyType, { description: 'The part of amountDue that fell due before today (still unpaid once pending payments post): to be paid now. Zero when none.' })
  pastDueNow: MoneyType;
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When amountDue falls due: null when part of it is past due (pastDueNow, to be paid now, never by a later date) or no unpaid charge is dated.',
  })
  dueDate: string | null;
}

@ObjectType('AccountLookupPayload')
export class AccountLookupPayloadType {
  @Field(() => AccountLookupType, { nullable: true }) account: AccountLookupType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('PayableLookup', { description: 'What a guest payer may see of one payable found by its number.' })
export class PayableLookupType {
  @Field(() => ID, { description: 'Pass to payment mutations to pay this payable on its own.' }) payableId: string;
  @Field(() => ID) serviceAccountId: string;
  @Field(() => PayableKindEnum) kind: PayableKind;
  @Field() referenceNumber: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field({ description: 'e.g. "J. S.": the initials of the name on the account, no more.' }) maskedName: string;
  @Field(() => LocalDateResolver) issueDate: string;
  @Field(() => LocalDateResolver) dueDate: string;
  @Field(() => MoneyType) total: MoneyType;
  @Field(() => MoneyType, {
    description:
      'The total less payments already made for it, with the fees and corrections staff made to it (a bill cancelled by a credit naming it owes nothing); where the city takes no credit, or the account is closed, no more than its account owes.',
  })
  amountDue: MoneyType;
}

@ObjectType('PayableLookupPayload')
export class PayableLookupPayloadType {
  @Field(() => PayableLookupType, { nullable: true }) payable: PayableLookupType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
