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
}
