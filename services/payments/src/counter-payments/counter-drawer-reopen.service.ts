import { actorOf, refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { formatLocalDate, isIsoDate, ok, refused, userError, UserErrorCode, type Result, type UserError } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import type { DrawerClose } from './counter-drawer-close';
import { closeByReopenKey, markReopened, standingClose } from './counter-drawer-close.queries';
import { lockDrawer } from './counter-drawer-lock';
import { reopenDrawerInput, type ReopenCounterDrawerInput } from './counter-drawer-reopen.inputs';

/**
 * The city's ADMIN opens a clerk's closed drawer again (a miscount found, a payment to void before the deposit): the
 * close is kept as counted, marked reopened (who, when, why), and from then on the drawer takes the clerk's payments
 * and voids again until the clerk closes it anew (a new close, against what it then holds). Under the drawer's lock,
 * so a payment or void sent at that moment comes before the reopening (and is refused) or after it.
 *
 * Never the ADMIN's own drawer (SECOND_STAFF_REQUIRED): a clerk who could reopen their own count could take money out
 * of it after it was counted, as a void needs another staff member. COUNTER_DRAWER_REOPENED goes in the audit log (the
 * close, clerk and day; never the reason: staff's free text stays with the close). A drawer that is open (never closed,
 * or reopened already) is DRAWER_OPEN. Idempotent by key: the same request again answers with the same close; the key
 * sent for another drawer or reason is IDEMPOTENCY_KEY_REUSED.
 */
export async function reopenCounterDrawer(ctx: TenantContext, input: ReopenCounterDrawerInput): Promise<Result<DrawerClose>> {
  const checked = validateInput(reopenDrawerInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const { idempotencyKey, clerkId, date, reason } = checked.value;
  if (!isIsoDate(date)) return refused(userError(ctx.locale, ['input', 'date'], UserErrorCode.INVALID_DATE, 'payment.drawerCloseDateInvalid'));
  const actor = actorOf(ctx);
  if (clerkId === actor) return refused(userError(ctx.locale, ['input', 'clerkId'], UserErrorCode.SECOND_STAFF_REQUIRED, 'payment.drawerReopenOwn'));

  const answer = await withTenant(ctx, async (manager): Promise<DrawerClose | UserError> => {
    await refuseUnlessStillSignedIn(manager, ctx);
    // The key before the drawer, as closing does: one key sent for two drawers at once is one reopening and a refusal.
    await lockForTransaction(manager, `counter-drawer-reopen:${idempotencyKey}`);
    await lockDrawer(manager, ctx, clerkId, date);
    const earlier = await closeByReopenKey(manager, idempotencyKey);
    if (earlier) {
      const same = earlier.clerkId === clerkId && earlier.date === date && earlier.reopening?.reason === reason;
      return same ? earlier : userError(ctx.locale, ['input', 'idempotencyKey'], UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'payment.idempotencyKeyReused');
    }
    const close = await standingClose(manager, clerkId, date);
    if (!close) return userError(ctx.locale, ['input', 'date'], UserErrorCode.DRAWER_OPEN, 'payment.drawerNotClosed', { date: formatLocalDate(date, ctx.locale) });
    const reopening = { reopenedAt: ctx.clock.now(), reopenedBy: actor, reason, idempotencyKey };
    await markReopened(manager, close.id, reopening);
    await recordSecurityEvent(manager, ctx, { kind: 'COUNTER_DRAWER_REOPENED', detail: { closeId: close.id, clerkId, date } });
    return { ...close, reopening };
  });
  return 'code' in answer ? refused(answer) : ok(answer);
}
