import { formatMoney, money, userError, type Locale, type UserError, UserErrorCode } from '@platform/core';
import type { TenantSettings } from '@platform/tenants';
import { convenienceFeeCents } from './convenience-fee';

/*
 * A page shows the payer the fee and the total before Pay, but the city may
 * change its fee policy before the payment is made (or the page sat open for
 * hours): the payer is charged the total they confirmed, or nothing.
 */

/**
 * FEE_CHANGED at ["input", "confirmedTotal"], saying the fee and total now,
 * when `confirmedTotalCents` is not `amountCents` plus the fee `policy` puts
 * on it; null when they agree or no total was confirmed. The policy must be
 * the one the payment is then recorded under (makePayment passes the same
 * tenant to both), so the total checked is the total charged.
 */
export function refuseChangedTotal(policy: TenantSettings['paymentRules']['convenienceFee'], amountCents: bigint, confirmedTotalCents: bigint | null, locale: Locale): UserError | null {
  if (confirmedTotalCents === null) return null;
  const feeCents = convenienceFeeCents(policy, amountCents);
  const totalCents = amountCents + feeCents;
  if (totalCents === confirmedTotalCents) return null;
  return userError(locale, ['input', 'confirmedTotal'], UserErrorCode.FEE_CHANGED, 'payment.feeChanged', {
    fee: formatMoney(money(feeCents), locale),
    total: formatMoney(money(totalCents), locale),
  });
}
