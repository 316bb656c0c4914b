import { PageInfoType, UserErrorType } from '@platform/api';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('BlockedBankAccount', {
  description: 'Staff: a bank account the city takes no more debits from, city-wide (every wallet, autopay and guest payment with the same numbers), shown by its last four digits only.',
})
export class BlockedBankAccountType {
  @Field(() => ID, { description: 'This block: a new return or closure of the same bank account blocks it anew, with a new id.' }) id: string;
  @Field(() => String, { nullable: true, description: "The account number's last four digits; null for a block recorded before the city kept them and never paid from since." })
  last4: string | null;
  @Field({ description: 'As SavedPaymentMethod.blockedBecause: the return code (R02, R01 a second time in 90 days, ...; RETURNED when the bank gave none) or INVALID_ACCOUNT.' })
  blockedBecause: string;
  @Field({ description: "Why, in a sentence in the request's language." }) description: string;
  @Field({ description: 'When the last return or closure blocked it.' }) blockedAt: Date;
}

@ObjectType('BlockedBankAccountEdge')
export class BlockedBankAccountEdgeType {
  @Field(() => BlockedBankAccountType) node: BlockedBankAccountType;
  @Field() cursor: string;
}

@ObjectType('BlockedBankAccountConnection')
export class BlockedBankAccountConnectionType {
  @Field(() => [BlockedBankAccountEdgeType]) edges: BlockedBankAccountEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('LiftBankAccountBlockPayload', { description: 'The block as it was when lifted, or why nothing was lifted.' })
export class LiftBankAccountBlockPayloadType {
  @Field(() => BlockedBankAccountType, { nullable: true }) bankAccount: BlockedBankAccountType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
