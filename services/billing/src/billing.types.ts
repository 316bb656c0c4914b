import { MoneyType, PageInfoType, PayableKindEnum, UserErrorType } from '@platform/api';
import { type PayableKind, UserErrorCode } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LEDGER_ENTRY_KINDS, type LedgerEntryKind } from './balance';
import { LINE_CATEGORIES, type LineCategory } from './payable-line.entity';
import { ACCOUNT_STATUSES, type AccountStatus } from './service-account.entity';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const AccountStatusEnum = asEnum(ACCOUNT_STATUSES);
export const LedgerEntryKindEnum = asEnum(LEDGER_ENTRY_KINDS);
export const LineCategoryEnum = asEnum(LINE_CATEGORIES);
registerEnumType(AccountStatusEnum, { name: 'AccountStatus', description: 'Where an account stands in the disconnection and restoration process.' });
registerEnumType(LedgerEntryKindEnum, { name: 'LedgerEntryKind' });
registerEnumType(LineCategoryEnum, { name: 'LineCategory' });
export const AdjustmentKindEnum = { FEE: 'FEE', ADJUSTMENT: 'ADJUSTMENT' } as const;
registerEnumType(AdjustmentKindEnum, { name: 'AdjustmentKind', description: 'FEE charges the account; ADJUSTMENT corrects it either way.' });

@ObjectType('ServiceAddress')
export class ServiceAddressType {
  @Field() line1: string;
  @Field(() => String, { nullable: true }) line2: string | null;
  @Field() city: string;
  @Field() region: string;
  @Field() postalCode: string;
}

@ObjectType('AccountBalance', { description: 'Derived from the ledger and pending payments, as of now in the city.' })
export class AccountBalanceType {
  @Field(() => MoneyType, { description: 'Sum of posted ledger entries; negative is a credit.' }) posted: MoneyType;
  @Field(() => MoneyType, { description: 'Payments made but not yet posted.' }) pendingPayments: MoneyType;
  @Field(() => MoneyType, { description: 'What is left to pay once pending payments post.' }) amountDueNow: MoneyType;
  @Field(() => MoneyType, { description: 'Money held for the resident beyond what they owe.' }) credit: MoneyType;
  @Field(() => MoneyType, { description: 'Posted charges that were due before today and are unpaid.' }) pastDue: MoneyType;
  @Field(() => Int) daysPastDue: number;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Earliest due date, today or later, of an unpaid charge.' }) nextDueDate: string | null;
}

@ObjectType('PayableLine')
export class PayableLineType {
  @Field(() => LineCategoryEnum) category: LineCategory;
  @Field() description: string;
  @Field(() => MoneyType) amount: MoneyType;
}

@ObjectType('Payable', { description: 'Something owed on an account: a utility bill, a citation, another charge.' })
export class PayableType {
  @Field(() => ID) id: string;
  @Field(() => PayableKindEnum) kind: PayableKind;
  @Field({ description: "The city's number for it: bill number, citation number." }) referenceNumber: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) periodStart: string | null;
  @Field(() => LocalDateResolver, { nullable: true }) periodEnd: string | null;
  @Field(() => LocalDateResolver) issueDate: string;
  @Field(() => LocalDateResolver) dueDate: string;
  @Field(() => MoneyType) total: MoneyType;
  @Field(() => [PayableLineType]) lineItems: PayableLineType[];
}

