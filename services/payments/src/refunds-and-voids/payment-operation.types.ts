import { MoneyType } from '@platform/api';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { OPERATION_KINDS, OPERATION_STATUSES, type OperationKind, type OperationStatus } from './payment-operation.state';

const PaymentOperationKindEnum = Object.fromEntries(OPERATION_KINDS.map((k) => [k, k])) as { [K in OperationKind]: K };
registerEnumType(PaymentOperationKindEnum, { name: 'PaymentOperationKind' });
const PaymentOperationStatusEnum = Object.fromEntries(OPERATION_STATUSES.map((s) => [s, s])) as { [K in OperationStatus]: K };
registerEnumType(PaymentOperationStatusEnum, {
  name: 'PaymentOperationStatus',
  description: 'PENDING until the processor answers; SUCCEEDED or FAILED as it says; UNKNOWN while reconciliation asks it again.',
});

@ObjectType('PaymentOperationTransition', { description: 'A status a refund or void moved to: when, who, why.' })
export class PaymentOperationTransitionType {
  @Field(() => PaymentOperationStatusEnum, { nullable: true }) fromStatus: OperationStatus | null;
  @Field(() => PaymentOperationStatusEnum) toStatus: OperationStatus;
  @Field() actor: string;
  @Field() reason: string;
  @Field({ description: "Why, as a person reads it in the request's language: the platform's own reasons translated (the reason above is as stored, in English), a reason staff typed as written." })
  reasonLabel: string;
  @Field(() => String, { nullable: true }) processorReference: string | null;
  @Field() occurredAt: Date;
}

@ObjectType('PaymentOperation', { description: 'A refund or void of a payment, with its own status and history.' })
export class PaymentOperationType {
  @Field(() => ID) id: string;
  @Field(() => PaymentOperationKindEnum) kind: OperationKind;
  @Field(() => PaymentOperationStatusEnum) status: OperationStatus;
  @Field({ description: 'The status as a person reads it, e.g. "Succeeded", in the request\'s language.' }) statusLabel: string;
  @Field(() => MoneyType, { description: "A refund's amount; a void's is the payment's total." }) amount: MoneyType;
  @Field() reason: string;
  @Field({ description: 'Who asked for it: a staff user id, or "platform-operator".' }) actor: string;
  @Field(() => String, { nullable: true, description: "The processor's refund id, or the voided charge's." }) processorReference: string | null;
  @Field() createdAt: Date;
  @Field(() => [PaymentOperationTransitionType], { description: 'Every status it has had, oldest first.' }) history: PaymentOperationTransitionType[];
}
