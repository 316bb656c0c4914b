import { refuseUnlessStillSignedIn, staffReasonInput, validateInput, type TenantContext } from '@platform/api';
import { clearLockouts, limitStandings, type LimitCheck, type LimitStanding } from '@platform/auth';
import { secondFactorLimitChecks, ServiceAccountEntity } from '@platform/billing';
import { ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { z } from 'zod';
import { accountDeclineLimitChecks } from '../make-payment/decline-limits';

/*
 * An account's lockouts, as its city's staff read and clear them: the limits that count against the account for
 * everyone, whoever's attempts filled them (wrong second factors, billing's; declines from anyone, this service's
 * backstop). Limits of one address, one card or one caller are not the account's: they lift on their own, and
 * clearing one would hand its attacker a new budget.
 */

/** The account's limits, as the lookups and payments that count under them key them. */
function accountChecks(account: Pick<ServiceAccountEntity, 'id' | 'accountNumber'>): LimitCheck[] {
  return [...secondFactorLimitChecks(account.accountNumber), ...accountDeclineLimitChecks(account.id)];
}

/** What counts against the account now (only windows not yet over), locked out or not. */
export function accountLockouts(ctx: TenantContext, account: Pick<ServiceAccountEntity, 'id' | 'accountNumber'>): Promise<LimitStanding[]> {
  return withTenant(ctx, (manager) => limitStandings(manager, accountChecks(account), ctx.clock.now()), { readOnly: true });
}

const clearInput = z.object({ serviceAccountId: z.string(), reason: staffReasonInput });

/**
 * The city's ADMIN clears an account's lockouts for a resident who called in and proved who they are, with a reason:
 * the counts start again from nothing, now. In the audit log (LOCKOUT_CLEARED: who, when, why, the account, the
 * limits cleared). Idempotent: clearing again clears nothing more, and logs nothing (nothing was cleared).
 */
export async function clearAccountLockouts(ctx: TenantContext, input: { serviceAccountId: string; reason: string }): Promise<Result<LimitStanding[]>> {
  const checked = validateInput(clearInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const { serviceAccountId, reason } = checked.value;
  return withTenant(ctx, async (manager) => {
    await refuseUnlessStillSignedIn(manager, ctx);
    const account = await manager.getRepository(ServiceAccountEntity).findOneBy({ id: serviceAccountId });
    if (!account) return refused(userError(ctx.locale, ['input', 'serviceAccountId'], UserErrorCode.ACCOUNT_NOT_FOUND, 'billing.accountNotFound'));
    return ok(await clearLockouts(manager, ctx, accountChecks(account), { reason, detail: { serviceAccountId: account.id, accountNumber: account.accountNumber } }));
  });
}
