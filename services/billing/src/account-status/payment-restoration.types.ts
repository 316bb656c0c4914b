import { Field, ObjectType } from 'type-graphql';
import { RestorationProgressEnum } from '../billing.enums';
import type { RestorationProgress } from './payment-restorations.queries';

@ObjectType('PaymentRestoration', { description: 'An account the payment paid that was disconnected when it was made, and where its restoration stands now.' })
export class PaymentRestorationType {
  @Field({ description: 'The account number with all but its last four letters or digits hidden, as on the allocation.' }) maskedAccountNumber: string;
  @Field(() => RestorationProgressEnum) progress: RestorationProgress;
}
