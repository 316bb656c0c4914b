import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';
import { AdjustmentKindEnum } from '../billing.enums';

@InputType('AccountAdjustmentInput')
export class AccountAdjustmentInput {
  @Field(() => UUIDScalar) serviceAccountId: string;
  @Field(() => UUIDScalar, {
    nullable: true,
    description:
      'The payable of the account (a bill, citation or other charge, as in its `payables`) that this fee or correction is for. It applies to that payable: a credit pays down what it still owes first (only what goes beyond goes to the account’s oldest charges), as its `amountDue` in `lookupPayable` counts it; a charge is owed on it, due with it. Absent: the account in general, where a credit pays the oldest charges first. Not one of the account’s: PAYABLE_NOT_FOUND.',
  })
  payableId?: string | null;
  @Field(() => AdjustmentKindEnum) kind: 'FEE' | 'ADJUSTMENT';
  @Field({ description: 'Signed decimal: positive charges the account, negative credits it.' }) amount: string;
  @Field({ description: 'Why; shown in the ledger.' }) memo: string;
  @Field({ description: 'Unique per intended adjustment; a retry with the same key returns the first result.' }) idempotencyKey: string;
}
