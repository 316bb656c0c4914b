import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';
import { AdjustmentKindEnum } from '../billing.enums';

@InputType('AccountAdjustmentInput')
export class AccountAdjustmentInput {
  @Field(() => UUIDScalar) serviceAccountId: string;
  @Field(() => AdjustmentKindEnum) kind: 'FEE' | 'ADJUSTMENT';
  @Field({ description: 'Signed decimal: positive charges the account, negative credits it.' }) amount: string;
  @Field({ description: 'Why; shown in the ledger.' }) memo: string;
  @Field({ description: 'Unique per intended adjustment; a retry with the same key returns the first result.' }) idempotencyKey: string;
}
