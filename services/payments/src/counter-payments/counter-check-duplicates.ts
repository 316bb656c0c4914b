import type { TenantContext } from '@platform/api';
import { userError, UserErrorCode, type UserError } from '@platform/core';
import type { EntityManager } from 'typeorm';
import type { ResolvedAllocation } from '../make-payment/payment-allocation.service';

/*
 * A paper check is recorded once. Check numbers repeat between residents' check books, so the same number on another
 * account is another check; on one of the same accounts, standing (not voided), it is the same check typed in again:
 * at a second window, or after a lost answer on a fresh form whose new key idempotency cannot match. Numbers compare
 * as printed less their leading zeros ("0457" is check 457).
 */
const STANDING_CHECK = `
  SELECT p.check_number AS "checkNumber", p.confirmation_number AS "confirmationNumber"
    FROM payments p
   WHERE p.method_kind = 'CHECK' AND p.check_number IS NOT NULL AND ltrim(p.check_number, '0') = ltrim($1, '0') AND p.status <> 'VOIDED'
     AND EXISTS (SELECT 1 FROM payment_lines l WHERE l.tenant_id = p.tenant_id AND l.payment_id = p.id AND l.service_account_id = ANY($2::uuid[]))
   ORDER BY p.made_at
   LIMIT 1`;

/** For recordPending's refuseUnderLocks: DUPLICATE_CHECK_NUMBER at the check number when that check stands recorded on one of the accounts. */
export function refuseCheckRecordedBefore(ctx: TenantContext, allocations: readonly ResolvedAllocation[], checkNumber: string) {
  return async (manager: EntityManager): Promise<readonly UserError[]> => {
    const accounts = [...new Set(allocations.map((a) => a.serviceAccountId))];
    const [found] = await manager.query<{ checkNumber: string; confirmationNumber: string }[]>(STANDING_CHECK, [checkNumber, accounts]);
    if (!found) return [];
    return [
      userError(ctx.locale, ['input', 'checkNumber'], UserErrorCode.DUPLICATE_CHECK_NUMBER, 'payment.duplicateCheckNumber', { number: found.checkNumber, confirmation: found.confirmationNumber }),
    ];
  };
}
