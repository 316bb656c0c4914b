import { type TenantContext } from '@platform/api';
import { ok, refused, userError, type PayableKind, UserErrorCode, type Result, type UserError } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import { referenceKey } from '../accounts/account-number';
import { ServiceAccountEntity } from '../accounts/service-account.entity';
import { amountsOwed, atLeastZero } from '../ledger/amount-owed.service';
import { PayableEntity } from '../payables/payable.entity';
import { secondFactorFor } from './account-proof';
import { limitedLookup } from './lookup-limits';

export interface PayableLookup {
  readonly payable: PayableEntity;
  readonly account: ServiceAccountEntity;
  /**
   * The total less payments made for this payable (pending or posted, less refunds), with the fees and corrections
   * staff made to it (a bill cancelled by a credit naming it owes nothing), and where the city takes no credit no more
   * than its account owes; never negative.
   */
  readonly amountDueCents: bigint;
}

/**
 * A guest finds one payable by the city's own number for it, to pay it on
 * its own: a citation, another charge, or one bill. An unknown number is the
 * same generic VERIFICATION_FAILED as for accounts, at the number (it is all
 * there is to get wrong), and look-ups are rate-limited alike.
 */
export async function lookupPayable(ctx: TenantContext, input: { readonly kind: PayableKind; readonly referenceNumber: string }): Promise<Result<PayableLookup>> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  // Where the city proves an account with a second factor, a bill is paid through its account (with the proof): found
  // by its number alone, anyone holding the paper could pay it and so set the last payment that proves the account.
  const billNeedsProof = input.kind === 'UTILITY_BILL' && secondFactorFor(tenant.settings, 'LOOKUP') !== 'NONE';
  const formErrors: UserError[] = [
    ...(tenant.settings.paymentRules.payableKinds.includes(input.kind) ? [] : [userError(ctx.locale, ['input', 'kind'], UserErrorCode.INVALID_KIND, 'billing.kindNotTaken')]),
    ...(billNeedsProof ? [userError(ctx.locale, ['input', 'kind'], UserErrorCode.INVALID_KIND, 'billing.billByAccount')] : []),
    ...(input.referenceNumber.trim() === '' ? [userError(ctx.locale, ['input', 'referenceNumber'], UserErrorCode.REQUIRED, 'error.required')] : []),
  ];
  if (formErrors.length > 0) return refused(...formErrors);
  const key = referenceKey(input.referenceNumber) ?? input.referenceNumber.trim().toUpperCase();
  const found = await limitedLookup(ctx, { action: 'lookupPayable', factorOf: null, failureKind: 'LOOKUP_FAILED', underCityCeiling: true }, async (manager) => {
    const payable = await manager.getRepository(PayableEntity).findOneBy({ kind: input.kind, referenceKey: key });
    if (!payable) return null;
    const account = await manager.getRepository(ServiceAccountEntity).findOneByOrFail({ id: payable.serviceAccountId });
    // Where the city takes no credit, or the account is closed, a payable is on its account's balance: once the account
    // is paid (by its number or the payable's), what is left to pay on the payable is no more than the account still owes.
    const creditRefused = !tenant.settings.paymentRules.accountCreditAllowed;
    const owed = await amountsOwed(manager, ctx, { payableIds: [payable.id], serviceAccountIds: creditRefused ? [account.id] : [] }, { lock: false, payingAccountIds: [account.id] });
    const payableOwed = owed.payables.get(payable.id)?.owedCents ?? 0n;
    const accountOwed = owed.accounts.get(account.id);
    return { payable, account, amountDueCents: accountOwed !== undefined && accountOwed < payableOwed ? atLeastZero(accountOwed) : payableOwed };
  });
  if (found) return ok(found.value);
  return refused(userError(ctx.locale, ['input', 'referenceNumber'], UserErrorCode.VERIFICATION_FAILED, 'billing.payableNotFound'));
}
