import { chargePaymentFee, reversePayment } from '@platform/billing';
import type { Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { listTenants, toTenantRef, type Tenant } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { In, IsNull, Not } from 'typeorm';
import { eachIndependently } from '@platform/api';
import type { PaymentScope } from '../payment-scope';
import { queuePaymentEmail } from '../payment/payment-emails.service';
import { PaymentLineEntity } from '../payment/payment-line.entity';
import { lockPayment, movePayment, updatePayment } from '../payment/payment-transition.service';
import { PaymentEntity } from '../payment/payment.entity';
import type { PaymentStatus } from '../payment/payment.state';
import { finishVoid } from '../refunds-and-voids/payment-reversal.service';
import { BankAccountEntity } from './bank-account.entity';

/** R01 (insufficient funds) can succeed next time; any other return means the account itself is unusable. */
const blocksAccount = (returnCode: string | null) => returnCode !== 'R01';

/**
 * Follows e-checks until the bank settles or returns them. A return reverses
 * the posting (or cancels the pending amount), charges the city's
 * returned-payment fee, blocks the bank account unless the reason was
 * insufficient funds, and tells the payer.
 */
export function settleEchecks(processor: PaymentProcessor) {
  return async (db: DataSource, clock: Clock, log: Logger): Promise<void> => {
    await eachIndependently(
      await listTenants(db),
      log,
      (tenant) => ({ tenant: tenant.slug }),
      async (tenant) => {
        const result = await settleTenantEchecks({ db, tenant: toTenantRef(tenant), clock }, tenant, processor);
        if (result.settled + result.returned > 0) log.info({ tenant: tenant.slug, ...result }, 'e-checks settled');
      },
    );
  };
}

/**
 * E-checks the bank may still settle, return or void: accepted or posted. A
 * refunded one is followed too, for its settlement date only (a processor
 * refunds an e-check once settled, maybe before this job has seen it).
 */
const FOLLOWED: readonly PaymentStatus[] = ['AUTHORIZED', 'POSTED', 'PARTIALLY_REFUNDED', 'REFUNDED'];
const REFUNDED: readonly PaymentStatus[] = ['PARTIALLY_REFUNDED', 'REFUNDED'];

async function settleTenantEchecks(scope: PaymentScope, tenant: Tenant, processor: PaymentProcessor): Promise<{ settled: number; returned: number }> {
  const open = await withTenant(scope, (manager) =>
    manager.getRepository(PaymentEntity).find({ where: { methodKind: 'BANK_ACCOUNT', status: In([...FOLLOWED]), settledAt: IsNull(), processorChargeId: Not(IsNull()) } }),
  );
  let settled = 0;
  let returned = 0;
  for (const candidate of open) {
    const charge = await processor.getCharge(candidate.processorChargeId!);
    if (charge.outcome !== 'OK') continue;
    const { status, returnCode } = charge.value;
    if (status !== 'SETTLED' && status !== 'RETURNED' && status !== 'VOIDED') continue;
    await withTenant(scope, async (manager) => {
      const payment = await lockPayment(manager, candidate.id);
      if (!payment || payment.settledAt || !FOLLOWED.includes(payment.status)) return;
      if (REFUNDED.includes(payment.status) && status !== 'SETTLED') return;
      if (status === 'VOIDED') {
        await finishVoid(manager, scope, payment, 'processor', 'voided at the processor');
        return;
      }
      if (status === 'SETTLED') {
        // Settling is a fact about the e-check, not a new status: recorded, with no transition.
        await updatePayment(manager, scope, payment, { settledAt: scope.clock.now() });
        settled++;
        return;
      }
      // A return is a return even when the processor names no code: read as settled, it would be credited for money never received.
      const code = returnCode || null;
      const why = code ? `e-check returned ${code}` : 'e-check returned (no return code given)';
      await reversePayment(manager, scope, payment.id, why, 'processor');
      const fee = BigInt(tenant.settings.paymentRules.returnedPaymentFeeCents);
      if (fee > 0n) {
        const [first] = await manager.getRepository(PaymentLineEntity).find({ where: { paymentId: payment.id }, order: { lineNo: 'ASC' }, take: 1 });
        if (first)
          await chargePaymentFee(manager, scope, {
            serviceAccountId: first.serviceAccountId,
            paymentId: payment.id,
            amountCents: fee,
            memo: code ? `Returned payment fee (${code})` : 'Returned payment fee',
            actor: 'processor',
          });
      }
      if (blocksAccount(code)) {
        await manager
          .getRepository(BankAccountEntity)
          .upsert({ tenantId: scope.tenant.id, fingerprint: payment.methodFingerprint, status: 'BLOCKED', reason: code ?? 'RETURNED', updatedAt: scope.clock.now() }, ['tenantId', 'fingerprint']);
      }
      await movePayment(manager, scope, payment, {
        to: 'RETURNED',
        actor: 'processor',
        reason: why,
        processorRef: payment.processorChargeId,
        changes: { returnCode: code, settledAt: scope.clock.now() },
      });
      await queuePaymentEmail(manager, scope, payment, 'PAYMENT_RETURNED', code ? { returnCode: code } : {});
      returned++;
    });
  }
  return { settled, returned };
}
