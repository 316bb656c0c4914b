import { randomUUID } from 'node:crypto';
import { type TenantContext } from '@platform/api';
import { ok, refused, userError, UserErrorCode, type FieldPath, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { PaymentProcessor } from '@platform/processor';
import { tenantByIdLoader } from '@platform/tenants';
import { IsNull, type EntityManager } from 'typeorm';
import { blockClosedBankAccount } from '../e-checks/closed-bank-account';
import { limitedBankCheck, walletDeclineLimitsFor } from '../make-payment/decline-limits';
import { resolvePaymentMethod } from '../make-payment/payment-method.service';
import { tokenRefusal } from '../make-payment/processor-token';
import type { MethodInUse, MethodRenewed } from '../payments-settings';
import { ProcessorProfileEntity } from './processor-profile.entity';
import { SavedMethodEntity } from './saved-method.entity';

/**
 * Saves a card or bank account for the signed-in customer: the processor
 * keeps it in the customer's profile and confirms it, or it is not saved.
 * The city's rules apply as for a payment (Norwalk will not save a Discover
 * card it cannot take), and a new bank account's check with the processor
 * is limited as a payment's declines are, per address, user and account
 * (a list of account numbers tried here learns which exist). Only the
 * processor's ids and what a person recognises the method by are stored.
 * The same card (the processor's fingerprint) or bank account saved
 * again, from a second tab or a second try, is kept once: the answer is the
 * method the wallet already holds. A renewed card (the same number with a
 * later expiry) renews that entry in place, keeping its id (which autopay
 * and the pages know it by), so it charges the new card; the processor's
 * copy that lost is deleted either way. A bank account its bank says no
 * longer exists is refused, and blocked for the whole city
 * (blockClosedBankAccount).
 * Every refusal points at `token`, the one argument.
 */
export async function savePaymentMethod(ctx: TenantContext, processor: PaymentProcessor, token: string, renewed?: MethodRenewed): Promise<Result<SavedMethodEntity>> {
  const userId = ctx.viewer!.userId;
  const trimmed = token.trim();
  const notAToken = tokenRefusal(trimmed);
  if (notAToken) return refused(userError(ctx.locale, ['token'], notAToken.code, notAToken.key));
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  const bankCheck = limitedBankCheck(ctx, (fingerprint) => walletDeclineLimitsFor(ctx, userId, fingerprint));
  const checked = await resolvePaymentMethod(ctx, processor, tenant, { token: trimmed }, bankCheck);
  // The same checks as a payment's, whose paths are into makePayment's input: here the token is the argument itself.
  if (!checked.ok) return refused(...checked.userErrors.map((e) => ({ ...e, field: ['token'] })));

  const profileId = await profileFor(ctx, processor, userId);
  if (!profileId) return unavailable(ctx, ['token']);
  const saved = await processor.saveMethod({ idempotencyKey: `save-${ctx.tenant.id}-${trimmed}`, profileId, token: trimmed });
  if (saved.outcome === 'UNKNOWN') return unavailable(ctx, ['token']);
  if (saved.outcome === 'DECLINED' && saved.code === 'INVALID_ACCOUNT' && checked.value.kind === 'BANK_ACCOUNT') {
    // The processor asks the bank on every save; the city asked once, when it first met the account, and still took it as good.
    const closed = checked.value;
    await withTenant(ctx, (manager) => blockClosedBankAccount(manager, ctx, closed));
    return refused(userError(ctx.locale, ['token'], UserErrorCode.BANK_ACCOUNT_INVALID, 'payment.bankAccountClosed'));
  }
  if (saved.outcome !== 'OK') return refused(userError(ctx.locale, ['token'], UserErrorCode.INVALID_TOKEN, 'payment.invalidToken'));
  const method = saved.value;
  const entity: SavedMethodEntity = Object.assign(new SavedMethodEntity(), {
    tenantId: ctx.tenant.id,
    id: randomUUID(),
    userId,
    processorProfileId: method.profileId,
    processorMethodId: method.methodId,
    kind: method.kind,
    brand: method.brand,
    last4: method.last4,
    expMonth: method.expMonth,
    expYear: method.expYear,
    holderName: method.holderName,
    fingerprint: method.fingerprint,
    createdAt: ctx.clock.now(),
    removedAt: null,
  });
  const stored = await withTenant(ctx, async (manager) => {
    // Under the user's profile row, so two tabs saving the same card at once keep it once.
    await manager.getRepository(ProcessorProfileEntity).findOne({ where: { userId }, lock: { mode: 'pessimistic_write' } });
    const methods = manager.getRepository(SavedMethodEntity);
    const kept = await methods.findOneBy({ userId, fingerprint: method.fingerprint, removedAt: IsNull() });
    if (kept && kept.processorMethodId !== method.methodId) {
      if (!expiresLater(method, kept)) return { saved: kept, discarded: method.methodId };
      const renewal = { processorProfileId: method.profileId, processorMethodId: method.methodId, expMonth: method.expMonth, expYear: method.expYear, holderName: method.holderName };
      const replaced = kept.processorMethodId;
      await methods.update({ id: kept.id }, renewal);
      await renewed?.(manager, kept.id);
      return { saved: Object.assign(kept, renewal), discarded: replaced };
    }
    await methods.createQueryBuilder().insert().values(entity).orIgnore().execute();
    return { saved: await methods.findOneByOrFail({ processorMethodId: method.methodId, removedAt: IsNull() }), discarded: null };
  });
  // The wallet already held this card or bank account: the processor's copy the wallet no longer points at goes.
  if (stored.discarded) await processor.deleteMethod({ profileId: method.profileId, methodId: stored.discarded });
  return ok(stored.saved);
}

/** Whether a card saved again lasts longer than the wallet's copy of it (a renewed card); never for a bank account. */
function expiresLater(method: { readonly expMonth: number | null; readonly expYear: number | null }, kept: SavedMethodEntity): boolean {
  if (method.expMonth === null || method.expYear === null) return false;
  if (kept.expMonth === null || kept.expYear === null) return true;
  return method.expYear * 12 + method.expMonth > kept.expYear * 12 + kept.expMonth;
}

/**
 * Removes a saved method from the wallet and from the processor's profile.
 * Refused while autopay charges it (`inUse`): removed, autopay would go on
 * showing it and be suspended only on the deduction day, the month unpaid.
 * The question and the removal share one transaction, under the row's lock
 * (see holdSavedMethod): an enrolment with the method commits before it, or
 * finds the method removed. The processor is asked afterwards, not under the
 * lock; when it does not answer, the removal is undone (the processor may
 * still hold the method) and the resident is told to try again.
 */
export async function removePaymentMethod(ctx: TenantContext, processor: PaymentProcessor, methodId: string, inUse?: MethodInUse): Promise<Result<true>> {
  const userId = ctx.viewer!.userId;
  const removedAt = ctx.clock.now();
  const taken = await withTenant(ctx, async (manager): Promise<Result<SavedMethodEntity>> => {
    const methods = manager.getRepository(SavedMethodEntity);
    const method = await methods.findOne({ where: { id: methodId, userId, removedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
    if (!method) return refused(userError(ctx.locale, ['id'], UserErrorCode.METHOD_NOT_FOUND, 'payment.methodNotFound'));
    if (inUse && (await inUse(manager, method.id))) return refused(userError(ctx.locale, ['id'], UserErrorCode.METHOD_IN_AUTOPAY, 'payment.methodInAutopay'));
    await methods.update({ id: method.id }, { removedAt });
    return ok(method);
  });
  if (!taken.ok) return taken;
  const method = taken.value;
  const deleted = await processor.deleteMethod({ profileId: method.processorProfileId, methodId: method.processorMethodId });
  if (deleted.outcome === 'UNKNOWN') {
    await withTenant(ctx, (manager) => restoreRemovedMethod(manager, method.id, removedAt));
    return unavailable(ctx, ['id']);
  }
  return ok(true);
}

/**
 * Puts a method whose removal `removedAt` could not finish back in the
 * wallet: unless the same processor method was saved again meanwhile (the
 * wallet holds it once).
 */
async function restoreRemovedMethod(manager: EntityManager, methodId: string, removedAt: Date): Promise<void> {
  await manager.query(
    `UPDATE saved_payment_methods m SET removed_at = NULL
      WHERE m.id = $1 AND m.removed_at = $2
        AND NOT EXISTS (SELECT 1 FROM saved_payment_methods o WHERE o.processor_method_id = m.processor_method_id AND o.removed_at IS NULL)`,
    [methodId, removedAt],
  );
}

/** The user's processor profile, made on first use (under a key of the user's, so two first uses make one). */
async function profileFor(ctx: TenantContext, processor: PaymentProcessor, userId: string): Promise<string | null> {
  const existing = await withTenant(ctx, (manager) => manager.getRepository(ProcessorProfileEntity).findOneBy({ userId }));
  if (existing) return existing.profileId;
  const created = await processor.createProfile({ idempotencyKey: `profile-${ctx.tenant.id}-${userId}`, customerRef: `${ctx.tenant.id}:${userId}` });
  if (created.outcome !== 'OK') return null;
  await withTenant(ctx, (manager) =>
    manager
      .getRepository(ProcessorProfileEntity)
      .createQueryBuilder()
      .insert()
      .values({ tenantId: ctx.tenant.id, userId, profileId: created.value.profileId, createdAt: ctx.clock.now() })
      .orIgnore()
      .execute(),
  );
  return created.value.profileId;
}

/** The processor did not answer: nothing changed, and the argument it was asked about is where to try again. */
const unavailable = (ctx: TenantContext, field: FieldPath) => refused(userError(ctx.locale, field, UserErrorCode.PROCESSOR_UNAVAILABLE, 'payment.processorUnavailable'));
