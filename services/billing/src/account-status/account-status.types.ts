import { Field, ObjectType } from 'type-graphql';
import { AccountStatusEnum } from '../billing.enums';
import type { AccountStatus } from './account-status.state';

@ObjectType('AccountStatusChange')
export class AccountStatusChangeType {
  @Field(() => AccountStatusEnum, { nullable: true }) fromStatus: AccountStatus | null;
  @Field(() => AccountStatusEnum) toStatus: AccountStatus;
  @Field({ description: 'e.g. OPENED, PAST_DUE, DISCONNECTED_FOR_NON_PAYMENT, PAID_IN_FULL, RESTORATION_APPROVED.' }) reason: string;
  @Field({ description: 'The reason as a person reads it in the request\'s language, e.g. "Disconnected for non-payment".' }) reasonLabel: string;
  @Field({ description: 'A staff user id, or "system"; to a customer, "staff" in place of the id.' }) actor: string;
  @Field(() => String, { nullable: true, description: 'What staff wrote about a change they made (markAccountDisconnected, approveRestoration); staff only, null to a customer.' }) note: string | null;
  @Field() occurredAt: Date;
}
