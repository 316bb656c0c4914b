import { PageInfoType, UserErrorType } from '@platform/api';
import { ServiceAccountType } from '@platform/billing';
import { PAPERLESS_END_REASONS, type PaperlessEndReason } from '@platform/notifications';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Why a holder cannot choose paperless now: a reason a choice ends, or the city not offering it. */
export type PaperlessBlock = PaperlessEndReason | 'NOT_OFFERED';
const PaperlessBlockEnum = Object.fromEntries([...PAPERLESS_END_REASONS, 'NOT_OFFERED'].map((k) => [k, k])) as { [K in PaperlessBlock]: K };
registerEnumType(PaperlessBlockEnum, {
  name: 'PaperlessBlock',
  description:
    'Why paperless is not open to you, or why a choice ended: NOT_OFFERED (the city does not offer it), UNLINKED (you do not hold the account), ACCOUNT_CLOSED, EMAIL_UNPROVED (no confirmed email address), EMAIL_UNDELIVERABLE (email to it bounced), BILL_NOTICES_OFF (new bill emails switched off).',
});

const PaperlessChangeKindEnum = { PAPERLESS: 'PAPERLESS', PAPER: 'PAPER' } as const;
export type PaperlessChangeKind = keyof typeof PaperlessChangeKindEnum;
registerEnumType(PaperlessChangeKindEnum, { name: 'PaperlessChangeKind', description: 'PAPERLESS: the account stopped being printed; PAPER: it is printed again.' });

@ObjectType('Paperless', { description: 'Paperless billing of one account: whether its paper bill is printed, and your own choice.' })
export class PaperlessType {
  @Field({ description: 'The city offers paperless billing (tenant.paperless.offered).' }) offered: boolean;
  @Field({ description: 'Its bills are not printed nor mailed: a holder who chose paperless gets them by email.' }) inForce: boolean;
  @Field({ description: 'You chose paperless for it, and your choice stands.' }) chosenByYou: boolean;
  @Field(() => Date, { nullable: true, description: 'When you chose it; null when you did not.' }) chosenAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Your confirmed address its bills come to when you choose paperless; null when you have none.' })
  email: string | null;
  @Field(() => PaperlessBlockEnum, { nullable: true, description: 'Why you cannot choose paperless now; null when you can (or did).' }) blockedBy: PaperlessBlock | null;
}

@ObjectType('PaperlessPayload')
export class PaperlessPayloadType {
  @Field(() => ServiceAccountType, { nullable: true, description: 'The account as it now stands (its `paperless`); null when there are user errors.' })
  serviceAccount: ServiceAccountType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('PaperlessAccount', { description: 'An account the city does not print: its bills go by email to a holder who chose so.' })
export class PaperlessAccountType {
  @Field() accountNumber: string;
  @Field(() => ServiceAccountType) serviceAccount: ServiceAccountType;
  @Field({ description: 'Since when it has not been printed: the earliest choice that stands.' }) since: Date;
  @Field(() => Int, { description: 'Holders whose paperless choice stands.' }) holders: number;
}

@ObjectType('PaperlessAccountEdge')
export class PaperlessAccountEdgeType {
  @Field(() => PaperlessAccountType) node: PaperlessAccountType;
  @Field() cursor: string;
}

@ObjectType('PaperlessAccountConnection')
export class PaperlessAccountConnectionType {
  @Field(() => [PaperlessAccountEdgeType]) edges: PaperlessAccountEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('PaperlessChange', { description: 'An account stopped or started being printed.' })
export class PaperlessChangeType {
  @Field() accountNumber: string;
  @Field(() => PaperlessChangeKindEnum) change: PaperlessChangeKind;
  @Field({ description: 'CHOSEN (by its holder), or why the last standing choice ended (a PaperlessBlock).' }) reason: string;
  @Field() changedAt: Date;
}

@ObjectType('PaperlessChangeEdge')
export class PaperlessChangeEdgeType {
  @Field(() => PaperlessChangeType) node: PaperlessChangeType;
  @Field() cursor: string;
}

@ObjectType('PaperlessChangeConnection')
export class PaperlessChangeConnectionType {
  @Field(() => [PaperlessChangeEdgeType]) edges: PaperlessChangeEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('PaperlessReport', { description: "Staff: the city's paperless billing in numbers, as of now." })
export class PaperlessReportType {
  @Field({ description: 'The city offers paperless; false: every account is printed, and the choices are kept but not in force.' }) offered: boolean;
  @Field(() => Int, { description: 'Accounts not printed (paperlessAccounts).' }) accountsPaperless: number;
  @Field(() => Int, { description: 'Holders whose paperless choice is in force.' }) holdersPaperless: number;
  @Field(() => Int, { description: 'Choices kept that are not in force: the city does not offer paperless, or the choice is about to end (see PaperlessBlock).' })
  choicesNotInForce: number;
}
