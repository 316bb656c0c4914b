import type { PaymentMethodKind } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { PaymentStatus } from './payment-status';
import { PaymentEntity } from './payment.entity';

export interface PaymentFilter {
  /** Made on or after this instant. */
  readonly from?: Date | null;
  /** Made before this instant. */
  readonly to?: Date | null;
  readonly statuses?: readonly PaymentStatus[] | null;
  readonly methodKind?: PaymentMethodKind | null;
  readonly serviceAccountId?: string | null;
  readonly payerUserId?: string | null;
}

/** A position in the newest-first list: the last row's time and id. */
export interface PaymentCursor {
  readonly madeAt: Date;
  readonly id: string;
}

export const encodePaymentCursor = (p: PaymentCursor) => Buffer.from(`${p.madeAt.toISOString()}|${p.id}`).toString('base64url');

export function decodePaymentCursor(cursor: string): PaymentCursor | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const madeAt = new Date(iso ?? '');
  return id && /^[0-9a-f-]{36}$/.test(id) && !Number.isNaN(madeAt.getTime()) ? { madeAt, id } : null;
}

/** Payments newest first, filtered, in the caller's tenant transaction; one extra row says whether more follow. */
export async function listPayments(manager: EntityManager, filter: PaymentFilter, first: number, after: PaymentCursor | null): Promise<{ payments: PaymentEntity[]; hasNextPage: boolean }> {
  const query = manager.getRepository(PaymentEntity).createQueryBuilder('p').orderBy('p.made_at', 'DESC').addOrderBy('p.id', 'DESC').limit(first + 1);
  if (filter.from) query.andWhere('p.made_at >= :from', { from: filter.from });
  if (filter.to) query.andWhere('p.made_at < :to', { to: filter.to });
  if (filter.statuses?.length) query.andWhere('p.status IN (:...statuses)', { statuses: filter.statuses });
  if (filter.methodKind) query.andWhere('p.method_kind = :kind', { kind: filter.methodKind });
  if (filter.payerUserId) query.andWhere('p.payer_user_id = :payer', { payer: filter.payerUserId });
  if (filter.serviceAccountId) {
    query.andWhere('EXISTS (SELECT 1 FROM payment_lines l WHERE l.payment_id = p.id AND l.service_account_id = :account)', { account: filter.serviceAccountId });
  }
  if (after) query.andWhere('(p.made_at, p.id) < (:afterAt, :afterId)', { afterAt: after.madeAt, afterId: after.id });
  const rows = await query.getMany();
  return { payments: rows.slice(0, first), hasNextPage: rows.length > first };
}
