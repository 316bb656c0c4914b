import type { AccountStatus } from '@platform/billing';
import { billEmailBlocks } from '@platform/notifications';
import { withTenant, type TenantScope } from '@platform/db';
import { paperlessStanding, type AccountPaperless } from './paperless-standing';
import type { PaperlessBlock, PaperlessChangeKind, PaperlessType } from './paperless.types';

/** One account's paperless billing as the signed-in user sees it: in force or not, their choice, and what stops them. */
export function paperlessAsSeenBy(scope: TenantScope, userId: string | null, offered: boolean, account: { readonly id: string; readonly status: AccountStatus }): Promise<PaperlessType> {
  return withTenant(scope, async (manager) => {
    const [standing] = await paperlessStanding(manager, offered, [account.id]);
    const mine = standing?.choices.find((choice) => choice.userId === userId && choice.lapse === null) ?? null;
    const base = { offered, inForce: standing?.inForce ?? false, chosenByYou: mine !== null, chosenAt: mine?.chosenAt ?? null };
    if (userId === null) return { ...base, email: null, blockedBy: null };
    const [user] = await manager.query<{ email: string | null; linked: boolean }[]>(
      `SELECT CASE WHEN u.email_verified_at IS NOT NULL THEN u.email END AS email,
            EXISTS (SELECT 1 FROM account_links l WHERE l.user_id = u.id AND l.service_account_id = $2) AS linked
       FROM users u WHERE u.id = $1`,
      [userId, account.id],
    );
    const email = user?.email ?? null;
    // A choice kept while the city does not offer paperless is said to be not in force.
    if (!offered) return { ...base, email, blockedBy: 'NOT_OFFERED' };
    if (mine) return { ...base, email, blockedBy: null };
    const blockedBy: PaperlessBlock | null = !user?.linked
      ? 'UNLINKED'
      : account.status === 'CLOSED'
        ? 'ACCOUNT_CLOSED'
        : email === null
          ? 'EMAIL_UNPROVED'
          : ((await billEmailBlocks(manager, [{ userId, email }])).get(userId) ?? null);
    return { ...base, email, blockedBy };
  });
}

/** The accounts the city does not print, in account-number order: after `afterKey` (an account's accountKey), at most `limit`. */
export async function paperlessAccounts(scope: TenantScope, offered: boolean, afterKey: string | null, limit: number): Promise<AccountPaperless[]> {
  // Weighed whole each time (the list rests on every holder's address and switches now, across services), then paged:
  // a city's paperless accounts are its households that chose so, tens of thousands at most.
  const inForce = (await withTenant(scope, (manager) => paperlessStanding(manager, offered, null))).filter((standing) => standing.inForce);
  return inForce.filter((standing) => afterKey === null || standing.account.accountKey > afterKey).slice(0, limit);
}

/** The account numbers the city does not print, in account-number order, as the print vendor's CSV (one column, a header). */
export async function paperlessAccountsCsv(scope: TenantScope, offered: boolean): Promise<string> {
  const numbers = (await withTenant(scope, (manager) => paperlessStanding(manager, offered, null))).filter((standing) => standing.inForce).map((standing) => csvField(standing.account.accountNumber));
  return ['account_number', ...numbers].map((line) => `${line}\r\n`).join('');
}

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface PaperlessChangeRow {
  readonly id: string;
  readonly accountNumber: string;
  readonly change: PaperlessChangeKind;
  readonly reason: string;
  readonly changedAt: Date;
}

/** When accounts stopped or started being printed, at or after `since`, oldest first; after the change `after` names. */
export function paperlessChanges(scope: TenantScope, since: Date, after: readonly [Date, string] | null, limit: number): Promise<PaperlessChangeRow[]> {
  return withTenant(scope, (manager) =>
    manager.query<PaperlessChangeRow[]>(
      `SELECT id, account_number AS "accountNumber", change, reason, changed_at AS "changedAt" FROM paperless_changes
      WHERE changed_at >= $1 AND ($2::timestamptz IS NULL OR (changed_at, id) > ($2::timestamptz, $3::uuid))
      ORDER BY changed_at, id LIMIT $4`,
      [since, after?.[0] ?? null, after?.[1] ?? null, limit],
    ),
  );
}

/** The city's paperless billing in numbers. */
export async function paperlessReport(scope: TenantScope, offered: boolean): Promise<{ offered: boolean; accountsPaperless: number; holdersPaperless: number; choicesNotInForce: number }> {
  const standing = await withTenant(scope, (manager) => paperlessStanding(manager, offered, null));
  const inForce = standing.filter((account) => account.inForce);
  const choices = standing.flatMap((account) => account.choices);
  const holdersPaperless = inForce.flatMap((account) => account.choices).filter((choice) => choice.lapse === null).length;
  return { offered, accountsPaperless: inForce.length, holdersPaperless, choicesNotInForce: choices.length - holdersPaperless };
}
