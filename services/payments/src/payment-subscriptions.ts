import { closeWhenTooSlow, endWhenSessionExpires, requireTenant, type PlatformEvent, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, translate } from '@platform/core';
import { withTenant } from '@platform/db';
import { normaliseConfirmationNumber } from './confirmation-number';
import type { PaymentStatus } from './payment-status';
import { PaymentEntity } from './payment.entity';
import { isReceiptToken } from './receipt';


/** Staff: every payment event of their city, from `after` (replayed) and then live. */
export function followPaymentFeed(ctx: RequestContext, after: string | null, statuses: readonly PaymentStatus[] | null): AsyncIterableIterator<PlatformEvent> {
  const { tenant } = requireTenant(ctx);
  if (after !== null && !/^\d{1,19}$/.test(after)) throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(ctx.locale, 'events.badCursor'));
  const prefixes = statuses?.length ? statuses.map((s) => `payment.${s.toLowerCase()}`) : ['payment.'];
  return endWhenSessionExpires(ctx, ctx.events.follow(tenant.id, { after, typePrefixes: prefixes, onOverflow: closeWhenTooSlow(ctx.connection) }));
}

export interface PaymentToFollow {
  readonly paymentId?: string | null;
  readonly confirmationNumber?: string | null;
  readonly receiptToken?: string | null;
}

/**
 * One payment's events, from its first (so a late subscriber sees where it
 * stands) and then live. A signed-in payer follows their own payments by id
 * (staff any of their city's); a guest needs the confirmation number and the
 * receipt token. Anything else is "no such payment", whether or not it exists.
 */
export async function followPayment(ctx: RequestContext, receiptSecret: Uint8Array, which: PaymentToFollow): Promise<AsyncIterableIterator<PlatformEvent>> {
  const tenantCtx = requireTenant(ctx);
  const payment = await findFollowable(ctx, receiptSecret, which);
  if (!payment) throw new DomainError(ErrorCode.NOT_FOUND, translate(ctx.locale, 'payment.notFound'));
  const [first] = await withTenant(tenantCtx, (manager) =>
    manager.query<{ before: string }[]>('SELECT (coalesce(min(cursor), 1) - 1)::text AS before FROM events WHERE subject_id = $1', [payment.id]),
  );
  return endWhenSessionExpires(ctx, ctx.events.follow(tenantCtx.tenant.id, { after: first?.before ?? '0', typePrefixes: ['payment.'], subjectId: payment.id, onOverflow: closeWhenTooSlow(ctx.connection) }));
}

async function findFollowable(ctx: RequestContext, receiptSecret: Uint8Array, which: PaymentToFollow): Promise<PaymentEntity | null> {
  const tenantCtx = requireTenant(ctx);
  const find = (where: Partial<Pick<PaymentEntity, 'id' | 'confirmationNumber'>>) => withTenant(tenantCtx, (manager) => manager.getRepository(PaymentEntity).findOneBy(where));
  if (which.paymentId) {
    if (!ctx.viewer || !/^[0-9a-f-]{36}$/i.test(which.paymentId)) return null;
    const payment = await find({ id: which.paymentId });
    const staff = ctx.viewer.roles.includes('SUPPORT') || ctx.viewer.roles.includes('ADMIN');
    return payment && (staff || payment.payerUserId === ctx.viewer.userId) ? payment : null;
  }
  const number = which.confirmationNumber ? normaliseConfirmationNumber(which.confirmationNumber) : null;
  if (!number || !which.receiptToken) return null;
  const payment = await find({ confirmationNumber: number });
  return payment && isReceiptToken(receiptSecret, payment, which.receiptToken) ? payment : null;
}
