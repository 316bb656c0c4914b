import type { PayableKind } from '@platform/core';
import { runPrepared, type PreparedStatement } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { maskAccountNumber } from '../accounts/masking';
import type { AccountStatus } from '../account-status/account-status.state';

/** What a payment line paid: as a receipt names it (never the full account number), and the account it is filed under. */
export interface PaymentTarget {
  /** e.g. "****-0417": what receipts, pages and events show. */
  readonly maskedAccountNumber: string;
  /** The full number, for filing what concerns the account (staff find a payment's notices by it); never shown to a payer. */
  readonly accountNumber: string;
  /** The payable paid on its own (a citation), by the city's number for it. */
  readonly payable: { readonly kind: PayableKind; readonly referenceNumber: string } | null;
  /** Whether the account is closed now (as read, unlocked): money given back from a closed account's payment is an ADMIN's to give. */
  readonly accountClosed: boolean;
}

/** Describes payment lines, in the caller's transaction and the order given; two queries whatever the count. */
export async function describePaymentTargets(manager: EntityManager, lines: readonly { readonly serviceAccountId: string; readonly payableId: string | null }[]): Promise<PaymentTarget[]> {
  const accountIds = [...new Set(lines.map((l) => l.serviceAccountId))];
  const payableIds = [...new Set(lines.flatMap((l) => (l.payableId ? [l.payableId] : [])))];
  const accounts = new Map((accountIds.length === 0 ? [] : await runPrepared<AccountNumberRow>(manager, ACCOUNT_NUMBERS, [accountIds])).map((a) => [a.id, a]));
  const payables = new Map((payableIds.length === 0 ? [] : await runPrepared<PayableReferenceRow>(manager, PAYABLE_REFERENCES, [payableIds])).map((p) => [p.id, p]));
  return lines.map((line) => {
    const payable = line.payableId ? payables.get(line.payableId) : undefined;
    const account = accounts.get(line.serviceAccountId);
    const accountNumber = account?.accountNumber ?? '';
    return {
      maskedAccountNumber: maskAccountNumber(accountNumber),
      accountNumber,
      payable: payable ? { kind: payable.kind, referenceNumber: payable.referenceNumber } : null,
      accountClosed: account?.status === 'CLOSED',
    };
  });
}

const ACCOUNT_NUMBERS: PreparedStatement = { name: 'billing.account-numbers', text: 'SELECT id, account_number AS "accountNumber", status FROM service_accounts WHERE id = ANY($1::uuid[])' };
const PAYABLE_REFERENCES: PreparedStatement = {
  name: 'billing.payable-references',
  text: 'SELECT id, kind, reference_number AS "referenceNumber" FROM payables WHERE id = ANY($1::uuid[])',
};

interface AccountNumberRow {
  readonly id: string;
  readonly accountNumber: string;
  readonly status: AccountStatus;
}

interface PayableReferenceRow {
  readonly id: string;
  readonly kind: PayableKind;
  readonly referenceNumber: string;
}
