import { clampPageSize, cursorCodec, decodeAfter, fetchSize, toConnection, type Connection, type PageSizeRule, type TenantContext } from '@platform/api';
import type { RecordedMethodKind } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { normaliseConfirmationNumber } from './confirmation-number';
import { PaymentLineEntity } from './payment-line.entity';
import type { PaymentStatus } from './payment.state';
import { PaymentTransitionEntity } from './payment-transition.entity';
import { PaymentEntity } from './payment.entity';
import { isReceiptToken } from './receipt-token';

export interface PaymentFilter {
  /** Made on or after this instant. */
  readonly from?: Date | null;
  /** Made before this instant. */
  readonly to?: Date | null;
  /** Any of these (a list as sent may repeat them: the same filter once repeats are dropped). */
  readonly statuses?: readonly PaymentStatus[] | null;
  readonly methodKind?: RecordedMethodKind | null;
  readonly serviceAccountId?: string | null;
  readonly payerUserId?: string | null;
  /** As stored ("K7QM-4XPD-9R2T": normaliseConfirmationNumber). */
  readonly confirmationNumber?: string | null;
}

/** A position in the newest-first list: the last row's time and id. */
const paymentCursor = cursorCodec('payments', 'timestamp', 'uuid');

/**
 * A page of payments, newest first, filtered: at most `page.first` (clamped
 * by `rule`) after `page.after`, a cursor this list gave out (anything else
 * is BAD_USER_INPUT, never a silent first page). A payer's own list
 * (`filter.payerUserId`) is a list of its own: its cursors and the staff
 * list's are not taken by the other.
 */
