import { findServiceAccounts } from '@platform/billing';
import type { EntityManager } from 'typeorm';
import { withdrawCardExpiringNotice } from '../notices/withdrawn-notices.service';
import { AutopayEnrollmentEntity } from './autopay-enrollment.entity';

/**
 * A saved card renewed in place (the same card saved again with a later
 * expiry, under the same id: the payments service's savePaymentMethod), in
 * that tenant transaction: the warning, not yet sent, that it expires before
 * the deduction no longer holds for the accounts whose autopay charges it.
 */
export async function savedCardRenewed(manager: EntityManager, savedMethodId: string): Promise<void> {
  const enrollments = await manager.getRepository(AutopayEnrollmentEntity).findBy({ savedMethodId, status: 'ENROLLED' });
  if (enrollments.length === 0) return;
  for (const account of await findServiceAccounts(
    manager,
    enrollments.map((e) => e.serviceAccountId),
  ))
    await withdrawCardExpiringNotice(manager, account.accountNumber);
}
