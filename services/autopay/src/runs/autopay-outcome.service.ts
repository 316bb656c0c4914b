import type { EntityManager } from 'typeorm';
import type { OutcomeKind } from './autopay-outcome.entity';
import type { AutopayScope } from '../autopay-scope';

export interface NewOutcome {
  readonly serviceAccountId: string;
  readonly cycle: string;
  readonly attempt: number;
  readonly kind: OutcomeKind;
  readonly reason?: string | null;
  /** What the attempt was to pay toward the account; its payment's convenience fee is `feeCents`, on top. */
  readonly amountCents?: bigint | null;
  readonly feeCents?: bigint | null;
  readonly paymentId?: string | null;
  readonly nextAttemptOn?: string | null;
}

/** Appends to a run's history, in the caller's transaction (the one that made the change). */
export async function recordOutcomes(manager: EntityManager, scope: AutopayScope, runId: string, outcomes: readonly NewOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await manager.query(
    `INSERT INTO autopay_outcomes (tenant_id, id, run_id, service_account_id, cycle, attempt, kind, reason, amount_cents, fee_cents, payment_id, next_attempt_on, occurred_at)
     SELECT $1, gen_random_uuid(), $2, o.account, o.cycle, o.attempt, o.kind, o.reason, o.amount, o.fee, o.payment, o.next_on, $3
       FROM unnest($4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::uuid[], $12::date[])
         AS o(account, cycle, attempt, kind, reason, amount, fee, payment, next_on)`,
    [
      scope.tenant.id,
      runId,
      scope.clock.now(),
      outcomes.map((o) => o.serviceAccountId),
      outcomes.map((o) => o.cycle),
      outcomes.map((o) => o.attempt),
      outcomes.map((o) => o.kind),
      outcomes.map((o) => o.reason ?? null),
      outcomes.map((o) => o.amountCents?.toString() ?? null),
      outcomes.map((o) => o.feeCents?.toString() ?? null),
      outcomes.map((o) => o.paymentId ?? null),
      outcomes.map((o) => o.nextAttemptOn ?? null),
    ],
  );
}
