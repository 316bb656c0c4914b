import type { EntityManager } from 'typeorm';
import { maskAccountNumber } from '../accounts/masking';
import type { AccountStatus } from './account-status.state';

/**
 * Where the restoration a payment paid for stands now: REQUESTED (paid in
 * full, waiting for staff), RESTORED (staff approved it: service is on), or
 * DISCONNECTED (service still off: the account was not paid in full, or its
 * request was withdrawn since, the payment given back or a charge come due).
 */
export const RESTORATION_PROGRESS = ['REQUESTED', 'RESTORED', 'DISCONNECTED'] as const;
export type RestorationProgress = (typeof RESTORATION_PROGRESS)[number];

export interface PaymentRestoration {
  readonly paymentId: string;
  readonly maskedAccountNumber: string;
  readonly progress: RestorationProgress;
}

const PROGRESS: Partial<Record<AccountStatus, RestorationProgress>> = {
  RESTORATION_PENDING: 'REQUESTED',
  ACTIVE: 'RESTORED',
  DISCONNECT_ELIGIBLE: 'RESTORED',
  DISCONNECTED: 'DISCONNECTED',
};

/**
 * The accounts each payment paid that were disconnected when it was made,
 * and where their restoration stands now; an account closed since is left
 * out. What a receipt says about service coming back, read from the payment
 * alone (a guest holds its receipt token, not a fresh proof of the account),
 * so it says nothing else about the account: no balance, no name.
 * "Disconnected when it was made": the account's latest disconnection
 * happened by the payment's time and no approval (or closing) followed it
 * before then. Where it stands is where that disconnection ended: the
 * account's status now while it is the latest, else the status the account
 * left for the next one (a household restored in November and disconnected
 * again in January: November's receipt still says RESTORED, and the January
 * disconnection is the one later payments' receipts speak of).
 * One statement per batch.
 */
export async function restorationsPaidBy(manager: EntityManager, paymentIds: readonly string[]): Promise<PaymentRestoration[]> {
  if (paymentIds.length === 0) return [];
  const rows = await manager.query<{ payment_id: string; account_number: string; status: AccountStatus }[]>(
    `WITH cut AS (
       SELECT DISTINCT ON (p.payment_id, p.service_account_id) p.payment_id, p.service_account_id, p.made_at, c.seq
         FROM payment_allocations p
         JOIN account_status_changes c ON c.service_account_id = p.service_account_id
        WHERE p.payment_id = ANY($1::uuid[]) AND c.reason = 'DISCONNECTED_FOR_NON_PAYMENT' AND c.occurred_at <= p.made_at
        ORDER BY p.payment_id, p.service_account_id, c.seq DESC)
     SELECT cut.payment_id, a.account_number, coalesce(again.from_status, a.status) AS status
       FROM cut JOIN service_accounts a ON a.id = cut.service_account_id
       LEFT JOIN LATERAL (
              SELECT n.from_status FROM account_status_changes n
               WHERE n.service_account_id = cut.service_account_id AND n.reason = 'DISCONNECTED_FOR_NON_PAYMENT' AND n.seq > cut.seq
               ORDER BY n.seq LIMIT 1) again ON true
      WHERE NOT EXISTS (
              SELECT 1 FROM account_status_changes r
               WHERE r.service_account_id = cut.service_account_id AND r.seq > cut.seq
                 AND r.reason IN ('RESTORATION_APPROVED', 'CLOSED') AND r.occurred_at < cut.made_at)
      ORDER BY cut.payment_id, a.account_number`,
    [paymentIds],
  );
  return rows.flatMap((row) => {
    const progress = PROGRESS[row.status];
    return progress ? [{ paymentId: row.payment_id, maskedAccountNumber: maskAccountNumber(row.account_number), progress }] : [];
  });
}
