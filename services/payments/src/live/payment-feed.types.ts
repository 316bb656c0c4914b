import { MoneyType } from '@platform/api';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { PaymentChannel } from '../payment/payment-channel';
import type { PaymentStatus } from '../payment/payment.state';
import { PaymentChannelEnum, PaymentMethodSummaryType, PaymentStatusEnum } from '../payment/payment.types';

@ObjectType('PaymentEvent', {
  description:
    'A payment moved: what it became, and when. A further refund that leaves its status as it was (a second partial refund) is an event too, of the same status: each refund carried out is one.',
})
export class PaymentEventType {
  @Field({ description: 'Pass as `after` to resume from here. Opaque, and sealed for the city: it tells nothing of order or volume, and no other city takes it.' }) cursor: string;
  @Field({ description: 'e.g. "payment.captured".' }) type: string;
  @Field() occurredAt: Date;
  @Field(() => ID) paymentId: string;
  @Field() confirmationNumber: string;
  @Field(() => PaymentStatusEnum, { description: 'The status the payment moved to.' }) status: PaymentStatus;
  @Field({ description: 'That status as a person reads it, in the language of the subscription.' }) statusLabel: string;
  @Field(() => MoneyType) total: MoneyType;
  @Field(() => PaymentMethodSummaryType, { nullable: true, description: 'How the payment was made (null on events written before events carried it).' })
  method: PaymentMethodSummaryType | null;
  @Field(() => PaymentChannelEnum, { nullable: true, description: 'How the payment reached the city (null on events written before events carried it).' })
  channel: PaymentChannel | null;
  @Field(() => Date, { nullable: true, description: 'When the payment was made (null on events written before events carried it).' }) madeAt: Date | null;
  @Field(() => [String], {
    nullable: true,
    description: 'The accounts the payment paid, masked, e.g. "****-0417": on its first event (PENDING) only, so a board reads them without asking for `payment` on every event.',
  })
  maskedAccountNumbers: string[] | null;
}

@InputType('PaymentFeedFilter')
export class PaymentFeedFilterInput {
  @Field(() => [PaymentStatusEnum], { nullable: true, description: 'Only events moving payments to these statuses.' }) statuses: PaymentStatus[] | null;
}
