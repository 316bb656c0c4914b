import { describePaymentTargets, loadBalances } from '@platform/billing';
import { formatMoney, money } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { PaymentScope } from '../payment-scope';
import { describeLine, noticeLocale } from '../payment/payment-emails.service';
import type { PaymentLineEntity } from '../payment/payment-line.entity';
import type { PaymentEntity } from '../payment/payment.entity';

/*
 * What a refund's or a return's notice tells the payer about their accounts.
 * The ledger owes again, on each account, what the give-back took back from
 * it; but other payments may have paid that since (a household that paid the
 * bill twice, a resident who paid again before a refund), and a payer told to
 * pay it again would pay twice. So the notice says no more is owed again than
 * the account owes now: one rule for refunds and returns.
 */

/** A fee the give-back charged (a returned-payment fee): owed now on its account, but not owed again. */
interface ChargedFee {
  readonly serviceAccountId: string;
  readonly amountCents: bigint;
}

/**
 * The notice's facts of a give-back whose ledger side (and fee) this
 * transaction has recorded; `taken[i]` is what it took from `lines[i]`.
 * `takenBackFrom`: what it took, a line each as a receipt names them (its
 * lines no longer pay what the receipt said). `owedAgain`: of what it took,
 * what each account still owes now, its fee aside. `alreadyPaid`: the rest,
 * which the account no longer owes: other payments paid it, or this one
 * paid beyond what was owed (a refund of an overpayment's credit), which
 * the wording leaves open. Amounts in the payer's language, each
 * only when not zero; none at all when nothing was taken from the accounts
 * (a convenience fee refunded was never on one).
 */
export async function owedAgainFacts(
  manager: EntityManager,
  scope: PaymentScope,
  payment: PaymentEntity,
  lines: readonly PaymentLineEntity[],
  taken: readonly bigint[],
  fee: ChargedFee | null = null,
): Promise<Record<string, string>> {
  const takenLines = lines.flatMap((line, i) => (taken[i]! > 0n ? [{ line, cents: taken[i]! }] : []));
  if (takenLines.length === 0) return {};
  const takenByAccount = new Map<string, bigint>();
  for (const { line, cents } of takenLines) takenByAccount.set(line.serviceAccountId, (takenByAccount.get(line.serviceAccountId) ?? 0n) + cents);
  const balances = await loadBalances(manager, scope, [...takenByAccount.keys()]);
  let owedCents = 0n;
  let paidCents = 0n;
  for (const [accountId, takenCents] of takenByAccount) {
    const feeCents = fee?.serviceAccountId === accountId ? fee.amountCents : 0n;
    const dueCents = balances.get(accountId)!.amountDueNowCents - feeCents;
    const owed = dueCents <= 0n ? 0n : dueCents < takenCents ? dueCents : takenCents;
    owedCents += owed;
    paidCents += takenCents - owed;
  }
  const locale = noticeLocale(scope, payment);
  const targets = await describePaymentTargets(
    manager,
    takenLines.map(({ line }) => line),
  );
  return {
    takenBackFrom: takenLines.map(({ cents }, i) => describeLine(targets[i]!, cents, locale)).join('\n'),
    ...(owedCents > 0n ? { owedAgain: formatMoney(money(owedCents), locale) } : {}),
    ...(paidCents > 0n ? { alreadyPaid: formatMoney(money(paidCents), locale) } : {}),
  };
}
