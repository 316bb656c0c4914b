import { formatMoney, money, userError, type Locale, type UserError, UserErrorCode } from '@platform/core';
import type { TenantSettings } from '@platform/tenants';
import { convenienceFeeCents } from './convenience-fee';

/*
 * A page shows the payer the fee and the total before Pay, but the city may
 * change its fee policy before the payment is made (or the page sat open for
 * hours): the payer is charged the total they confirmed, or nothing.
 */

/**
 * FEE_CHANGED at ["input", "confirmedTotal"] when `confirmedTotalCents` is not
 * `amountCents` plus the fee `policy` puts on it; null when they agree or no
 * total was confirmed. The policy must be the one the payment is then
 * recorded under (makePayment passes the same tenant to both), so the total
 * checked is the total charged. The code is the one pages re-quote on; the
 * message states only what is known to be true (the amount, the fee, the
 * total, and the total confirmed), never that the fee changed: a front end
 * that added wrong gets the same refusal where the city never had a fee.
 */
export function refuseChangedTotal(policy: TenantSettings['paymentRules']['convenienceFee'], amountCents: bigint, confirmedTotalCents: bigint | null, locale: Locale): UserError | null {
  if (confirmedTotalCents === null) return null;
  const feeCents = convenienceFeeCents(policy, amountCents);
  const totalCents = amountCents + feeCents;
  if (totalCents === confirmedTotalCents) return null;
  return userError(locale, ['input', 'confirmedTotal'], UserErrorCode.FEE_CHANGED, feeCents === 0n ? 'payment.totalNotConfirmedNoFee' : 'payment.totalNotConfirmed', {
    amount: formatMoney(money(amountCents), locale),
    fee: formatMoney(money(feeCents), locale),
    total: formatMoney(money(totalCents), locale),
    confirmed: formatMoney(money(confirmedTotalCents), locale),
  });
}
