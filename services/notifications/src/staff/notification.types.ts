import { PageInfoType, UserErrorType } from '@platform/api';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NOTIFICATION_STATUSES, NOTIFICATION_TEMPLATES, type NotificationChannel, type NotificationStatus, type NotificationTemplate } from '../notification.entity';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const NotificationTemplateEnum = asEnum(NOTIFICATION_TEMPLATES);
export const NotificationStatusEnum = asEnum(NOTIFICATION_STATUSES);
const NotificationChannelEnum = asEnum(['EMAIL', 'SMS'] as const);
registerEnumType(NotificationTemplateEnum, { name: 'NotificationTemplate', description: 'What a message is: receipt, reset link, autopay notice, ...' });
registerEnumType(NotificationStatusEnum, {
  name: 'NotificationStatus',
  description:
    'PENDING until SENT; FAILED when refused for good, out of attempts, or refused by the relay for too long; SUPPRESSED when never attempted (the address bounced before, the resident switched the kind off, or its one-time link expired).',
});
registerEnumType(NotificationChannelEnum, { name: 'NotificationChannel' });

@ObjectType('Notification', { description: 'A message the platform sent, or is sending, to a resident or staff member. Its content (which may hold a one-time link) is not shown.' })
export class NotificationType {
  @Field() id: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => NotificationChannelEnum) channel: NotificationChannel;
  @Field({ description: 'Email address or phone number.' }) recipient: string;
  @Field(() => NotificationTemplateEnum) template: NotificationTemplate;
  @Field() locale: string;
  @Field(() => NotificationStatusEnum) status: NotificationStatus;
  @Field(() => Int, { description: 'Attempts so far (one cut short by a crash included; a refusal of the platform by the relay is none: see lastError).' }) attempts: number;
  @Field(() => Date, { nullable: true, description: 'When a PENDING message is next tried.' }) nextAttemptAt: Date | null;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'BOUNCED, REJECTED, INVALID_ADDRESS, TOO_MANY_ATTEMPTS, RELAY_UNAVAILABLE, ADDRESS_UNDELIVERABLE, UNSUBSCRIBED, WITHDRAWN, EXPIRED, RENDER_FAILED or NO_SMS_PROVIDER.',
  })
  failureReason: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The last failure as the mail server or SMS provider put it (e.g. '451 4.3.0 Try again later'), with any email address or phone number it quoted replaced ('[email address]', '[phone number]'): the recipient is beside it.",
  })
  lastError: string | null;
  @Field(() => String, { nullable: true, description: 'The service account it is about, when it is about one (a payment to several accounts names none here; the filter finds it by each).' })
  accountNumber: string | null;
  @Field(() => String, { nullable: true, description: 'The message this one re-sends.' }) resentFrom: string | null;
}

@ObjectType('NotificationEdge')
export class NotificationEdgeType {
  @Field(() => NotificationType) node: NotificationType;
  @Field() cursor: string;
}

@ObjectType('NotificationConnection')
export class NotificationConnectionType {
  @Field(() => [NotificationEdgeType]) edges: NotificationEdgeType[];
  @Field(() => PageInfoType) pageInfo: PageInfoType;
}

@ObjectType('NotificationStats', { description: "The health of the city's message delivery, for alerting." })
export class NotificationStatsType {
  @Field(() => Int, { description: 'Messages given up on (FAILED).' }) failed: number;
  @Field(() => Int, { description: 'Messages waiting to go (PENDING).' }) pending: number;
  @Field(() => Date, { nullable: true, description: 'When the oldest PENDING message was queued; null when none waits.' }) oldestPendingAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'Its age in seconds, now.' }) oldestPendingAgeSeconds: number | null;
}

@ObjectType('NotificationPayload')
export class NotificationPayloadType {
  @Field(() => NotificationType, { nullable: true }) notification: NotificationType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}

@ObjectType('NotificationPreferences', { description: "A signed-in resident's choices about the messages they get." })
export class NotificationPreferencesType {
  @Field({ description: 'Email a reminder before each automatic payment (receipts and failures always go).' }) autopayReminders: boolean;
  @Field({
    description:
      'Email (and, with smsOptIn, text) when a new bill is issued on an account the resident linked (its amount, due date, and the day autopay pays it where it does), and a reminder 3 days before a bill is due where the account still owes and autopay does not pay it.',
  })
  billNotices: boolean;
  @Field({
    description:
      'Also text payment receipts, autopay failures, new bills (with billNotices) and notices about the service (the city may disconnect it, it was disconnected, it is restored) to smsPhone, once it is confirmed (smsPhoneConfirmed).',
  })
  smsOptIn: boolean;
  @Field(() => String, { nullable: true, description: 'E.164, e.g. +15625550100.' }) smsPhone: string | null;
  @Field({
    description:
      'Whether the resident proved smsPhone is theirs by entering the code texted to it (confirmSmsPhone). Texts go only to a confirmed number: saving a new one sends it a code, and until the code is entered nothing else is texted to it.',
  })
  smsPhoneConfirmed: boolean;
}

@ObjectType('NotificationPreferencesPayload')
export class NotificationPreferencesPayloadType {
  @Field(() => NotificationPreferencesType, { nullable: true }) preferences: NotificationPreferencesType | null;
  @Field(() => [UserErrorType]) userErrors: UserErrorType[];
}
