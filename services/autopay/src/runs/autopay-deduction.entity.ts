import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * CHARGING: an attempt is claimed and its payment may be in flight (a run
 * that died leaves it so; the next run follows it up under the same key).
 * RETRY_SCHEDULED: the last attempt failed; `nextAttemptOn` says when to try
 * again. CHARGED, SKIPPED and SUSPENDED are final for the cycle.
 */
export type DeductionStatus = 'CHARGING' | 'CHARGED' | 'RETRY_SCHEDULED' | 'SKIPPED' | 'SUSPENDED';

/**
 * One account's deduction for one cycle: the row that makes autopay
 * idempotent. Its primary key allows one per account and month; attempts are
 * numbered under its row lock, and attempt n's payment has the idempotency
 * key `paymentKeyFor(account, cycle, n)`, so no rerun, retry or crash can
 * charge a cycle twice.
 */
@Entity({ name: 'autopay_deductions' })
export class AutopayDeductionEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ name: 'service_account_id', type: 'uuid' }) serviceAccountId: string;
  @PrimaryColumn({ type: 'text' }) cycle: string;
  @Column({ name: 'deduction_date', type: 'date' }) deductionDate: string;
  @Column({ type: 'text' }) status: DeductionStatus;
  /** Attempts claimed so far; every one but a CHARGING or CHARGED last one failed. */
  @Column({ type: 'smallint' }) attempts: number;
  @Column({ name: 'first_attempted_on', type: 'date', nullable: true }) firstAttemptedOn: string | null;
  /** The current (or last) attempt's payer, method, amount and fee, so a follow-up repeats exactly that request. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column({ name: 'saved_method_id', type: 'uuid', nullable: true }) savedMethodId: string | null;
  @Column({ name: 'amount_cents', ...bigintColumn, nullable: true }) amountCents: bigint | null;
  /** Null before claims kept their fee. */
  @Column({ name: 'fee_cents', ...bigintColumn, nullable: true }) feeCents: bigint | null;
  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId: string | null;
  @Column({ name: 'next_attempt_on', type: 'date', nullable: true }) nextAttemptOn: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * The payments idempotency key of an attempt. The slashes keep it out of
 * reach of makePayment, whose keys cannot contain them; the account id goes
 * without its hyphens, whose digit groups card-number scanners can mistake
 * for a card.
 */
export const paymentKeyFor = (serviceAccountId: string, cycle: string, attempt: number) => `autopay/${serviceAccountId.replace(/-/g, '')}/${cycle}/${attempt}`;