@ObjectType('LedgerEntry', { description: 'One line of the append-only ledger. Positive amounts are owed, negative are paid or credited.' })
export class LedgerEntryType {
  @Field(() => ID) id: string;
  @Field(() => LedgerEntryKindEnum) kind: LedgerEntryKind;
  @Field(() => MoneyType) amount: MoneyType;
  @Field(() => LocalDateResolver) effectiveDate: string;
  @Field(() => LocalDateResolver, { nullable: true }) dueDate: string | null;
  @Field(() => ID, { nullable: true }) payableId: string | null;
  @Field(() => String, { nullable: true }) memo: string | null;
  @Field() recordedAt: Date;
  @Field({ description: 'A staff user id, "system", or the importing actor.' }) recordedBy: string;
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

@ObjectType('AccountStatusChange')
export class AccountStatusChangeType {
  @Field(() => AccountStatusEnum, { nullable: true }) fromStatus: AccountStatus | null;
  @Field(() => AccountStatusEnum) toStatus: AccountStatus;
  @Field({ description: 'e.g. OPENED, PAST_DUE, DISCONNECTED_FOR_NON_PAYMENT, PAID_IN_FULL, RESTORATION_APPROVED.' }) reason: string;
  @Field({ description: 'A staff user id, or "system".' }) actor: string;
  @Field() occurredAt: Date;
}

@ObjectType('ServiceAccount', { description: 'An account the city bills, as its billing system numbers it.' })
export class ServiceAccountType {
  @Field(() => ID) id: string;
  @Field() accountNumber: string;
  @Field() customerName: string;
  @Field(() => ServiceAddressType) serviceAddress: ServiceAddressType;
  @Field(() => AccountStatusEnum) status: AccountStatus;
  @Field(() => LocalDateResolver) openedOn: string;
  @Field(() => LocalDateResolver, { nullable: true }) closedOn: string | null;
}

@ObjectType('ServiceAccountEdge')
export class ServiceAccountEdgeType {
  @Field(() => ServiceAccountType) node: ServiceAccountType;
  @Field() cursor: string;
}

@ObjectType('ServiceAccountConnection')
export class ServiceAccountConnectionType {
  @Field(() => [ServiceAccountEdgeType]) edges: ServiceAccountEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('ServiceAccountPayload')
export class ServiceAccountPayloadType {
  @Field(() => ServiceAccountType, { nullable: true }) serviceAccount: ServiceAccountType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('LedgerEntryPayload')
export class LedgerEntryPayloadType {
  @Field(() => LedgerEntryType, { nullable: true }) entry: LedgerEntryType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('AccountLookup', { description: 'What a guest payer may see of an account they proved they know.' })
export class AccountLookupType {
  @Field(() => ID, { description: 'Pass to payment mutations.' }) serviceAccountId: string;
  @Field() accountNumber: string;
  @Field({ description: 'e.g. "J*** S***".' }) maskedName: string;
  @Field({ description: 'e.g. "1*** M*** St, Norwalk".' }) maskedAddress: string;
  @Field(() => AccountStatusEnum) status: AccountStatus;
  @Field(() => MoneyType) amountDue: MoneyType;
  @Field(() => MoneyType) pastDue: MoneyType;
  @Field(() => MoneyType) pendingPayments: MoneyType;
  @Field(() => LocalDateResolver, { nullable: true }) dueDate: string | null;
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
  @Field({ description: 'e.g. "J*** S***".' }) maskedName: string;
  @Field(() => LocalDateResolver) issueDate: string;
  @Field(() => LocalDateResolver) dueDate: string;
  @Field(() => MoneyType) total: MoneyType;
  @Field(() => MoneyType, { description: 'The total less payments already made for it.' }) amountDue: MoneyType;
}

@ObjectType('PayableLookupPayload')
export class PayableLookupPayloadType {
  @Field(() => PayableLookupType, { nullable: true }) payable: PayableLookupType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('ImportRowError', { description: 'A problem with one row of a bill import.' })
export class ImportRowErrorType {
  @Field(() => Int, { description: 'CSV line (1 is the header), or position in the list (from 1).' }) line: number;
  @Field(() => String, { nullable: true, description: 'The column or input field at fault.' }) field: string | null;
  @Field(() => UserErrorCode) code: UserErrorCode;
  @Field() message: string;
}

@ObjectType('ImportBillsPayload', { description: 'All or nothing: with any rowErrors, nothing was imported.' })
export class ImportBillsPayloadType {
  @Field(() => Int) received: number;
  @Field(() => Int) imported: number;
  @Field(() => Int, { description: 'Rows whose bill was imported before with the same content.' }) alreadyImported: number;
  @Field(() => [ImportRowErrorType], { description: 'The first 1,000 problems, by line.' }) rowErrors: ImportRowErrorType[];
  @Field(() => Int) rowErrorCount: number;
  @Field(() => [UserErrorType], { description: 'Problems with the request as a whole (e.g. unreadable CSV, too many rows).' }) userErrors: UserErrorType[];
}
