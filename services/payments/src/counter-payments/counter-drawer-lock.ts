import type { TenantContext } from '@platform/api';
import { formatLocalDate, userError, UserErrorCode, type IsoDate, type UserError } from '@platform/core';
import { lockForTransaction } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { standingClose } from './counter-drawer-close.queries';

/*
 * A clerk's drawer for a day is closed (closeCounterDrawer), and while closed its count must stay true: no payment into it and
 * no void out of it after. Whatever changes a drawer (a counter payment, a counter void, the close) takes the drawer's
 * lock in its transaction first, so a close and a payment sent at once are one after the other: the payment is in the
 * close's expected figures, or it finds the drawer closed and is refused.
 */

/** Holds the drawer of `clerkId` for `date` (the city's calendar) until the caller's transaction ends. */
export async function lockDrawer(manager: EntityManager, ctx: TenantContext, clerkId: string, date: IsoDate): Promise<void> {
  await lockForTransaction(manager, `counter-drawer:${ctx.tenant.id}:${clerkId}:${date}`);
}

/** Whether that drawer is closed; read under its lock (lockDrawer) to stay so. */
export async function isDrawerClosed(manager: EntityManager, clerkId: string, date: IsoDate): Promise<boolean> {
  // A close the ADMIN reopened since no longer holds the drawer.
  return (await standingClose(manager, clerkId, date)) !== null;
}

/** For recordCounterPayment's refuseUnderLocks: DRAWER_CLOSED when the recording clerk's drawer of today is closed. */
export function refuseIntoClosedDrawer(ctx: TenantContext, clerkId: string, date: IsoDate) {
  return async (manager: EntityManager): Promise<readonly UserError[]> => {
    await lockDrawer(manager, ctx, clerkId, date);
    if (!(await isDrawerClosed(manager, clerkId, date))) return [];
    return [userError(ctx.locale, ['input'], UserErrorCode.DRAWER_CLOSED, 'payment.drawerClosed', { date: formatLocalDate(date, ctx.locale) })];
  };
}
