import { clampPageSize, cursorCodec, decodeAfter, fetchSize, refuseUnlessStillSignedIn, toConnection, validateInput, type Connection, type TenantContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { lockBankAccount } from './bank-account-lock';
import { queueBankAccountNotices } from './bank-account-notices';
import { maskedBankAccount, toBlockedBankAccountType } from './bank-account-block.mappers';
import type { LiftBankAccountBlockInput } from './bank-account-block.inputs';
import { liftBlockInput } from './bank-account-block.inputs';
import type { BlockedBankAccountType } from './bank-account-block.types';
import { BankAccountEntity } from './bank-account.entity';

/** A position in the list of blocked bank accounts, latest blocked first: the last one's block time and id. */
const blockCursor = cursorCodec('blockedBankAccounts', 'timestamp', 'uuid');

/** A page of the city's blocked bank accounts, latest blocked first: at most 200, 50 unless the client says. */
export async function blockedBankAccountsPage(ctx: TenantContext, first: number, after: string | null): Promise<Connection<BlockedBankAccountType>> {
  const size = clampPageSize(first, { default: 50, max: 200 });
  const cursors = blockCursor.within({ tenantId: ctx.tenant.id });
  const position = decodeAfter(cursors, after, ctx.locale);
  const rows = await withTenant(ctx, (manager) => {
    const query = manager.getRepository(BankAccountEntity).createQueryBuilder('b').where(`b.status = 'BLOCKED'`);
    if (position) query.andWhere('(b.updated_at, b.id) < (:at, :id)', { at: position[0], id: position[1] });
    return query.orderBy('b.updated_at', 'DESC').addOrderBy('b.id', 'DESC').limit(fetchSize(size)).getMany();
  });
  return toConnection(rows, size, { node: (row) => toBlockedBankAccountType(row, ctx.locale), cursor: (row) => cursors.encode([row.updatedAt, row.id]) });
}

/**
 * The city's ADMIN lifts a bank account's block (a return its bank sent in error, a closure reported in error), with a
 * reason: every wallet, autopay and payment with the same numbers may use it again, and the next new token from it is
 * checked with its bank as a first one is (the row is LIFTED: the city knows nothing against it), and R01 returns
 * before the lift no longer count toward a new block: the count starts afresh. Whoever paid from it or keeps it in
 * their wallet is emailed that it is unblocked (queueBankAccountNotices). In the audit log
 * (BANK_ACCOUNT_BLOCK_LIFTED) by who, when, why, and the account by its last four digits only. Autopay its run had
 * not yet suspended on the block goes on; one it suspended, whose holder was told so, waits for them to set it again
 * (updateAutopay), so no debit starts again behind their back.
 *
 * The block named is the one staff read: taken under the bank account's lock (lockBankAccount), as a return takes it,
 * so a return recorded before the lift gives the block a new id and the lift is refused BANK_ACCOUNT_BLOCK_CHANGED
 * (lifting a return nobody looked at), and one recorded after blocks the account again.
 */
export async function liftBankAccountBlock(ctx: TenantContext, input: LiftBankAccountBlockInput): Promise<Result<BankAccountEntity>> {
  const checked = validateInput(liftBlockInput, input, ctx.locale);
  if (!checked.ok) return checked;
  const { bankAccountId, reason } = checked.value;
  const changed = refused(userError(ctx.locale, ['input', 'bankAccountId'], UserErrorCode.BANK_ACCOUNT_BLOCK_CHANGED, 'payment.bankAccountBlockChanged'));
  return withTenant(ctx, async (manager) => {
    const blocks = manager.getRepository(BankAccountEntity);
    const seen = await blocks.findOneBy({ id: bankAccountId, status: 'BLOCKED' });
    if (!seen) return changed;
    await lockBankAccount(manager, ctx, seen.fingerprint);
    await refuseUnlessStillSignedIn(manager, ctx);
    const now = ctx.clock.now();
    const { affected } = await blocks.update({ fingerprint: seen.fingerprint, id: bankAccountId, status: 'BLOCKED' }, { status: 'LIFTED', liftedAt: now, updatedAt: now });
    if (!affected) return changed;
    await queueBankAccountNotices(manager, ctx, seen, { template: 'BANK_ACCOUNT_UNBLOCKED' });
    await recordSecurityEvent(manager, ctx, {
      kind: 'BANK_ACCOUNT_BLOCK_LIFTED',
      detail: { bankAccount: maskedBankAccount(seen.last4), blockedBecause: seen.reason ?? 'RETURNED', reason },
    });
    return ok(seen);
  });
}
