import type { TenantContext } from '@platform/api';
import { closedAccountsPaidBy } from '@platform/billing';
import { localDateOf, UserErrorCode } from '@platform/core';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { PaymentTransitionEntity } from '../payment/payment-transition.entity';
import type { PaymentEntity } from '../payment/payment.entity';
import { isCounterVoidableAt, voidRefusal, type ActionRefusal } from '../refunds-and-voids/payment-actions';
import { voidWithoutProcessor } from '../refunds-and-voids/payment-operation.service';
import { isDrawerClosed, lockDrawer } from './counter-drawer-lock';

/** Why a counter payment is not voided: a user error's code, and its message. */
export interface CounterVoidRefusal extends ActionRefusal {
  readonly code: UserErrorCode;
}

/**
 * Voids cash or a check recorded at the counter in error (wrong account,
 * wrong amount, a check never handed over), for voidPayment, in its
 * transaction, on the payment it locked. No processor holds the money, so
 * the void is carried out here and now: VOIDED with its history and event,
 * the accounts owe again what it paid (billing's reversePayment, which also
 * sends an account whose restoration it had asked for back to DISCONNECTED,
 * as a returned payment does), the payer told it was cancelled, and
 * PAYMENT_VOIDED in the audit log.
 *
 * Refused, with nothing changed:
 * - after the day it was taken, in the city's calendar (isCounterVoidableAt):
 *   the day's drawer has been counted and deposited, so the money is given
 *   back at the office and the account adjusted, as any refund of it is;
 * - to the staff member who took it (four eyes, as approveRestoration): a
 *   clerk who could void their own cash payment could give the resident a
 *   receipt, void it, and keep the cash. Another staff member, or the
 *   platform's operator, voids it;
 * - once the taker's drawer of that day is closed (DRAWER_CLOSED): its count
 *   stands, and the money goes back as a refund, as after the day.
 */
export async function voidCounterPayment(
  manager: EntityManager,
  ctx: TenantContext,
  payment: PaymentEntity,
  request: { readonly reason: string; readonly actor: string },
): Promise<CounterVoidRefusal | null> {
  // A counter payment is POSTED from the commit that records it until it is voided; anything else is not for staff to void.
  if (payment.status !== 'POSTED') return { code: UserErrorCode.NOT_VOIDABLE, ...voidRefusal(payment) };
  if (!isCounterVoidableAt(payment, ctx.clock.now(), ctx.tenant.timeZone)) return { code: UserErrorCode.NOT_VOIDABLE, key: 'payment.counterVoidPastDay' };
  const taker = await takenBy(manager, payment.id);
  if (taker === request.actor) return { code: UserErrorCode.SECOND_STAFF_REQUIRED, key: 'payment.counterVoidByAnotherStaff' };
  if (taker !== null) {
    // The payment's bills and accounts first, in billing's order, then the drawer: the order a counter payment takes
    // them in, so a void and the clerk's next payment to the same account wait for each other, never deadlock.
    await closedAccountsPaidBy(manager, payment.id);
    const day = localDateOf(payment.madeAt, ctx.tenant.timeZone);
    await lockDrawer(manager, ctx, taker, day);
    if (await isDrawerClosed(manager, taker, day)) return { code: UserErrorCode.DRAWER_CLOSED, key: 'payment.counterVoidDrawerClosed' };
  }
  await voidWithoutProcessor(manager, ctx, payment, request);
  return null;
}

/** Who recorded the payment: the actor of its first transition (the signed-in staff member, or the operator). */
async function takenBy(manager: EntityManager, paymentId: string): Promise<string | null> {
  const first = await manager.getRepository(PaymentTransitionEntity).findOne({ where: { paymentId, fromStatus: IsNull() }, order: { seq: 'ASC' } });
  return first?.actor ?? null;
}
