import type { Locale } from '@platform/core';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a notification says; each template is rendered in the recipient's language by the delivery issue. */
export type NotificationTemplate =
  | 'PASSWORD_RESET'
  | 'PASSWORD_CHANGED'
  | 'STAFF_INVITATION'
  | 'PAYMENT_RECEIPT'
  | 'PAYMENT_REFUNDED'
  | 'PAYMENT_RETURNED'
  | 'AUTOPAY_REMINDER'
  | 'AUTOPAY_CARD_EXPIRING'
  | 'AUTOPAY_FAILED'
  | 'AUTOPAY_SUSPENDED';

/** EMAIL, or SMS (a text message, e.g. the receipt a phone payer asks for). */
export type NotificationChannel = 'EMAIL' | 'SMS';

/**
 * The outbox: a message to send, written in the same transaction as the
 * change that caused it, so a committed change always has its message and a
 * rolled-back one never does. Delivery (a later issue) reads PENDING rows.
 */
@Entity({ name: 'notification_outbox' })
export class NotificationEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'text' })
  channel: NotificationChannel;

  /** An email address for EMAIL; an E.164 phone number (+15625550100) for SMS. */
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
  status: 'PENDING' | 'SENT' | 'FAILED';

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
