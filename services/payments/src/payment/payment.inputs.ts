import { PaymentMethodKindEnum, UUIDScalar } from '@platform/api';
import type { RecordedMethodKind } from '@platform/core';
import { Field, InputType } from 'type-graphql';
import type { PaymentStatus } from './payment.state';
import { PaymentStatusEnum } from './payment.types';

@InputType('PaymentFilter')
export class PaymentFilterInput {
  @Field(() => Date, { nullable: true, description: 'Made at or after.' }) from: Date | null;
  @Field(() => Date, { nullable: true, description: 'Made before.' }) to: Date | null;
  @Field(() => [PaymentStatusEnum], { nullable: true }) statuses: PaymentStatus[] | null;
  @Field(() => PaymentMethodKindEnum, { nullable: true }) methodKind: RecordedMethodKind | null;
  @Field(() => UUIDScalar, { nullable: true }) serviceAccountId: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The payment of this confirmation number, as a payer reads it out: any letter case, with or without its dashes or spaces ("k7qm 4xpd 9r2t"). One that cannot be a confirmation number is BAD_USER_INPUT (reason INVALID_CONFIRMATION_NUMBER) at filter.confirmationNumber.',
  })
  confirmationNumber: string | null;
}
