import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const OUTCOME_KINDS = ['CHARGED', 'FAILED', 'SUSPENDED', 'SKIPPED', 'AWAITING_PROCESSOR'] as const;
/**
 * What a run did to an account: charged it; an attempt FAILED (declined, or
 * refused by the processor; `nextAttemptOn` when it will be retried); the
 * enrolment was SUSPENDED; the cycle was SKIPPED (`reason`); or the
 * processor has not answered yet and reconciliation will settle it.
 */
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** The append-only history of autopay: one row per thing a run did to an account. */
@Entity({ name: 'autopay_outcomes' })
export class AutopayOutcomeEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  /** The id of the transaction that wrote it (pg_current_xact_id()): a run's outcomes are listed in its order, then `seq`'s. */
  @Column({ name: 'xact_id', type: 'bigint', insert: false, update: false }) xactId: string;
  @Column({ name: 'run_id', type: 'uuid' }) runId: string;
  @Column({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @Column({ type: 'text' }) cycle: string;
  /** The attempt it concerns; 0 when the cycle was settled without one. */
  @Column({ type: 'smallint' }) attempt: number;
  @Column({ type: 'text' }) kind: OutcomeKind;
  /** A skip or suspension reason, or the processor's decline code. */
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** What an attempt was to pay toward the account, the convenience fee aside. */
  @Column({ name: 'amount_cents', ...bigintColumn, nullable: true }) amountCents: bigint | null;
  /**
   * The convenience fee the attempt's payment carried on top of `amountCents`. Null when no attempt was made, and on
   * outcomes written before it was kept (OutcomeFee1763801203800): read those from the payment.
   */
  @Column({ name: 'fee_cents', ...bigintColumn, nullable: true }) feeCents: bigint | null;
  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId: string | null;
  @Column({ name: 'next_attempt_on', type: 'date', nullable: true }) nextAttemptOn: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
}
