import { UUIDScalar } from '@platform/api';
import { Field, InputType } from 'type-graphql';

@InputType('AutopayInput', { description: "Autopay's terms for one account: enrollAutopay sets them, updateAutopay replaces them." })
export class AutopayInput {
  @Field(() => UUIDScalar, { description: 'One of your linked accounts (viewer.serviceAccounts).' }) serviceAccountId: string;
  @Field(() => UUIDScalar, { description: 'One of your saved methods (paymentMethods), of a kind the city takes online (tenant.autopayRules.methodsAllowedOnline).' })
  paymentMethodId: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The most one deduction may take, the city\'s convenience fee included, in dollars ("150.00"), zero or more; null or omitted for no limit. More than this is due: that month is skipped.',
  })
  maxAmount: string | null;
}