export async function listPayments<Node>(
  ctx: TenantContext,
  filter: PaymentFilter,
  page: { readonly first?: number | null; readonly after?: string | null },
  rule: PageSizeRule,
  node: (payment: PaymentEntity) => Node,
): Promise<Connection<Node>> {
  const cursors = paymentCursor.within({ tenantId: ctx.tenant.id, parentId: filter.payerUserId });
  const after = decodeAfter(cursors, page.after, ctx.locale);
  const size = clampPageSize(page.first, rule);
  const rows = await withTenant(ctx, (manager) => {
    const query = manager.getRepository(PaymentEntity).createQueryBuilder('p').orderBy('p.made_at', 'DESC').addOrderBy('p.id', 'DESC').limit(fetchSize(size));
    if (filter.from) query.andWhere('p.made_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('p.made_at < :to', { to: filter.to });
    // One array parameter, whatever the list's length: PostgreSQL takes at most 65,535 bind parameters a statement.
    if (filter.statuses?.length) query.andWhere('p.status = ANY(:statuses)', { statuses: [...new Set(filter.statuses)] });
    if (filter.methodKind) query.andWhere('p.method_kind = :kind', { kind: filter.methodKind });
    if (filter.payerUserId) query.andWhere('p.payer_user_id = :payer', { payer: filter.payerUserId });
    if (filter.confirmationNumber) query.andWhere('p.confirmation_number = :number', { number: filter.confirmationNumber });
    if (filter.serviceAccountId) {
      query.andWhere('EXISTS (SELECT 1 FROM payment_lines l WHERE l.payment_id = p.id AND l.service_account_id = :account)', { account: filter.serviceAccountId });
    }
    if (after) query.andWhere('(p.made_at, p.id) < (:afterAt, :afterId)', { afterAt: after[0], afterId: after[1] });
    return query.getMany();
  });
  return toConnection(rows, size, { node, cursor: (payment) => cursors.encode([payment.madeAt, payment.id]) });
}

/** Payments by id, in the caller's tenant transaction; ids of another city, or unknown, are absent. */
export async function paymentsById(manager: EntityManager, ids: readonly string[]): Promise<Map<string, PaymentEntity>> {
  const rows = ids.length === 0 ? [] : await manager.getRepository(PaymentEntity).findBy({ id: In([...ids]) });
  return new Map(rows.map((payment) => [payment.id, payment]));
}

/** Where a payment stands: its status, and what refunds have given back of it so far. */
export interface PaymentStanding {
  readonly status: PaymentStatus;
  readonly refundedCents: bigint;
}

/** Payments' standing by id, in the caller's tenant transaction; ids of another city, or unknown, are absent. */
export async function paymentStandingsById(manager: EntityManager, ids: readonly string[]): Promise<Map<string, PaymentStanding>> {
  const rows =
    ids.length === 0
      ? []
      : await manager.query<{ id: string; status: PaymentStatus; refunded: string }[]>('SELECT id, status, refunded_cents::text AS refunded FROM payments WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((row) => [row.id, { status: row.status, refundedCents: BigInt(row.refunded) }]));
}

/**
 * The convenience fee each of these payments carried on top of what it pays toward its accounts, in cents, in the
 * caller's tenant transaction; ids of another city, or unknown, are absent.
 */
export async function paymentFeesById(manager: EntityManager, ids: readonly string[]): Promise<Map<string, bigint>> {
  if (ids.length === 0) return new Map();
  const rows = await manager.query<{ id: string; fee: string }[]>('SELECT id, fee_cents::text AS fee FROM payments WHERE id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((row) => [row.id, BigInt(row.fee)]));
}

/** Which of these idempotency keys a payment of the caller's city already holds: a charge under such a key may have reached the processor. */
export async function takenPaymentKeys(manager: EntityManager, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await manager.query<{ idempotency_key: string }[]>('SELECT idempotency_key FROM payments WHERE idempotency_key = ANY($1::text[])', [keys]);
  return new Set(rows.map((row) => row.idempotency_key));
}

/**
 * Which of these accounts a payment the processor has not answered pays:
 * PENDING (in flight, or its request lost) or UNKNOWN, whatever its age.
 * Until it settles, what they owe does not show it, so whoever charges them
 * now may charge twice. (A payer is refused only for a payment in doubt,
 * not one in flight: ACCOUNTS_WITH_OTHER_PAYMENTS_IN_DOUBT.)
 */
export async function accountsWithPaymentsUnanswered(manager: EntityManager, serviceAccountIds: readonly string[]): Promise<Set<string>> {
  if (serviceAccountIds.length === 0) return new Set();
  const rows = await manager.query<{ service_account_id: string }[]>(
    `SELECT DISTINCT l.service_account_id FROM payment_lines l JOIN payments p ON p.tenant_id = l.tenant_id AND p.id = l.payment_id
      WHERE l.service_account_id = ANY($1::uuid[]) AND p.status IN ('PENDING', 'UNKNOWN')`,
    [serviceAccountIds],
  );
  return new Set(rows.map((row) => row.service_account_id));
}

/** Each payment's lines, in line order. */
/** One payment's lines, in line order (the order its allocations were given), in the caller's transaction. */
export function linesOfPayment(manager: EntityManager, paymentId: string): Promise<PaymentLineEntity[]> {
  return manager.getRepository(PaymentLineEntity).find({ where: { paymentId }, order: { lineNo: 'ASC' } });
}

export async function linesOfPayments(manager: EntityManager, paymentIds: readonly string[]): Promise<PaymentLineEntity[]> {
  return manager.getRepository(PaymentLineEntity).find({ where: { paymentId: In([...paymentIds]) }, order: { paymentId: 'ASC', lineNo: 'ASC' } });
}

/** Each payment's transitions, oldest first. */
export async function transitionsOfPayments(manager: EntityManager, paymentIds: readonly string[]): Promise<PaymentTransitionEntity[]> {
  return manager.getRepository(PaymentTransitionEntity).find({ where: { paymentId: In([...paymentIds]) }, order: { seq: 'ASC' } });
}

/**
 * A guest's payment, by its confirmation number (as typed) and the receipt
 * token makePayment gave; null for anything else, whether or not the
 * payment exists.
 */
export async function paymentByReceipt(ctx: TenantContext, receiptSecret: Uint8Array, confirmationNumber: string, receiptToken: string): Promise<PaymentEntity | null> {
  const number = normaliseConfirmationNumber(confirmationNumber);
  if (!number) return null;
  const payment = await withTenant(ctx, (manager) => manager.getRepository(PaymentEntity).findOneBy({ confirmationNumber: number }));
  return payment && isReceiptToken(receiptSecret, payment, receiptToken) ? payment : null;
}
