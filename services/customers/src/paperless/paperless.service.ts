import { randomUUID } from 'node:crypto';
import type { TenantContext, TenantRef } from '@platform/api';
import { recordSecurityEvent, type SecurityContext } from '@platform/auth';
import { findServiceAccounts, maskAccountNumber, type ServiceAccountEntity } from '@platform/billing';
import { offeredLocale, ok, refused, userError, UserErrorCode, type MessageKey, type Result } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import { enqueueNotifications, type PaperlessEndReason } from '@platform/notifications';
import type { EntityManager } from 'typeorm';
import { paperlessStanding, type AccountPaperless } from './paperless-standing';

/** Who ends a choice, for the audit log and the holder's email: a request's TenantContext, or a job's own. */
export type PaperlessAudit = SecurityContext & { readonly tenant: TenantRef };

/** Why a holder cannot choose paperless now, each said at the one argument, `serviceAccountId`. */
const REFUSALS: Record<PaperlessEndReason | 'NOT_OFFERED', { readonly code: UserErrorCode; readonly key: MessageKey }> = {
  NOT_OFFERED: { code: UserErrorCode.PAPERLESS_NOT_OFFERED, key: 'paperless.notOffered' },
  UNLINKED: { code: UserErrorCode.ACCOUNT_NOT_LINKED, key: 'customer.notLinked' },
  ACCOUNT_CLOSED: { code: UserErrorCode.ACCOUNT_CLOSED, key: 'paperless.accountClosed' },
  EMAIL_UNPROVED: { code: UserErrorCode.EMAIL_NOT_PROVED, key: 'paperless.emailNotProved' },
  EMAIL_UNDELIVERABLE: { code: UserErrorCode.EMAIL_UNDELIVERABLE, key: 'paperless.emailUndeliverable' },
  BILL_NOTICES_OFF: { code: UserErrorCode.BILL_NOTICES_OFF, key: 'paperless.billNoticesOff' },
};

/**
 * The signed-in holder stops the paper bill of an account they hold: its bills then come by email only, to the
 * address they proved. Refused, with why, unless the city offers paperless and a bill's email would reach them now
 * (see paperlessStanding). Their consent is kept (who, when) and written to the audit log; choosing again is a
 * success that changes nothing. The account's choices are taken one at a time (a lock of the account's), so the
 * changes the print vendor reads say each time it stops or starts being printed once.
 */
export async function choosePaperless(ctx: TenantContext, serviceAccountId: string, offered: boolean): Promise<Result<ServiceAccountEntity>> {
  const userId = viewerId(ctx);
  return withTenant(ctx, async (manager) => {
    await lockForTransaction(manager, `paperless:${serviceAccountId}`);
    if (!(await isLinked(manager, userId, serviceAccountId))) return refusal<ServiceAccountEntity>(ctx, 'UNLINKED');
    if (!offered) return refusal<ServiceAccountEntity>(ctx, 'NOT_OFFERED');
    const before = await standingOf(manager, offered, serviceAccountId);
    // Chosen before (a double click, a second tab): the first consent stands, with its time.
    await manager.query('INSERT INTO paperless_choices (tenant_id, user_id, service_account_id, chosen_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      ctx.tenant.id,
      userId,
      serviceAccountId,
      ctx.clock.now(),
    ]);
    const after = await standingOf(manager, offered, serviceAccountId);
    const mine = after?.choices.find((choice) => choice.userId === userId);
    if (!after || !mine) throw new Error('a paperless choice just made is missing');
    if (mine.lapse !== null) throw new RefusedChoice(mine.lapse);
    if (before?.choices.some((choice) => choice.userId === userId)) return ok(after.account);
    await recordSecurityEvent(manager, ctx, { kind: 'PAPERLESS_CHOSEN', userId, detail: { serviceAccountId } });
    if (!before?.inForce) await recordChange(manager, ctx, after.account, 'PAPERLESS', 'CHOSEN', userId, userId);
    return ok(after.account);
  }).catch((error: unknown) => {
    // The choice could not stand (rolled back with its transaction): said as a refusal.
    if (error instanceof RefusedChoice) return refusal<ServiceAccountEntity>(ctx, error.reason);
    throw error;
  });
}

/**
 * The signed-in holder takes back their paperless choice: the account is printed again unless another holder's choice
 * still stands. Allowed whatever the city's setting (taking consent back always is). Audited; taking back a choice not
 * made changes nothing and succeeds, as for a holder of the account; anyone else is told it is not theirs.
 */
