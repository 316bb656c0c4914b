import { createHash } from 'node:crypto';
import { containsCardNumber, localDateOf, parseMoney, translate, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { BillingContext } from './billing-scope';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { appendEntry, reviewRestorations } from './payment-ledger.service';
import { ServiceAccountEntity } from './service-account.entity';

export interface AdjustmentInput {
  readonly serviceAccountId: string;
  readonly kind: 'FEE' | 'ADJUSTMENT';
  /** Signed decimal: positive charges the account, negative credits it (a fee is always positive). */
  readonly amount: string;
  readonly memo: string;
  /** Chosen by the client per intended adjustment; a retry with the same key returns the first result. */
  readonly idempotencyKey: string;
}

/** The ledger source id for a client's idempotency key: stable per city and key, in uuid form. */
export function sourceIdForKey(tenantId: string, scope: string, key: string): string {
  const hex = createHash('sha256').update(`${tenantId}\n${scope}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Staff charge a fee or correct an account, with a reason; idempotent by key. */
export async function recordAdjustment(ctx: BillingContext, input: AdjustmentInput, actor: string): Promise<Result<LedgerEntryEntity>> {
  const errors: UserError[] = [];
  const fail = (field: string, code: UserErrorCode, key: 'billing.required' | 'billing.invalidAmount' | 'billing.tooLong' | 'billing.feeMustBePositive' | 'error.cardNumberInText', params: Record<string, number> = {}) =>
    errors.push({ field: ['input', field], code, message: translate(ctx.locale, key, params) });
  const amount = parseMoney(input.amount, 'USD', { allowNegative: input.kind === 'ADJUSTMENT' });
  if (!amount.ok) fail('amount', UserErrorCode.INVALID_AMOUNT, input.kind === 'FEE' && amount.error === 'NEGATIVE_AMOUNT' ? 'billing.feeMustBePositive' : 'billing.invalidAmount');
  else if (amount.value.cents === 0n) fail('amount', UserErrorCode.INVALID_AMOUNT, 'billing.invalidAmount');
  if (input.memo.trim() === '') fail('memo', UserErrorCode.REQUIRED, 'billing.required');
  else if (input.memo.length > 500) fail('memo', UserErrorCode.TOO_LONG, 'billing.tooLong', { max: 500 });
  else if (containsCardNumber(input.memo)) fail('memo', UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText');
  const key = input.idempotencyKey.trim();
  if (key === '' || key.length > 200) fail('idempotencyKey', UserErrorCode.REQUIRED, 'billing.required');
  if (errors.length > 0 || !amount.ok) return { ok: false, userErrors: errors };

  const sourceId = sourceIdForKey(ctx.tenant.id, 'adjustment', key);
  return withTenant(ctx, async (manager) => {
    const account = await manager.getRepository(ServiceAccountEntity).findOneBy({ id: input.serviceAccountId });
    if (!account) {
      return { ok: false, userErrors: [{ field: ['input', 'serviceAccountId'], code: UserErrorCode.ACCOUNT_NOT_FOUND, message: translate(ctx.locale, 'billing.accountNotFound') }] };
    }
    // Serialise retries of one key, so the second waits for the first and then finds its entry.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [sourceId]);
    const existing = await manager.getRepository(LedgerEntryEntity).findOneBy({ sourceId });
    if (!existing) {
      await appendEntry(manager, ctx, {
        serviceAccountId: account.id,
        kind: input.kind,
        amountCents: amount.value.cents,
        effectiveDate: localDateOf(ctx.clock.now(), ctx.tenant.timeZone),
        sourceId,
        memo: input.memo.trim(),
        recordedBy: actor,
      });
      await reviewRestorations(manager, ctx, [account.id]);
    }
    const entry = existing ?? (await manager.getRepository(LedgerEntryEntity).findOneByOrFail({ sourceId }));
    if (entry.serviceAccountId !== account.id || entry.kind !== input.kind || entry.amountCents !== amount.value.cents) {
      return { ok: false, userErrors: [{ field: ['input', 'idempotencyKey'], code: UserErrorCode.IDEMPOTENCY_KEY_REUSED, message: translate(ctx.locale, 'billing.idempotencyKeyReused') }] };
    }
    return { ok: true, value: entry };
  });
}
