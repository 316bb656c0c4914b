import { UUIDScalar } from '@platform/api';
import { COUNTER_METHODS, type CounterMethod } from '@platform/core';
import { Field, InputType, registerEnumType } from 'type-graphql';

const CounterMethodEnum = Object.fromEntries(COUNTER_METHODS.map((m) => [m, m])) as { [K in CounterMethod]: K };
registerEnumType(CounterMethodEnum, { name: 'CounterMethod', description: "Money handed over at the city's office: cash, or a paper check." });

@InputType('CounterPaymentAllocationInput', { description: 'Where part of a counter payment goes: any account of the city (serviceAccountId, from serviceAccounts), or one payable (payableId).' })
export class CounterPaymentAllocationInput {
  @Field(() => UUIDScalar, { nullable: true }) serviceAccountId: string | null;
  @Field(() => UUIDScalar, { nullable: true }) payableId: string | null;
  @Field({ description: 'Dollars and cents, e.g. "85.85".' }) amount: string;
}

@InputType('RecordCounterPaymentInput')
export class RecordCounterPaymentInput {
  @Field({ description: 'Made once per attempt (e.g. a UUID made when the form is filled in): a retry or a second click with it records nothing new and returns the same payment.' })
  idempotencyKey: string;
  @Field(() => [CounterPaymentAllocationInput]) allocations: CounterPaymentAllocationInput[];
  @Field(() => CounterMethodEnum) method: CounterMethod;
  @Field(() => String, { nullable: true, description: 'CHECK: the number printed on the check (1-10 digits, not all zeros; a leading "#" is fine). CASH: leave out.' }) checkNumber: string | null;
  @Field({ description: 'Who took the money, as the staff member types their name; the signed-in user is recorded as the actor as well.' }) receivedBy: string;
  @Field(() => String, { nullable: true, description: "Where the receipt goes; by default the email of the account's first linked user, if any." }) payerEmail: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'CASH: the cash the resident handed over, dollars and cents (e.g. "50.00"), at least the payment (CASH_SHORT); required (REQUIRED); kept with the payment, with the change given back, for its receipt, the audit log and the drawer. CHECK: leave out (INVALID).',
  })
  cashReceived: string | null;
}
