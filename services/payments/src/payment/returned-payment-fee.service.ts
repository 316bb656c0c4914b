import { chargePaymentFee, type PaymentMemo } from '@platform/billing';
import { formatMoney, money } from '@platform/core';
import { findTenantBySlug } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { noticeLocale } from './payment-emails.service';
import type { PaymentLineEntity } from './payment-line.entity';
import type { PaymentEntity } from './payment.entity';

/** The returned-payment fee a return charged: on which account, how much (cents), and as the payer's notice says it. */
export interface ReturnedPaymentFee {
  readonly serviceAccountId: string;
  readonly amountCents: bigint;
  readonly noticeFacts: { readonly returnedPaymentFee: string };
}

/**
 * Charges the city's returned-payment fee (paymentRules.returnedPaymentFee, cents, 0 for none) for a payment its
 * payer's bank sent back, paper check or e-check, in the return's transaction, after billing's reversePayment.
 * Once per return: billing keeps one fee per account and payment (a retry of the return adds none), and a payment
 * returns once. None when the return took nothing back (every line refunded in full): the city lost nothing to it.
 * The fee goes on the first account, in line order, that the return takes money back from, not one a refund emptied.
 */
export async function chargeReturnedPaymentFee(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  taken: { readonly lines: readonly PaymentLineEntity[]; readonly cents: readonly bigint[]; readonly refundedInFull: ReadonlySet<string> },
  memo: PaymentMemo & { readonly kind: 'RETURNED_PAYMENT_FEE' | 'RETURNED_CHECK_FEE' },
  actor: string,
): Promise<ReturnedPaymentFee | null> {
  const tenant = await findTenantBySlug(scope.db, scope.tenant.slug);
  const fee = BigInt(tenant?.settings.paymentRules.returnedPaymentFeeCents ?? '0');
  const takenBack = taken.cents.reduce((sum, cents) => sum + cents, 0n);
  const first = fee > 0n && takenBack > 0n ? taken.lines.find((line) => !taken.refundedInFull.has(line.serviceAccountId)) : undefined;
  if (!first) return null;
  await chargePaymentFee(manager, scope, { serviceAccountId: first.serviceAccountId, paymentId: payment.id, amountCents: fee, memo, actor });
  return { serviceAccountId: first.serviceAccountId, amountCents: fee, noticeFacts: { returnedPaymentFee: formatMoney(money(fee), noticeLocale(scope, payment)) } };
}
