import { randomUUID } from 'node:crypto';
import { reversePayment } from '@platform/billing';
import { withdrawPendingNotices } from '@platform/notifications';
import { linesOfPayment } from '../payment/payment.queries';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { queuePaymentNotice } from '../payment/payment-emails.service';
import { movePayment } from '../payment/payment-transition.service';
import { chargeReturnedPaymentFee } from '../payment/returned-payment-fee.service';
import type { PaymentEntity } from '../payment/payment.entity';
import type { TransitionReason } from '../payment/transition-reason';
import { owedAgainFacts } from '../refunds-and-voids/owed-again.service';
import { lockBankAccount } from './bank-account-lock';
import { BankAccountEntity } from './bank-account.entity';
import { queueBankAccountNotices } from './bank-account-notices';
import { blocksBankAccount, nsfWindowStart } from './return-blocking';

/**
 * An e-check the bank returned, on a payment locked by the caller: its
 * amounts come off the books (a posted one reversed, a pending one
 * cancelled, one never recorded as paid has none), the city's
 * returned-payment fee is charged (withdrawing, in this transaction, a
 * restoration request it leaves owing), the bank account is blocked unless the
 * reason was insufficient funds and its first in 90 days
 * (return-blocking.ts), the payment becomes RETURNED, a receipt still
 * waiting to go out is not sent, and the payer is told what is owed again:
 * of what it took back, no more than the accounts owe now, the fee aside,
 * since another payment may have paid the bill meanwhile
 * (owed-again.service.ts).
 * The same whether the settlement job follows the e-check to its return,
 * finds it returned weeks after settlement (an unauthorized-debit return), or
 * reconciliation first learns of its charge once returned. Service already
 * restored on it is not cut here: its bills are past due again, and the
 * disconnection sweep takes the account from there, as for any debt.
 *
 * A late return may find the e-check refunded, in part or in full: the money
 * went back twice, once by the city's refund and once by the bank. What the
 * refunds left on the accounts is reversed, fee and notice as for any
 * return. What they gave back is the city's loss, held twice by the bank
 * account's holder, who may not be the account's (an unauthorized debit):
 * billing it to the account, or disputing the return with the bank, the
 * refund in hand as proof, is for staff to decide, so a payment refunded in
 * full owes nothing again, is charged no fee and its payer is not told to
 * pay again. Staff see it as a refunded payment moving to RETURNED, on their
 * payment feed and in its history, with its refunded amount beside it.
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
  // Before billing's locks, as a payment from the bank account takes it; and of two R01 returns recorded at once, one counts the other.
  await lockBankAccount(manager, scope, payment.methodFingerprint);
  const refundedInFull = await reversePayment(manager, scope, payment.id, { kind: 'ECHECK_RETURNED', returnCode: code }, actor);
  // The return takes back what the payment still paid the city: not a convenience fee (it went to the processor), nor
  // what refunds gave back, which each line keeps.
  const lines = await linesOfPayment(manager, payment.id);
  const taken = lines.map((line) => line.amountCents - line.refundedCents);
  const takenBack = taken.reduce((sum, cents) => sum + cents, 0n);
  const fee = await chargeReturnedPaymentFee(manager, scope, payment, { lines, cents: taken, refundedInFull }, { kind: 'RETURNED_PAYMENT_FEE', returnCode: code }, actor);
  const earlierNsfReturns = code === 'R01' ? await recentNsfReturns(manager, scope, payment) : 0;
  // Why the bank account became blocked by this return, if it did: the payer is told in the return's own email.
  let newlyBlocked: string | null = null;
  if (blocksBankAccount(code, earlierNsfReturns)) {
    const before = await manager.getRepository(BankAccountEntity).findOneBy({ fingerprint: payment.methodFingerprint });
    // A new id even on a block already recorded: staff who read the block before this return lift it no more.
    await manager.getRepository(BankAccountEntity).upsert(
      {
        tenantId: scope.tenant.id,
        fingerprint: payment.methodFingerprint,
        id: randomUUID(),
        status: 'BLOCKED',
        reason: code ?? 'RETURNED',
        last4: payment.methodLast4,
        updatedAt: scope.clock.now(),
      },
      ['tenantId', 'fingerprint'],
    );
    // Told once, when it becomes blocked: a return on a bank account already blocked has its own notice (PAYMENT_RETURNED).
    // Its payer is told in that notice, one email saying both, where one goes (the return took money back); the
    // account's other holders get BANK_ACCOUNT_BLOCKED.
    if (before?.status !== 'BLOCKED') {
      newlyBlocked = code ?? 'RETURNED';
      await queueBankAccountNotices(manager, scope, { fingerprint: payment.methodFingerprint, last4: payment.methodLast4 }, { template: 'BANK_ACCOUNT_BLOCKED', reason: newlyBlocked }, payment, {
        payerToldElsewhere: takenBack > 0n,
      });
    }
  }
  await movePayment(manager, scope, payment, {
    to: 'RETURNED',
    actor,
    reason: why,
    processorRef: charge.id,
    // One returned after settling keeps when it settled; its history says when it came back.
    changes: { processorChargeId: charge.id, returnCode: code, settledAt: payment.settledAt ?? scope.clock.now() },
  });
  // As for a void: a receipt still waiting (a copy staff resent, say) would tell the payer the city has money it never got.
  await withdrawPendingNotices(manager, payment, 'PAYMENT_RECEIPT');
  if (takenBack === 0n) return;
  // Read once the reversal and fee are on the ledger, so what the accounts owe now is known.
  const owed = { ...(await owedAgainFacts(manager, scope, payment, lines, taken, fee)), ...fee?.noticeFacts };
  await queuePaymentNotice(manager, scope, payment, 'PAYMENT_RETURNED', { ...owed, ...(code && { returnCode: code }), ...(newlyBlocked && { bankAccountBlocked: newlyBlocked }) }, lines);
}

/**
 * The bank account's other R01 returns recorded within the window (return-blocking.ts) and since staff last lifted a
 * block of it (a lift starts the count afresh); a return's settled_at is when it was recorded (R01 comes back before
 * settlement, never after).
 */
async function recentNsfReturns(manager: EntityManager, scope: PaymentScope, payment: PaymentEntity): Promise<number> {
  const [row] = await manager.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM payments
      WHERE status = 'RETURNED' AND method_fingerprint = $1 AND return_code = 'R01' AND settled_at >= $2 AND id <> $3
        AND settled_at > coalesce((SELECT lifted_at FROM bank_accounts WHERE fingerprint = $1), '-infinity')`,
    [payment.methodFingerprint, nsfWindowStart(scope.clock.now()), payment.id],
  );
  return row?.count ?? 0;
}
