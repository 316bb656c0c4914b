import { randomUUID } from 'node:crypto';
import { refuseUnlessStillSignedIn, validateInput, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { formatLocalDate, formatMoney, isIsoDate, localDateOf, money, ok, refused, userError, UserErrorCode, type Result, type UserError } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import { drawerOf } from './counter-drawer';
import { differenceOf, expectedIn, type DrawerClose } from './counter-drawer-close';
import { closeDrawerInput, type CloseCounterDrawerInput } from './counter-drawer-close.inputs';
import { closeByKey, insertClose } from './counter-drawer-close.queries';
import { isDrawerClosed, lockDrawer } from './counter-drawer-lock';
import { counterPaymentsOfDayIn } from './counter-drawer.queries';

/**
 * The signed-in clerk closes their own counter drawer for a day of the city's calendar (today, or a day before it left
 * unclosed): they say what they counted, and the platform keeps it beside what the drawer should hold (counterDrawer's
 * figures, read under the drawer's lock, so a payment being recorded at that moment is either in them or refused),
 * with the over or short. A count that is off in anything (cash, the checks' count or total) needs the clerk's reason
 * (REQUIRED, saying by how much). COUNTER_DRAWER_CLOSED goes in the audit log (the figures, never the reason: staff's
 * free text stays with the close).
 *
 * Once per clerk per day, unless the city's ADMIN reopens it (counter-drawer-reopen.service.ts): a second close is DRAWER_CLOSED, and from the close on, no counter payment goes into that
 * drawer (the clerk is refused DRAWER_CLOSED; a colleague takes it) and no void takes one out of it: the count stands,
 * and money given back after it is a refund. Idempotent by key: the same request again is the same close; the key sent
 * with another count is IDEMPOTENCY_KEY_REUSED.
 */
export async function closeCounterDrawer(ctx: TenantContext, input: CloseCounterDrawerInput): Promise<Result<DrawerClose>> {
  const checked = validateInput(closeDrawerInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const request = checked.value;
  const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  const date = request.date ?? today;
  if (!isIsoDate(date) || date > today) return refused(userError(ctx.locale, ['input', 'date'], UserErrorCode.INVALID_DATE, 'payment.drawerCloseDateInvalid'));
  // @Authorized lets only signed-in staff here: a viewer, the drawer's clerk.
  const clerkId = ctx.viewer!.userId;
  const counted = { cashCents: request.countedCash, checksCount: request.countedChecksCount, checksCents: request.countedChecksTotal };

  const answer = await withTenant(ctx, async (manager): Promise<DrawerClose | UserError> => {
    await refuseUnlessStillSignedIn(manager, ctx);
    // The key before the drawer: one key sent for two days at once is one close and a refusal, not a clash on its index.
    await lockForTransaction(manager, `counter-drawer-close:${request.idempotencyKey}`);
    await lockDrawer(manager, ctx, clerkId, date);
    const earlier = await closeByKey(manager, request.idempotencyKey);
    if (earlier) {
      const same =
        earlier.clerkId === clerkId &&
        earlier.date === date &&
        earlier.countedCashCents === counted.cashCents &&
        earlier.countedChecksCount === counted.checksCount &&
        earlier.countedChecksCents === counted.checksCents &&
        earlier.reason === request.reason;
      return same ? earlier : userError(ctx.locale, ['input', 'idempotencyKey'], UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'payment.idempotencyKeyReused');
    }
    // Closed and not reopened since: a reopened drawer is closed anew.
    if (await isDrawerClosed(manager, clerkId, date)) return userError(ctx.locale, ['input'], UserErrorCode.DRAWER_CLOSED, 'payment.drawerAlreadyClosed', { date: formatLocalDate(date, ctx.locale) });
    const expected = expectedIn(drawerOf(date, clerkId, await counterPaymentsOfDayIn(manager, ctx, date, clerkId)));
    const { overShortCents, off } = differenceOf(expected, counted);
    if (off && request.reason === null) return countOffRefusal(ctx, overShortCents);
    const close: DrawerClose = {
      id: randomUUID(),
      clerkId,
      date,
      idempotencyKey: request.idempotencyKey,
      expectedCashCents: expected.cashCents,
      expectedChecksCount: expected.checksCount,
      expectedChecksCents: expected.checksCents,
      countedCashCents: counted.cashCents,
      countedChecksCount: counted.checksCount,
      countedChecksCents: counted.checksCents,
      overShortCents,
      reason: request.reason,
      closedAt: ctx.clock.now(),
      reopening: null,
    };
    await insertClose(manager, ctx, close);
    await recordSecurityEvent(manager, ctx, {
      kind: 'COUNTER_DRAWER_CLOSED',
      detail: {
        closeId: close.id,
        date,
        expectedCents: (expected.cashCents + expected.checksCents).toString(),
        countedCents: (counted.cashCents + counted.checksCents).toString(),
        overShortCents: overShortCents.toString(),
      },
    });
    return close;
  });
  return 'code' in answer ? refused(answer) : ok(answer);
}

/** REQUIRED at the reason, saying by how much the count is off (over or short), or just that it is when the totals agree. */
function countOffRefusal(ctx: TenantContext, overShortCents: bigint): UserError {
  const by = (cents: bigint) => ({ amount: formatMoney(money(cents), ctx.locale) });
  if (overShortCents < 0n) return userError(ctx.locale, ['input', 'reason'], UserErrorCode.REQUIRED, 'payment.drawerCountShort', by(-overShortCents));
  if (overShortCents > 0n) return userError(ctx.locale, ['input', 'reason'], UserErrorCode.REQUIRED, 'payment.drawerCountOver', by(overShortCents));
  return userError(ctx.locale, ['input', 'reason'], UserErrorCode.REQUIRED, 'payment.drawerCountOff');
}
