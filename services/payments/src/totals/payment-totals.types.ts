import { MoneyType, PaymentMethodKindEnum } from '@platform/api';
import type { RecordedMethodKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('MoneyMoveTotal', { description: 'How many moves of one kind, and what they came to.' })
export class MoneyMoveTotalType {
  @Field(() => Int) count: number;
  @Field(() => MoneyType) amount: MoneyType;
}

@ObjectType('PaymentMethodTotals', { description: 'What one method brought in and gave back.' })
export class PaymentMethodTotalsType {
  @Field(() => PaymentMethodKindEnum) methodKind: RecordedMethodKind;
  @Field(() => MoneyMoveTotalType, {
    description: "Payments whose money came in: a card charged, an e-check accepted, cash or a check taken at the counter. What the payers' cards and bank accounts were charged, fees included.",
  })
  received: MoneyMoveTotalType;
  @Field(() => MoneyType, { description: 'The convenience fees within `received`.' }) fees: MoneyType;
  @Field(() => MoneyMoveTotalType, { description: 'Refunds that went through.' }) refunded: MoneyMoveTotalType;
  @Field(() => MoneyMoveTotalType, { description: 'Payments voided: each takes back its whole charge.' }) voided: MoneyMoveTotalType;
  @Field(() => MoneyMoveTotalType, { description: "E-checks returned by the payer's bank: each takes back its whole debit." }) returned: MoneyMoveTotalType;
  @Field(() => MoneyMoveTotalType, { description: "Card payments taken back by the card holder's bank in a dispute, on the day each opened: the amount it took." })
  disputed: MoneyMoveTotalType;
  @Field(() => MoneyMoveTotalType, { description: 'Disputes the city won, on the day each was decided: the money back.' }) disputesWon: MoneyMoveTotalType;
  @Field(() => MoneyType, { description: 'received - refunded - voided - returned - disputed + disputesWon; negative when more went out than came in.' }) net: MoneyType;
}

@ObjectType('PaymentDayTotals', { description: "One day's money moves, in the city's calendar." })
export class PaymentDayTotalsType {
  @Field(() => LocalDateResolver) date: string;
  @Field(() => [PaymentMethodTotalsType], { description: 'The methods that moved money that day: CARD, BANK_ACCOUNT, CASH, CHECK.' }) methods: PaymentMethodTotalsType[];
  @Field(() => MoneyType) net: MoneyType;
}

@ObjectType('PaymentTotals', {
  description:
    "Money in and out of the city's payments over a period, each move counted on the day it happened (the city's calendar), a refund or return days later on its own day: what a billing office checks its deposits against.",
})
export class PaymentTotalsType {
  @Field(() => LocalDateResolver) from: string;
  @Field(() => LocalDateResolver) to: string;
  @Field(() => [PaymentDayTotalsType], { description: 'The days money moved, oldest first.' }) days: PaymentDayTotalsType[];
  @Field(() => [PaymentMethodTotalsType], { description: 'The whole period by method.' }) methods: PaymentMethodTotalsType[];
  @Field(() => MoneyType) net: MoneyType;
}
