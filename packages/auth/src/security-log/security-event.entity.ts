import { Column, Entity, PrimaryColumn } from 'typeorm';

export const SECURITY_EVENT_KINDS = [
  'REGISTERED',
  'REGISTRATION_ENDED',
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'LOGOUT',
  'SESSION_REFRESHED',
  'REFRESH_TOKEN_REUSED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET_REQUESTED',
  'PASSWORD_RESET',
  'PROFILE_UPDATED',
  'STAFF_CREATED',
  'STAFF_DISABLED',
  'STAFF_INVITATION_RESENT',
  'STAFF_INVITATION_ACCEPTED',
  'STAFF_ROLE_CHANGED',
  'STAFF_ENABLED',
  'RATE_LIMITED',
  'ACCOUNT_LINKED',
  'ACCOUNT_LINK_FAILED',
  'ACCOUNT_UNLINKED',
  'LOOKUP_FAILED',
  'JOB_RUN',
  'BILLS_IMPORTED',
  'ADJUSTMENT_RECORDED',
  'ACCOUNT_STATUS_CHANGED',
  'PAYMENT_REFUNDED',
  'PAYMENT_VOIDED',
  'COUNTER_PAYMENT_RECORDED',
  'COUNTER_CHECK_RETURNED',
  'COUNTER_DRAWER_CLOSED',
  'COUNTER_DRAWER_REOPENED',
  'CITY_SETTINGS_CHANGED',
  'NOTIFICATION_RESENT',
  'BANK_ACCOUNT_BLOCK_LIFTED',
  'GIVING_BACK_REQUESTED',
  'GIVING_BACK_APPROVED',
  'GIVING_BACK_DECLINED',
  'GIVING_BACK_EXPIRED',
  'LOCKOUT_CLEARED',
  'RESIDENTS_SEARCHED',
  'ONLINE_ACCOUNT_CLOSED',
  'PAPERLESS_CHOSEN',
  'PAPER_CHOSEN',
  'PAPERLESS_ENDED',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** The city's security log: append-only (a trigger refuses UPDATE and DELETE), readable by its ADMIN as `auditLog`. */
@Entity({ name: 'security_events' })
export class SecurityEventEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  kind: SecurityEventKind;

  /** The user the event is about, when known. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** Who did it: the user, a staff member, "platform-operator". */
  @Column({ type: 'text' })
  actor: string;

  @Column({ name: 'client_ip', type: 'text' })
  clientIp: string;

  /** Facts about the event; never a password or token. */
  @Column({ type: 'jsonb' })
  detail: Record<string, string>;
}
