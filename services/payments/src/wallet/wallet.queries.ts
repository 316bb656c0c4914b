import type { TenantContext } from '@platform/api';
import type { CardBrand, PaymentMethodKind } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In, IsNull } from 'typeorm';
import { BankAccountEntity } from '../e-checks/bank-account.entity';
import { SavedMethodEntity } from './saved-method.entity';

/** A saved method as a person recognises it, and whose it is: never its number. */
export interface SavedMethodSummary {
  readonly id: string;
  readonly userId: string;
  readonly kind: PaymentMethodKind;
  readonly brand: CardBrand | null;
  readonly last4: string;
  /** Cards only: the card is good through the last day of this month. */
  readonly expMonth: number | null;
  readonly expYear: number | null;
  /** The customer removed it from their wallet; it can no longer be charged. */
  readonly removed: boolean;
  /** A bank account the bank returned a debit from (closed, no such account), or said no longer exists: the city takes no more from it. */
  readonly blocked: boolean;
  /** Why, when blocked: a return code ("R02"), or INVALID_ACCOUNT (closed at its bank); see blockedBankAccountRefusal. */
  readonly blockedReason: string | null;
}

/** Saved methods by id, in the caller's tenant transaction; ids of another city, or unknown, are absent. */
export async function savedMethodsById(manager: EntityManager, ids: readonly string[]): Promise<Map<string, SavedMethodSummary>> {
  const rows = ids.length === 0 ? [] : await manager.getRepository(SavedMethodEntity).findBy({ id: In([...new Set(ids)]) });
  const blocked = await blockedBankAccounts(manager, rows);
  return new Map(rows.map((m) => [m.id, summaryOf(m, blocked)]));
}

/**
 * The fingerprints, among these methods' bank accounts, of the accounts the city blocked, each with why: a return's
 * code ("RETURNED" when the bank gave none), or INVALID_ACCOUNT, closed at its bank (blockClosedBankAccount).
 */
export async function blockedBankAccounts(manager: EntityManager, methods: readonly SavedMethodEntity[]): Promise<Map<string, string>> {
  const fingerprints = methods.filter((m) => m.kind === 'BANK_ACCOUNT').map((m) => m.fingerprint);
  if (fingerprints.length === 0) return new Map();
  const blocked = await manager.getRepository(BankAccountEntity).findBy({ fingerprint: In(fingerprints), status: 'BLOCKED' });
  return new Map(blocked.map((b) => [b.fingerprint, b.reason ?? 'RETURNED']));
}

/**
 * One saved method, held (FOR SHARE) to the end of the caller's tenant
 * transaction, for a caller about to write that it charges it (an autopay
 * enrolment). removePaymentMethod takes the row FOR UPDATE before it asks
 * whether anything charges the method: so either the caller's write commits
 * before that question is asked, or the caller waits for the removal and
 * reads the method as removed. Null when unknown or another city's.
 */
export async function holdSavedMethod(manager: EntityManager, id: string): Promise<SavedMethodSummary | null> {
  const row = await manager.getRepository(SavedMethodEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
  return row && summaryOf(row, await blockedBankAccounts(manager, [row]));
}

function summaryOf(m: SavedMethodEntity, blocked: ReadonlyMap<string, string>): SavedMethodSummary {
  const { id, userId, kind, brand, last4, expMonth, expYear } = m;
  const blockedReason = kind === 'BANK_ACCOUNT' ? (blocked.get(m.fingerprint) ?? null) : null;
  return { id, userId, kind, brand, last4, expMonth, expYear, removed: m.removedAt !== null, blocked: blockedReason !== null, blockedReason };
}

/** A user's saved methods still in their wallet, oldest first, and why the city blocked those of their bank accounts it did (by fingerprint). */
export function listPaymentMethods(ctx: TenantContext, userId: string): Promise<{ readonly methods: SavedMethodEntity[]; readonly blocks: Map<string, string> }> {
  return withTenant(ctx, async (manager) => {
    const methods = await manager.getRepository(SavedMethodEntity).find({ where: { userId, removedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { methods, blocks: await blockedBankAccounts(manager, methods) };
  });
}
