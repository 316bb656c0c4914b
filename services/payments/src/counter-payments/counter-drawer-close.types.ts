import { MoneyType } from '@platform/api';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('CounterDrawerClose', {
  description: "A clerk's drawer as they closed it at the end of a day: what it should have held then, what they counted, the over or short and why.",
})
export class CounterDrawerCloseType {
  @Field(() => ID) id: string;
  @Field(() => LocalDateResolver) date: string;
  @Field(() => ID, { description: "The clerk's user id." }) clerkId: string;
  @Field(() => MoneyType, { description: 'The cash the drawer should have held at the close (cash.inDrawer then).' }) expectedCash: MoneyType;
  @Field(() => Int, { description: 'How many standing checks it should have held.' }) expectedChecksCount: number;
  @Field(() => MoneyType, { description: 'What those checks add up to (checks.inDrawer then).' }) expectedChecks: MoneyType;
  @Field(() => MoneyType) countedCash: MoneyType;
  @Field(() => Int) countedChecksCount: number;
  @Field(() => MoneyType) countedChecks: MoneyType;
  @Field(() => MoneyType, { description: 'Counted less expected, cash and checks together: negative when short, positive when over.' }) overShort: MoneyType;
  @Field(() => String, { nullable: true, description: "The clerk's reason for a count that is off; null when it agreed." }) reason: string | null;
  @Field() closedAt: Date;
  @Field(() => Date, { nullable: true, description: "When the city's ADMIN reopened the drawer after this close; null while it stands." }) reopenedAt: Date | null;
  @Field(() => ID, { nullable: true, description: "The ADMIN's user id who reopened it." }) reopenedBy: string | null;
  @Field(() => String, { nullable: true, description: "The ADMIN's reason for reopening it." }) reopenReason: string | null;
}
