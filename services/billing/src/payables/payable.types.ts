import { MoneyType, PayableKindEnum } from '@platform/api';
import type { PayableKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { LineCategoryEnum } from '../billing.enums';
import type { LineCategory } from './payable.entity';

@ObjectType('PayableLine')
export class PayableLineType {
  @Field(() => LineCategoryEnum) category: LineCategory;
  @Field({ description: 'What the line is for (its category), in the request’s language: "Water", "Agua".' }) description: string;
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
  @Field(() => MoneyType, {
    description:
      'What is left of it to pay once pending payments post, as the account’s balance counts it: payments and credits naming it (recordAccountAdjustment’s payableId) pay it first, and those to the account in general pay its oldest charges first; its fees and charges are owed on it. Zero once paid.',
  })
  amountOwed: MoneyType;
  @Field(() => [PayableLineType]) lineItems: PayableLineType[];
}
