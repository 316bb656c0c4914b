import { MoneyType, PaymentMethodKindEnum } from '@platform/api';
import type { RecordedMethodKind } from '@platform/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { PaymentStatus } from '../payment/payment.state';
import { PaymentStatusEnum } from '../payment/payment.types';
import { MoneyMoveTotalType } from '../totals/payment-totals.types';

@ObjectType('CounterDrawerMethod', { description: "One method's part of a clerk's drawer: what they took, the voids taken out, and what is left to count." })
export class CounterDrawerMethodType {
  @Field(() => MoneyMoveTotalType, { description: 'Every payment of this method the clerk took that day, voided ones too.' }) taken: MoneyMoveTotalType;
  @Field(() => MoneyMoveTotalType, { description: 'Those voided since (by another staff member): the money went back, so it is not in the drawer.' }) voided: MoneyMoveTotalType;
  @Field(() => MoneyType, { description: 'taken - voided: what the drawer should hold of this method.' }) inDrawer: MoneyType;
}

@ObjectType('CounterDrawerPayment', { description: 'One payment a clerk took at the counter that day.' })
export class CounterDrawerPaymentType {
  @Field(() => ID) id: string;
  @Field() confirmationNumber: string;
  @Field(() => PaymentMethodKindEnum, { description: 'CASH or CHECK.' }) methodKind: RecordedMethodKind;
  @Field(() => String, { nullable: true, description: 'CHECK: the number printed on it.' }) checkNumber: string | null;
  @Field(() => MoneyType) amount: MoneyType;
  @Field(() => MoneyType, { nullable: true, description: 'CASH: the cash handed over, when the clerk gave it.' }) cashReceived: MoneyType | null;
  @Field(() => MoneyType, { nullable: true, description: 'CASH: the change given back; null where cashReceived is.' }) changeGiven: MoneyType | null;
  @Field(() => PaymentStatusEnum, { description: 'POSTED, or VOIDED (taken out of the drawer).' }) status: PaymentStatus;
  @Field({ description: "The status as a person reads it, in the request's language." }) statusLabel: string;
  @Field({ description: 'Who received it, as the clerk typed their name.' }) receivedBy: string;
  @Field() madeAt: Date;
}

@ObjectType('CounterDrawer', {
  description:
    "A clerk's cash drawer for one day of the city's calendar, for balancing it at the close: the cash and checks they took (signed in as themselves, whatever name was typed as who received it), the voids taken out, and what they should hold.",
})
export class CounterDrawerType {
  @Field(() => LocalDateResolver) date: string;
  @Field(() => ID, { description: "The clerk's user id." }) clerkId: string;
  @Field(() => String, { nullable: true, description: 'The clerk as a person reads them (name, else username or email), as now; null for a user since removed.' })
  clerkName: string | null;
  @Field(() => CounterDrawerMethodType) cash: CounterDrawerMethodType;
  @Field(() => CounterDrawerMethodType) checks: CounterDrawerMethodType;
  @Field(() => MoneyType, { description: 'The cash residents handed over for the standing cash payments where the clerk gave it.' }) cashReceived: MoneyType;
  @Field(() => MoneyType, { description: 'The change given back from that cash.' }) changeGiven: MoneyType;
  @Field(() => MoneyType, { description: 'Cash and checks the drawer should hold: cash.inDrawer + checks.inDrawer.' }) total: MoneyType;
  @Field(() => [String], { description: 'The numbers of the standing checks, as printed, in the order taken: to tick off against the checks in the drawer.' })
  checkNumbers: string[];
  @Field(() => [CounterDrawerPaymentType], { description: 'Every payment the clerk took that day, voided ones too, in the order taken.' }) payments: CounterDrawerPaymentType[];
}
