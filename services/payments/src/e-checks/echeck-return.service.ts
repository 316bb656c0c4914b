import { chargePaymentFee, reversePayment } from '@platform/billing';
import { formatMoney, money } from '@platform/core';
import { findTenantBySlug } from '@platform/tenants';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { queuePaymentNotice } from '../payment/payment-emails.service';
import { PaymentLineEntity } from '../payment/payment-line.entity';
import { movePayment } from '../payment/payment-transition.service';
import type { PaymentEntity } from '../payment/payment.entity';
import { reasonText, type TransitionReason } from '../payment/transition-reason';
import { BankAccountEntity } from './bank-account.entity';

/** R01 (insufficient funds) can succeed next time; any other return means the account itself is unusable. */
const blocksAccount = (returnCode: string | null) => returnCode !== 'R01';

/**
 * An e-check the bank returned, on a payment locked by the caller: its
 * amounts come off the books (a posted one reversed, a pending one
 * cancelled, one never recorded as paid has none), the city's
 * returned-payment fee is charged, the bank account is blocked unless the
 * reason was insufficient funds, the payment becomes RETURNED, and the payer
 * is told. The same whether the settlement job follows the e-check to its
 * return or reconciliation first learns of its charge once returned.
 */
export async function recordReturn(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  charge: { readonly id: string; readonly returnCode: string | null },
  actor: string,
): Promise<void> {
  // A return is a return even when the processor names no code: read as settled, it would be credited for money never received.
  const code = charge.returnCode || null;
  const why: TransitionReason = { kind: 'ECHECK_RETURNED', returnCode: code };
  await reversePayment(manager, scope, payment.id, reasonText(why), actor);
  const tenant = await findTenantBySlug(scope.db, scope.tenant.slug);
  const fee = BigInt(tenant?.settings.paymentRules.returnedPaymentFeeCents ?? '0');
  const [first] = fee > 0n ? await manager.getRepository(PaymentLineEntity).find({ where: { paymentId: payment.id }, order: { lineNo: 'ASC' }, take: 1 }) : [];
  if (first) {
    await chargePaymentFee(manager, scope, {
      serviceAccountId: first.serviceAccountId,
      paymentId: payment.id,
      amountCents: fee,
      memo: code ? `Returned payment fee (${code})` : 'Returned payment fee',
      actor,
    });
  }
  if (blocksAccount(code)) {
    await manager
      .getRepository(BankAccountEntity)
      .upsert({ tenantId: scope.tenant.id, fingerprint: payment.methodFingerprint, status: 'BLOCKED', reason: code ?? 'RETURNED', updatedAt: scope.clock.now() }, ['tenantId', 'fingerprint']);
  }
  await movePayment(manager, scope, payment, {
    to: 'RETURNED',
    actor,
    reason: why,
    processorRef: charge.id,
    changes: { processorChargeId: charge.id, returnCode: code, settledAt: scope.clock.now() },
  });
  // What the payer owes again is what the payment paid the city (a convenience fee went to the processor), and the fee.
  const owed = {
    owedAgain: formatMoney(money(payment.amountCents), payment.payerLocale),
    ...(first ? { returnedPaymentFee: formatMoney(money(fee), payment.payerLocale) } : {}),
  };
  await queuePaymentNotice(manager, scope, payment, 'PAYMENT_RETURNED', code ? { ...owed, returnCode: code } : owed);
}
