import type { Dispute, DisputeReason } from '@platform/processor';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';

/** A dispute as recorded: the processor's facts as it last told of them. Amounts in cents. */
export interface RecordedDispute {
  readonly id: string;
  readonly paymentId: string;
  readonly amountCents: bigint;
  readonly feeCents: bigint;
  readonly reason: DisputeReason;
  readonly status: Dispute['status'];
  readonly respondBy: Date;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
}

type DisputeRow = Omit<RecordedDispute, 'amountCents' | 'feeCents'> & { readonly amountCents: string; readonly feeCents: string };

const COLUMNS = `id, payment_id AS "paymentId", amount_cents::text AS "amountCents", fee_cents::text AS "feeCents", reason, status,
  respond_by AS "respondBy", opened_at AS "openedAt", closed_at AS "closedAt"`;

const fromRow = ({ amountCents, feeCents, ...row }: DisputeRow): RecordedDispute => ({ ...row, amountCents: BigInt(amountCents), feeCents: BigInt(feeCents) });

export async function findDispute(manager: EntityManager, disputeId: string): Promise<RecordedDispute | null> {
  const [row] = await manager.query<DisputeRow[]>(`SELECT ${COLUMNS} FROM payment_disputes WHERE id = $1`, [disputeId]);
  return row ? fromRow(row) : null;
}

/** Each payment's latest dispute, by payment id. */
export async function latestDisputes(manager: EntityManager, paymentIds: readonly string[]): Promise<Map<string, RecordedDispute>> {
  const rows = await manager.query<DisputeRow[]>(
    `SELECT DISTINCT ON (payment_id) ${COLUMNS} FROM payment_disputes WHERE payment_id = ANY($1::uuid[]) ORDER BY payment_id, opened_at DESC, recorded_at DESC`,
    [paymentIds],
  );
  return new Map(rows.map((row) => [row.paymentId, fromRow(row)]));
}

export async function insertDispute(manager: EntityManager, scope: PaymentScope, paymentId: string, dispute: Dispute): Promise<void> {
  await manager.query(
    `INSERT INTO payment_disputes (tenant_id, id, payment_id, amount_cents, fee_cents, reason, status, respond_by, opened_at, closed_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
    [
      scope.tenant.id,
      dispute.id,
      paymentId,
      dispute.amountCents.toString(),
      dispute.feeCents.toString(),
      dispute.reason,
      dispute.status,
      dispute.respondBy,
      dispute.createdAt,
      dispute.closedAt,
      scope.clock.now(),
    ],
  );
}

export async function markDisputeClosed(manager: EntityManager, disputeId: string, status: 'WON' | 'LOST', closedAt: Date): Promise<void> {
  await manager.query(`UPDATE payment_disputes SET status = $2, closed_at = $3 WHERE id = $1 AND status = 'OPEN'`, [disputeId, status, closedAt]);
}

/**
 * The cards among `fingerprints` whose holder has a dispute open or lost with this city: a card its holder told their
 * bank not to pay the city is not charged again unseen (an autopay deduction from it is refused, and autopay suspends).
 */
export async function disputedCards(manager: EntityManager, fingerprints: readonly string[]): Promise<Set<string>> {
  if (fingerprints.length === 0) return new Set();
  const rows = await manager.query<{ fingerprint: string }[]>(
    `SELECT DISTINCT p.method_fingerprint AS fingerprint FROM payment_disputes d JOIN payments p ON p.tenant_id = d.tenant_id AND p.id = d.payment_id
      WHERE d.status IN ('OPEN', 'LOST') AND p.method_kind = 'CARD' AND p.method_fingerprint = ANY($1::text[])`,
    [fingerprints],
  );
  return new Set(rows.map((row) => row.fingerprint));
}
