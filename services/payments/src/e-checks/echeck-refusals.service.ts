import { userError, type FieldPath, type Locale, UserErrorCode, type UserError } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import type { PaymentStatus } from '../payment/payment.state';
import { BankAccountEntity } from './bank-account.entity';
import { lockBankAccount } from './bank-account-lock';
import { blockedBankAccountRefusal } from './closed-bank-account';

/** An e-check in these, with no settlement recorded, may still come back from its bank: it is in flight, accepted or posted. */
const AWAITING_BANK: readonly PaymentStatus[] = ['PENDING', 'UNKNOWN', 'AUTHORIZED', 'POSTED'];

/** How a new e-check's refusals are written: in the payer's language, a blocked bank account at the method's argument. */
export interface EcheckRefusalRules {
  readonly locale: Locale;
  /** `["input","token"]` or `["input","savedMethodId"]`, as resolvePaymentMethod points its own refusals. */
  readonly methodField: FieldPath;
}

/**
 * Takes the bank account's lock (lockBankAccount) and refuses, under it, a
 * new e-check the caller is about to record in the same transaction:
 *
 * - from a bank account the city has blocked: BANK_ACCOUNT_BLOCKED (or
 *   BANK_ACCOUNT_INVALID, closed at its bank: blockedBankAccountRefusal) at
 *   `methodField`, and nothing else. resolvePaymentMethod says so before the
 *   processor is asked anything, but reads without the lock, and a return
 *   recorded meanwhile (recordReturn takes the lock first) blocks it after
 *   that read: the e-check would be charged from a bank account the city
 *   knows is closed, come back, and cost the account paid a second fee.
 * - to an account that an earlier e-check from the same bank account has not
 *   yet cleared (or bounced) at the bank: ECHECK_AWAITING_BANK at
 *   `["input","allocations",i]`, `allocations[i]` being the request's
 *   allocation i. Every e-check that comes back charges the account paid the
 *   city's returned-payment fee, and its pending amount counts as paid
 *   meanwhile, so without this anyone who knows an account number could pile
 *   fees on it from an empty bank account, five at once, and a resident
 *   could hold off disconnection by sending a new bad e-check every two days.
 *
 * Of concurrent e-checks from one bank account to one account, the first is
 * recorded and the others see it; of an e-check and a return of its bank
 * account, whichever takes the lock second sees the other.
 *
 * Autopay does not ask whether an e-check awaits its bank: its debits come
 * on the city's schedule (the deduction day, then a few retries before the
 * enrolment suspends itself), for what the account owes once its pending
 * payments post, from a bank account its holder enrolled; neither a stranger
 * nor the payer chooses when or how often. A bank account blocked after its
 * returns suspends autopay, read under the same lock (recordPendingCharges).
 */
export async function refuseEcheckFromBankAccount(
  manager: EntityManager,
  scope: PaymentScope,
  fingerprint: string,
  allocations: readonly { readonly serviceAccountId: string }[],
  rules: EcheckRefusalRules,
): Promise<UserError[]> {
  await lockBankAccount(manager, scope, fingerprint);
  const bankAccount = await manager.getRepository(BankAccountEntity).findOneBy({ fingerprint });
  if (bankAccount?.status === 'BLOCKED') return [blockedBankAccountRefusal(rules.locale, rules.methodField, bankAccount)];
  const rows = await manager.query<{ service_account_id: string }[]>(
    `SELECT DISTINCT l.service_account_id
       FROM payments p JOIN payment_lines l ON l.payment_id = p.id
      WHERE p.method_kind = 'BANK_ACCOUNT' AND p.settled_at IS NULL AND p.status = ANY($1::text[])
        AND p.method_fingerprint = $2 AND l.service_account_id = ANY($3::uuid[])`,
    [AWAITING_BANK, fingerprint, [...new Set(allocations.map((a) => a.serviceAccountId))]],
  );
  const waiting = new Set(rows.map((row) => row.service_account_id));
  return allocations.flatMap((allocation, index) =>
    waiting.has(allocation.serviceAccountId) ? [userError(rules.locale, ['input', 'allocations', index], UserErrorCode.ECHECK_AWAITING_BANK, 'payment.echeckAwaitingBank')] : [],
  );
}
