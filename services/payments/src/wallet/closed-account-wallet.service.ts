import type { TenantContext } from '@platform/api';
import { ok, refused, userError, UserErrorCode, type FieldPath, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { IsNull, type EntityManager } from 'typeorm';
import { SavedMethodEntity } from './saved-method.entity';

/*
 * A resident closing their online account takes every saved method with it, at the processor and in the wallet
 * (customers' AccountClosingSteps, wired by the gateway). The processor is asked first, outside any transaction, as
 * removePaymentMethod asks it; the wallet follows in the closing's own transaction.
 */

/**
 * Deletes each of the user's saved methods at the processor. One it no longer holds (deleted in its dashboard) is gone
 * already. One it does not answer for may still be held there: the closing is refused (PROCESSOR_UNAVAILABLE at
 * `field`), nothing closed, and the resident asks again; those deleted meanwhile are simply gone, as after a deletion
 * in the dashboard (the wallet drops such a method when it is next charged). Deleting twice is fine at the processor.
 */
export async function removeSavedMethodsAtProcessor(ctx: TenantContext, processor: PaymentProcessor, userId: string, field: FieldPath): Promise<Result<true>> {
  const methods = await withTenant(ctx, (manager) => manager.getRepository(SavedMethodEntity).findBy({ userId, removedAt: IsNull() }), { readOnly: true });
  for (const method of methods) {
    const deleted = await processor.deleteMethod({ profileId: method.processorProfileId, methodId: method.processorMethodId });
    if (deleted.outcome === 'UNKNOWN') return refused(userError(ctx.locale, field, UserErrorCode.PROCESSOR_UNAVAILABLE, 'payment.processorUnavailable'));
  }
  return ok(true);
}

/**
 * Takes the user's saved methods out of the wallet, in the closing's transaction, and forgets the name on each (the
 * holder's, as typed into the processor's form). The rows stay, without it, for the payments that name them: brand and
 * last four are the city's record of how each was paid.
 */
export async function emptyClosedAccountWallet(manager: EntityManager, userId: string, at: Date): Promise<void> {
  await manager.query('UPDATE saved_payment_methods SET removed_at = coalesce(removed_at, $2), holder_name = NULL WHERE user_id = $1', [userId, at]);
}
