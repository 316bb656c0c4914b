import type { ServiceModule } from '@platform/api';
import { deliverDueNotifications, type DeliveryChannels } from './delivery/delivery.service';
import type { DeliverySettings } from './delivery/delivery-settings';
import { createUnsubscribeRoute } from './email/unsubscribe-route';
import { createInboundSmsRoute, type InboundSmsSettings } from './sms/inbound-sms-route';
import { CreateNotificationOutbox1763800100000 } from './migrations/1763800100000-create-notification-outbox';
import { SmsNotifications1763800900100 } from './migrations/1763800900100-sms-notifications';
import { NotificationDelivery1763800900300 } from './migrations/1763800900300-notification-delivery';
import { ForgetSentOneTimeTokens1763801100000 } from './migrations/1763801100000-forget-sent-one-time-tokens';
import { ConfirmedTextNumbers1763801202000 } from './migrations/1763801202000-confirmed-text-numbers';
import { TextsStoppedByTheirNumber1763801202200 } from './migrations/1763801202200-texts-stopped-by-their-number';
import { CodesPerNumberAcrossCities1763801202300 } from './migrations/1763801202300-codes-per-number-across-cities';
import { RetractedAnnouncements1763801202400 } from './migrations/1763801202400-retracted-announcements';
import { EmailAddressChanges1763801202800 } from './migrations/1763801202800-email-address-changes';
import { TextsByMessagingService1763801203200 } from './migrations/1763801203200-texts-by-messaging-service';
import { NoticesFiledByAccount1763801203510 } from './migrations/1763801203510-notices-filed-by-account';
import { RetractedSuspensions1763801203520 } from './migrations/1763801203520-retracted-suspensions';
import { RetractedServiceStandingNotices1796537434068 } from './migrations/1796537434068-retracted-service-standing-notices';
import { BillEmailsByUser1796562554970 } from './migrations/1796562554970-bill-emails-by-user';
import { BillNoticesSwitch1796548500000 } from './migrations/1796548500000-bill-notices-switch';
import { NotificationEntity } from './notification.entity';
import { NotificationResolver } from './notification.resolver';
import type { ResendDependencies } from './staff/notification-staff.service';

export const DELIVER_TASK = 'notifications.deliver';

export interface NotificationsSettings {
  readonly delivery: DeliverySettings;
  readonly channels: DeliveryChannels;
  /** Twilio's webhook for the texts residents send back (STOP, START); none without Twilio. */
  readonly inboundSms?: InboundSmsSettings;
}

/**
 * The notification outbox and its delivery. Without settings (tests that
 * do not deliver), messages are queued and wait as PENDING. A staff
 * member's resend goes into the city's audit log through `resends.audit`.
 */
export function createNotificationsModule(settings: NotificationsSettings | undefined, resends: ResendDependencies): ServiceModule {
  return {
    name: 'notifications',
    entities: [NotificationEntity],
    migrations: [
      CreateNotificationOutbox1763800100000,
      SmsNotifications1763800900100,
      NotificationDelivery1763800900300,
      ForgetSentOneTimeTokens1763801100000,
      ConfirmedTextNumbers1763801202000,
      TextsStoppedByTheirNumber1763801202200,
      CodesPerNumberAcrossCities1763801202300,
      RetractedAnnouncements1763801202400,
      EmailAddressChanges1763801202800,
      TextsByMessagingService1763801203200,
      NoticesFiledByAccount1763801203510,
      RetractedSuspensions1763801203520,
      RetractedServiceStandingNotices1796537434068,
      BillNoticesSwitch1796548500000,
      BillEmailsByUser1796562554970,
    ],
    resolvers: [new NotificationResolver(resends)],
    jobs: settings ? { [DELIVER_TASK]: async (_payload, { db, log, clock, stopping }) => void (await deliverDueNotifications({ db, log, clock, stopping, ...settings })) } : {},
    // A backstop under the waker (instances that run jobs also poll): a pass every minute whatever happens.
    schedules: settings ? [{ task: DELIVER_TASK, cron: '* * * * *' }] : [],
    // The one-click unsubscribe address optional emails name, signed with the key their delivery signs with; the texts
    // residents send back, signed by Twilio.
    httpRoutes: settings ? [createUnsubscribeRoute(settings.delivery.unsubscribeSecret), ...(settings.inboundSms ? [createInboundSmsRoute(settings.inboundSms)] : [])] : [],
  };
}

export { enqueueNotification, withdrawPendingNotices, type NewNotification } from './notification.service';
export { redirectPendingEmails } from './pending-emails-redirect.service';
export { closedAccountMessagesEnded } from './closed-online-account.service';
export { withdrawPendingEmailVerifications, withdrawPendingPasswordLinks } from './password-links-withdrawal.service';
export { takeBackPendingAccountNotices, withdrawPendingAccountNotices, type WithdrawnNotice } from './account-notice-withdrawal.service';
export { retractAnnouncedCharges } from './charge-announcements.service';
export { retractSuspensionNotices } from './suspension-notices.service';
export { retractServiceStandingNotices, type ServiceStandingTemplate } from './service-standing-notices.service';
export { enqueueNotifications } from './notification-batch.service';
export { NotificationEntity, type NotificationTemplate } from './notification.entity';
export { deliverDueNotifications, type DeliveryChannels, type DeliveryCounts } from './delivery/delivery.service';
export type { DeliverySettings } from './delivery/delivery-settings';
export { startDeliveryWaker, type DeliveryWaker } from './delivery/delivery-waker';
export { createSmtpSender, type SmtpSettings } from './email/smtp-sender';
export type { EmailSender } from './email/email-sender';
export { startDevMailbox, listDevMailbox, type DevMailbox } from './email/dev-mailbox';
export { createDevSmsSink } from './sms/dev-sms-sink';
export { createNoSmsProvider } from './sms/no-sms-provider';
export type { OutgoingSms, SmsSender } from './sms/sms-sender';
export { createTwilioSmsSender, type TwilioSettings } from './sms/twilio-sms-sender';
export { INBOUND_SMS_PATH, type InboundSmsSettings } from './sms/inbound-sms-route';
export { billEmailBlocks, type BillEmailBlock, type BillEmailRecipient } from './paperless/bill-email-reach';
export { PAPERLESS_END_REASONS, type PaperlessEndReason } from './paperless/paperless-end-reasons';
export { cityMayText } from './sms/texts-refused';
export { deliveryHealth, type ResendAudit, type ResendDependencies } from './staff/notification-staff.service';
export { withdrawHolderNotices, type HeldAccount } from './holder-notices.service';
