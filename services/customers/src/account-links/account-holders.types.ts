import { Field, ObjectType } from 'type-graphql';
import { UserType } from '../customer.types';

@ObjectType('AccountHolder', { description: 'A user who linked an account (linkServiceAccount), and when.' })
export class AccountHolderType {
  @Field(() => UserType) user: UserType;
  @Field() linkedAt: Date;
}
