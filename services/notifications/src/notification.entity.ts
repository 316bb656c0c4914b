import type { Locale } from '@platform/core';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a notification says; each template is rendered in the recipient's language when it is delivered. */
export type NotificationTemplate =
  | 'PASSWORD_RESET'
  | 'PASSWORD_CHANGED'
  | 'EMAIL_CHANGED'
  | 'EMAIL_VERIFICATION'
  | 'ACCOUNT_CLOSED'
  | 'STAFF_INVITATION'
  | 'PAYMENT_RECEIPT'
  | 'PAYMENT_REFUNDED'
  | 'PAYMENT_VOIDED'
  | 'PAYMENT_RETURNED'
  | 'PAYMENT_DISPUTED'
  | 'PAYMENT_FAILED'
  | 'AUTOPAY_REMINDER'
  | 'AUTOPAY_CARD_EXPIRING'
  | 'AUTOPAY_FAILED'
  | 'AUTOPAY_SUSPENDED'
  | 'AUTOPAY_SKIPPED'
  | 'BANK_ACCOUNT_BLOCKED'
  | 'BANK_ACCOUNT_UNBLOCKED'
  | 'DISCONNECTION_WARNING'
  | 'SERVICE_DISCONNECTED'
  | 'SERVICE_RESTORED'
  | 'BILL_ISSUED'
  | 'BILL_DUE_SOON'
  | 'SMS_PHONE_CODE'
  | 'PAPERLESS_ENDED';

export const NOTIFICATION_TEMPLATES: readonly NotificationTemplate[] = [
  'PASSWORD_RESET',
  'PASSWORD_CHANGED',
  'EMAIL_CHANGED',
  'EMAIL_VERIFICATION',
  'ACCOUNT_CLOSED',
  'STAFF_INVITATION',
  'PAYMENT_RECEIPT',
  'PAYMENT_REFUNDED',
  'PAYMENT_VOIDED',
  'PAYMENT_RETURNED',
  'PAYMENT_DISPUTED',
  'PAYMENT_FAILED',
  'AUTOPAY_REMINDER',
  'AUTOPAY_CARD_EXPIRING',
  'AUTOPAY_FAILED',
  'AUTOPAY_SUSPENDED',
  'AUTOPAY_SKIPPED',
  'BANK_ACCOUNT_BLOCKED',
  'BANK_ACCOUNT_UNBLOCKED',
  'DISCONNECTION_WARNING',
  'SERVICE_DISCONNECTED',
  'SERVICE_RESTORED',
  'BILL_ISSUED',
  'BILL_DUE_SOON',
  'SMS_PHONE_CODE',
  'PAPERLESS_ENDED',
];

export type NotificationChannel = 'EMAIL' | 'SMS';

/**
 * PENDING until delivered (SENT), given up on (FAILED: a permanent refusal,
 * or the last attempt failed), or not attempted at all (SUPPRESSED: the
 * address bounced before, or the resident switched this kind off).
 */
export type NotificationStatus = 'PENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED';
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['PENDING', 'SENT', 'FAILED', 'SUPPRESSED'];

/**
 * The outbox: a message to send, written in the same transaction as the
 * change that caused it, so a committed change always has its message and a
 * rolled-back one never does. The delivery worker claims PENDING rows.
 */
@Entity({ name: 'notification_outbox' })
export class NotificationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  /** Also the message's idempotency key: it is the email's Message-ID. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'text' })
  channel: NotificationChannel;

  /** An email address for EMAIL; an E.164 phone number for SMS. */
  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  locale: Locale;

  @Column({ type: 'text' })
  template: NotificationTemplate;

  /** What the template needs (names, links, one-time tokens); never card or bank numbers. */
  @Column({ type: 'jsonb' })
  data: Record<string, string>;

  @Column({ type: 'text', default: 'PENDING' })
  status: NotificationStatus;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** The user it is for, when known (preferences apply). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** The service account it is about, when it is about one (see AccountFiling). */
  @Column({ name: 'account_number', type: 'text', nullable: true })
  accountNumber: string | null;

  /** Every service account it is about, by billing's key: what staff find it by (see AccountFiling). */
  @Column({ name: 'account_keys', type: 'text', array: true, default: () => "'{}'" })
  accountKeys: string[];

  /** Attempts claimed so far, a crashed one included. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId: string | null;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** The last failure as the provider put it (e.g. "451 4.3.0 try later"). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Why it is FAILED or SUPPRESSED (a NotificationFailureReason). */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  /** What the provider called it (SMTP reply, Twilio SID). */
  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId: string | null;

  /** A sent text's Twilio Messaging Service: the city's own, or null for the platform's (a STOP comes back to it). */
  @Column({ name: 'messaging_service_sid', type: 'text', nullable: true })
  messagingServiceSid: string | null;

  /**
   * What it says no longer holds, whatever its status: an autopay charge
   * whose enrolment was cancelled or suspended since
   * (retractAnnouncedCharges), a suspension since resumed or ended
   * (retractSuspensionNotices). Never sent again.
   */
  @Column({ type: 'boolean', default: false })
  retracted: boolean;

  /** The message this one re-sends (resendNotification). */
  @Column({ name: 'resent_from', type: 'uuid', nullable: true })
  resentFrom: string | null;
}
