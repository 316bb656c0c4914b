import { closeWhenTooSlow, endWhenSessionExpires, followFrom, isStaff, requireTenant, type PlatformEvent, type RequestContext } from '@platform/api';
import { DomainError, ErrorCode, translate } from '@platform/core';
import { paymentEventType, PaymentMoved } from '../payment/payment.events';
import { paymentByIdLoader } from '../payment/payment.loaders';
import type { PaymentEntity } from '../payment/payment.entity';
import { paymentByReceipt } from '../payment/payment.queries';
import type { PaymentStatus } from '../payment/payment.state';

/**
 * Staff: every payment event of their city (or those moving payments to one of `statuses`), from `after` (replayed)
 * and then live. Each event is checked against each status followed, so repeats in the list as sent are dropped.
 */
export async function followPaymentFeed(ctx: RequestContext, after: string | null, statuses: readonly PaymentStatus[] | null): Promise<AsyncIterableIterator<PlatformEvent>> {
  const { tenant } = requireTenant(ctx);
  const typePrefixes = statuses?.length ? [...new Set(statuses)].map(paymentEventType) : [PaymentMoved.typePrefix];
  const from = await followFrom(ctx.events, tenant.id, after, ctx.locale);
  return endWhenSessionExpires(ctx, ctx.events.follow(tenant.id, { from, typePrefixes, onOverflow: closeWhenTooSlow(ctx.connection) }));
}

/** Staff: the cursor of the city's latest payment event (null before the first). A board replaying the feed from the start has caught up once it has seen it. */
export function paymentFeedHead(ctx: RequestContext): Promise<string | null> {
  return ctx.events.latestCursor(requireTenant(ctx).tenant.id, [{ typePrefix: PaymentMoved.typePrefix }]);
}

export interface PaymentToFollow {
  readonly paymentId?: string | null;
  readonly confirmationNumber?: string | null;
  readonly receiptToken?: string | null;
}

/**
 * One payment's events, from its first (so a late subscriber sees where it
 * stands) and then live. The confirmation number with the receipt token lets
 * anyone follow the payment, signed in or not; an id sent with them must be
 * that payment's. By id alone, a signed-in payer follows their own payments
 * (staff any of their city's). Anything else is "no such payment", whether or
 * not it exists.
 */
export async function followPayment(ctx: RequestContext, receiptSecret: Uint8Array, which: PaymentToFollow): Promise<AsyncIterableIterator<PlatformEvent>> {
  const { tenant } = requireTenant(ctx);
  const payment = await findFollowable(ctx, receiptSecret, which);
  if (!payment) throw new DomainError(ErrorCode.NOT_FOUND, translate(ctx.locale, 'payment.notFound'));
  // From the start of the payment's own events: the hub replays one subject's events through its index, not the city's.
  return endWhenSessionExpires(ctx, ctx.events.follow(tenant.id, { from: 'START', typePrefixes: [PaymentMoved.typePrefix], subjectId: payment.id, onOverflow: closeWhenTooSlow(ctx.connection) }));
}

async function findFollowable(ctx: RequestContext, receiptSecret: Uint8Array, which: PaymentToFollow): Promise<PaymentEntity | null> {
  // The receipt proof first: a guest page that kept makePayment's id sends it too, and the id alone is not a guest's to follow by.
  if (which.confirmationNumber && which.receiptToken) {
    const payment = await paymentByReceipt(requireTenant(ctx), receiptSecret, which.confirmationNumber, which.receiptToken);
    // Told only to whoever proved the payment, which reveals nothing about the other id.
    if (payment && which.paymentId && payment.id !== which.paymentId) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, translate(ctx.locale, 'payment.followIdMismatch'), { reason: 'PAYMENT_ID_MISMATCH', field: 'paymentId' });
    }
    if (payment) return payment;
  }
  if (!which.paymentId || !ctx.viewer) return null;
  const payment = await ctx.loaders.get(paymentByIdLoader).load(which.paymentId);
  return payment && (isStaff(ctx) || payment.payerUserId === ctx.viewer.userId) ? payment : null;
}
