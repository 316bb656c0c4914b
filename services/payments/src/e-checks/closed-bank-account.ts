import { userError, type FieldPath, type Locale, UserErrorCode, type UserError } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import type { BankAccountEntity } from './bank-account.entity';
import { queueBankAccountNotices } from './bank-account-notices';

/**
 * A bank account's block reason when its bank said it has no such account (the processor's INVALID_ACCOUNT decline):
 * closed since the city first checked it, which it did once only (resolvePaymentMethod). Not a return code: nothing was
 * debited, so no fee is owed and no return is recorded.
 */
const CLOSED_AT_BANK = 'INVALID_ACCOUNT';

/**
 * Blocks a bank account city-wide, in the caller's tenant transaction, once its bank says it no longer exists (a debit
 * or a save declined INVALID_ACCOUNT). Whoever met it first, one resident's saved method, a guest's token, autopay, the
 * same account (fingerprint) may sit in other residents' wallets and autopay: blocked, every one of them is refused
 * before the processor is asked, autopay on it is suspended at its next pass instead of reminded of a debit that
 * cannot be made, and it cannot be saved or enrolled again. A block already recorded (a return's) keeps its reason.
 * Whoever paid from it or keeps it in their wallet is emailed that it is blocked, once, as it becomes so.
 * Until the city's ADMIN lifts it (a closure reported in error: liftBankAccountBlock); the block is a new one (new id)
 * unless one was already recorded. `last4` is the account number's, the only part staff see.
 */
export async function blockClosedBankAccount(manager: EntityManager, scope: PaymentScope, account: { readonly fingerprint: string; readonly last4: string }): Promise<void> {
  const blocked = await manager.query<{ id: string }[]>(
    `INSERT INTO bank_accounts (tenant_id, fingerprint, id, status, reason, last4, updated_at) VALUES ($1, $2, gen_random_uuid(), 'BLOCKED', $3, $4, $5)
     ON CONFLICT (tenant_id, fingerprint) DO UPDATE SET id = EXCLUDED.id, status = 'BLOCKED', reason = EXCLUDED.reason, last4 = EXCLUDED.last4, updated_at = EXCLUDED.updated_at
      WHERE bank_accounts.status <> 'BLOCKED'
     RETURNING id`,
    [scope.tenant.id, account.fingerprint, CLOSED_AT_BANK, account.last4, scope.clock.now()],
  );
  // Told once, as it becomes blocked (queueBankAccountNotices).
  if (blocked.length > 0) await queueBankAccountNotices(manager, scope, account, { template: 'BANK_ACCOUNT_BLOCKED', reason: CLOSED_AT_BANK });
}

/**
 * How a payment or a save from a blocked bank account is refused, at `field`: what the bank said of a closed account
 * (BANK_ACCOUNT_INVALID, as its decline reads), else the city's block after a return (BANK_ACCOUNT_BLOCKED).
 */
export function blockedBankAccountRefusal(locale: Locale, field: FieldPath, account: Pick<BankAccountEntity, 'reason'>): UserError {
  return account.reason === CLOSED_AT_BANK
    ? userError(locale, field, UserErrorCode.BANK_ACCOUNT_INVALID, 'payment.bankAccountClosed')
    : userError(locale, field, UserErrorCode.BANK_ACCOUNT_BLOCKED, 'payment.bankAccountBlocked');
}