export async function choosePaper(ctx: TenantContext, serviceAccountId: string, offered: boolean): Promise<Result<ServiceAccountEntity>> {
  const userId = viewerId(ctx);
  return withTenant(ctx, async (manager) => {
    await lockForTransaction(manager, `paperless:${serviceAccountId}`);
    const before = await standingOf(manager, offered, serviceAccountId);
    // Counted by a SELECT: the driver answers a bare DELETE with its rows and count, not its rows.
    const [removed] = await manager.query<{ n: number }[]>(
      'WITH removed AS (DELETE FROM paperless_choices WHERE user_id = $1 AND service_account_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM removed',
      [userId, serviceAccountId],
    );
    if (!removed?.n) {
      const [account] = (await isLinked(manager, userId, serviceAccountId)) ? await findServiceAccounts(manager, [serviceAccountId]) : [];
      return account ? ok(account) : refusal<ServiceAccountEntity>(ctx, 'UNLINKED');
    }
    await recordSecurityEvent(manager, ctx, { kind: 'PAPER_CHOSEN', userId, detail: { serviceAccountId } });
    const after = await standingOf(manager, offered, serviceAccountId);
    if (before?.inForce && !after?.inForce) await recordChange(manager, ctx, before.account, 'PAPER', 'CHOSEN', userId, userId);
    return ok(before!.account);
  });
}

/**
 * Ends every paperless choice on these accounts (null: the city's) that no longer stands (paperlessStanding's
 * `lapse`): the holder unlinked the account, the city closed it, their address is unproved or undeliverable, or they
 * switched bill emails off. Each end is written to the audit log (PAPERLESS_ENDED, with why) and, where the account is
 * printed again, to its changes; the holder is told by email where one can reach them (an address proved, which did not
 * bounce), saying whether paper resumes or another holder still gets the bills. Idempotent: a choice ended is gone, so
 * a second pass finds nothing. In the caller's tenant transaction, so the end commits with what caused it where the
 * caller is that change (an unlink, a close), and returns how many choices it ended.
 */
export async function endLapsedChoices(manager: EntityManager, audit: PaperlessAudit, offered: boolean, accountIds: readonly string[] | null, actor = 'system'): Promise<number> {
  const standing = await paperlessStanding(manager, offered, accountIds);
  let ended = 0;
  for (const account of standing) {
    const lapsed = account.choices.filter((choice) => choice.lapse !== null);
    if (lapsed.length === 0) continue;
    await lockForTransaction(manager, `paperless:${account.account.id}`);
    await manager.query('DELETE FROM paperless_choices WHERE service_account_id = $1 AND user_id = ANY($2::uuid[])', [account.account.id, lapsed.map((choice) => choice.userId)]);
    const paperResumes = !account.inForce;
    for (const choice of lapsed) {
      await recordSecurityEvent(manager, audit, { kind: 'PAPERLESS_ENDED', userId: choice.userId, actor, detail: { serviceAccountId: account.account.id, reason: choice.lapse! } });
    }
    // Printed again when the last standing choice went, where the city's list leaves paperless accounts out at all.
    if (offered && paperResumes) await recordChange(manager, audit, account.account, 'PAPER', lapsed[0]!.lapse!, lapsed[0]!.userId, actor);
    await enqueueNotifications(
      manager,
      lapsed
        .filter((choice) => choice.email !== null && choice.lapse !== 'EMAIL_UNDELIVERABLE')
        .map((choice) => ({
          tenantId: audit.tenant.id,
          to: choice.email!,
          locale: offeredLocale(audit.tenant, choice.locale),
          userId: choice.userId,
          template: 'PAPERLESS_ENDED' as const,
          data: { accountNumber: maskAccountNumber(account.account.accountNumber), reason: choice.lapse!, paperResumes: String(paperResumes || !offered) },
          accountNumbers: [account.account.accountNumber],
        })),
      audit.clock.now(),
    );
    ended += lapsed.length;
  }
  return ended;
}

/** One account's paperless standing, or null when no choice was ever made on it. */
async function standingOf(manager: EntityManager, offered: boolean, serviceAccountId: string): Promise<AccountPaperless | null> {
  return (await paperlessStanding(manager, offered, [serviceAccountId]))[0] ?? null;
}

async function isLinked(manager: EntityManager, userId: string, serviceAccountId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>('SELECT 1 FROM account_links WHERE user_id = $1 AND service_account_id = $2', [userId, serviceAccountId]);
  return rows.length > 0;
}

async function recordChange(
  manager: EntityManager,
  scope: SecurityContext,
  account: ServiceAccountEntity,
  change: 'PAPERLESS' | 'PAPER',
  reason: string,
  userId: string | null,
  actor: string,
): Promise<void> {
  await manager.query('INSERT INTO paperless_changes (tenant_id, id, service_account_id, account_number, change, reason, user_id, actor, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    scope.tenant.id,
    randomUUID(),
    account.id,
    account.accountNumber,
    change,
    reason,
    userId,
    actor,
    scope.clock.now(),
  ]);
}

function refusal<T>(ctx: TenantContext, why: PaperlessEndReason | 'NOT_OFFERED'): Result<T> {
  const { code, key } = REFUSALS[why];
  return refused(userError(ctx.locale, ['serviceAccountId'], code, key));
}

/** Thrown inside choosePaperless's transaction to roll the choice back when it cannot stand. */
class RefusedChoice extends Error {
  constructor(readonly reason: PaperlessEndReason) {
    super(`paperless refused: ${reason}`);
  }
}

function viewerId(ctx: TenantContext): string {
  if (!ctx.viewer) throw new Error('paperless choices need a signed-in user');
  return ctx.viewer.userId;
}
