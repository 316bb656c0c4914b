import { randomUUID } from 'node:crypto';
import {
  localDateOf,
  ok,
  refused,
  userError,
  type CardBrand,
  type FieldPath,
  type Locale,
  type MessageKey,
  type MessageParams,
  type PaymentMethodKind,
  UserErrorCode,
  type Result,
} from '@platform/core';
import { withTenant } from '@platform/db';
import type { ChargeSource, PaymentProcessor } from '@platform/processor';
import type { Tenant } from '@platform/tenants';
import { IsNull } from 'typeorm';
import { BankAccountEntity } from '../e-checks/bank-account.entity';
import { blockedBankAccountRefusal } from '../e-checks/closed-bank-account';
import type { BankCheckLimiter } from './decline-limits';
import type { PaymentScope } from '../payment-scope';
import { savedCardExpired } from '../wallet/card-expiry';
import { methodNotAccepted } from '../wallet/method-acceptance';
import { SavedMethodEntity } from '../wallet/saved-method.entity';

/** A request, or a job paying on a customer's behalf (autopay): saved methods are the viewer's own. */
export type MethodScope = PaymentScope & { readonly locale: Locale; readonly viewer: { readonly userId: string } | null };

/** The method a payment will use, as the processor and the city's rules allow it. */
export interface ResolvedMethod {
  readonly kind: PaymentMethodKind;
  readonly brand: CardBrand | null;
  readonly last4: string;
  readonly fingerprint: string;
  readonly source: ChargeSource;
  readonly savedMethodId: string | null;
}

/** A new method by the processor's token, or one of the viewer's saved methods. */
export type MethodChoice = { readonly token: string } | { readonly savedMethodId: string };

/** Where in makePayment's arguments the method was given: where its refusals and declines point. */
export const methodField = (method: MethodChoice): FieldPath => ('savedMethodId' in method ? ['input', 'savedMethodId'] : ['input', 'token']);

const failure = (ctx: MethodScope, field: FieldPath, code: UserErrorCode, key: MessageKey, params: MessageParams = {}) => refused(userError(ctx.locale, field, code, key, params));

/** A saved method as a charge uses it: the processor's stored profile and method, nothing to tokenize. */
export function savedMethodToCharge(saved: SavedMethodEntity): ResolvedMethod {
  return {
    kind: saved.kind,
    brand: saved.brand,
    last4: saved.last4,
    fingerprint: saved.fingerprint,
    source: { profileId: saved.processorProfileId, methodId: saved.processorMethodId },
    savedMethodId: saved.id,
  };
}

/**
 * Finds what a token or saved method stands for and checks it against the
 * city: card brands it takes (Norwalk refuses Discover), whether it takes
 * e-checks, and bank accounts it has blocked after a return. A bank account
 * the city has not seen is checked with the processor on first use, under
 * `bankCheck`'s limits (a new method's token only: a saved one was checked
 * when saved, so a caller with saved methods only passes null). Every
 * refusal points at the method's argument (`["input", "token"]` or
 * `["input", "savedMethodId"]`), a processor that does not answer included.
 */
export async function resolvePaymentMethod(ctx: MethodScope, processor: PaymentProcessor, tenant: Tenant, method: MethodChoice, bankCheck: BankCheckLimiter | null): Promise<Result<ResolvedMethod>> {
  let resolved: ResolvedMethod;
  if ('savedMethodId' in method) {
    const userId = ctx.viewer?.userId;
    const saved = userId ? await withTenant(ctx, (manager) => manager.getRepository(SavedMethodEntity).findOneBy({ id: method.savedMethodId, userId, removedAt: IsNull() })) : null;
    if (!saved) return failure(ctx, ['input', 'savedMethodId'], UserErrorCode.METHOD_NOT_FOUND, 'payment.methodNotFound');
    // Known expired, it is not tried: the network counts a charge of a dead card against the city, and the payer's decline limit would too.
    if (savedCardExpired(saved, localDateOf(ctx.clock.now(), ctx.tenant.timeZone))) return failure(ctx, ['input', 'savedMethodId'], UserErrorCode.EXPIRED_CARD, 'payment.expiredCard');
    resolved = savedMethodToCharge(saved);
  } else {
    const token = method.token.trim();
    const details = await processor.getToken(token);
    if (details.outcome === 'UNKNOWN') return failure(ctx, ['input', 'token'], UserErrorCode.PROCESSOR_UNAVAILABLE, 'payment.processorUnavailable');
    if (details.outcome !== 'OK' || details.value.used) return failure(ctx, ['input', 'token'], UserErrorCode.INVALID_TOKEN, 'payment.invalidToken');
    const { kind, brand, last4, fingerprint } = details.value;
    resolved = { kind, brand, last4, fingerprint, source: { token }, savedMethodId: null };
  }

  const rules = tenant.settings.paymentRules;
  const field = methodField(method);
  const notTaken = methodNotAccepted(rules, resolved);
  if (notTaken) return failure(ctx, field, notTaken.code, notTaken.key, notTaken.params);
  if (resolved.kind === 'BANK_ACCOUNT') {
    const known = await withTenant(ctx, (manager) => manager.getRepository(BankAccountEntity).findOneBy({ fingerprint: resolved.fingerprint }));
    if (known?.status === 'BLOCKED') return refused(blockedBankAccountRefusal(ctx.locale, field, known));
    // A block staff lifted is read as none: a new token from the account is checked with its bank as a first one is.
    if ((!known || known.status === 'LIFTED') && 'token' in resolved.source) {
      const token = resolved.source.token;
      if (!bankCheck) throw new Error('a new bank account is checked with the processor only under decline limits');
      const check = await bankCheck(resolved.fingerprint, () => processor.verifyBankAccount(token));
      if (check.outcome === 'UNKNOWN') return failure(ctx, field, UserErrorCode.PROCESSOR_UNAVAILABLE, 'payment.processorUnavailable');
      if (check.outcome !== 'OK' || !check.value.valid) return failure(ctx, field, UserErrorCode.BANK_ACCOUNT_INVALID, 'payment.bankAccountInvalid');
      // A LIFTED row becomes VERIFIED and keeps when it was lifted (R01 returns before then count no more).
      await withTenant(ctx, (manager) =>
        manager.query(
          `INSERT INTO bank_accounts (tenant_id, fingerprint, id, status, reason, last4, updated_at) VALUES ($1, $2, $3, 'VERIFIED', NULL, $4, $5)
           ON CONFLICT (tenant_id, fingerprint) DO UPDATE SET status = 'VERIFIED', reason = NULL, last4 = EXCLUDED.last4, updated_at = EXCLUDED.updated_at
            WHERE bank_accounts.status = 'LIFTED'`,
          [ctx.tenant.id, resolved.fingerprint, randomUUID(), resolved.last4, ctx.clock.now()],
        ),
      );
    }
  }
  return ok(resolved);
}
