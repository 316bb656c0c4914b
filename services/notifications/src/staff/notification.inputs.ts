import { Field, InputType } from 'type-graphql';
import type { NotificationStatus, NotificationTemplate } from '../notification.entity';
import { NotificationStatusEnum, NotificationTemplateEnum } from './notification.types';

@InputType('NotificationFilter', { description: 'Every field given must match.' })
export class NotificationFilterInput {
  @Field(() => String, { nullable: true, description: 'Email address (any case) or phone number.' }) recipient?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A service account, its number however typed ("10 1002 00"): every message about it, the notices of a payment to it among them (one that paid several accounts is found by each).',
  })
  accountNumber?: string | null;
  @Field(() => NotificationTemplateEnum, { nullable: true }) template?: NotificationTemplate | null;
  @Field(() => NotificationStatusEnum, { nullable: true }) status?: NotificationStatus | null;
}

@InputType('NotificationPreferencesInput', { description: 'Fields left out stay as they are.' })
export class NotificationPreferencesInput {
  @Field(() => Boolean, { nullable: true }) autopayReminders?: boolean | null;
  @Field(() => Boolean, { nullable: true }) billNotices?: boolean | null;
  @Field(() => Boolean, { nullable: true }) smsOptIn?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'A US mobile number ("562-555-0100") or E.164 ("+15625550100"); null removes it (and ends texts). A new number is texted a code to confirm it with (confirmSmsPhone).',
  })
  smsPhone?: string | null;
}

@InputType('ConfirmSmsPhoneInput')
export class ConfirmSmsPhoneInput {
  @Field({ description: 'The 6-digit code texted to the saved mobile number.' }) code: string;
}
