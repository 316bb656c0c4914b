import { findServiceAccounts, type ServiceAccountEntity } from '@platform/billing';
import { groupBy, type Locale } from '@platform/core';
import { billEmailBlocks, type PaperlessEndReason } from '@platform/notifications';
import type { EntityManager } from 'typeorm';

/** How many accounts billing is asked about at once: its read names them one parameter each. */
const ACCOUNT_LOOKUP_SIZE = 5_000;

/** One holder's consent to stop an account's paper bill, and whether their bill emails reach them now. */
interface PaperlessChoice {
  readonly userId: string;
  readonly serviceAccountId: string;
  readonly chosenAt: Date;
  /** Their proved address; null when they have none (a choice then cannot stand). */
  readonly email: string | null;
  readonly locale: Locale;
  /** Why this choice no longer stands; null: it does (the holder's bill emails reach them). */
  readonly lapse: PaperlessEndReason | null;
}

/** An account some holder chose paperless for. */
export interface AccountPaperless {
  readonly account: ServiceAccountEntity;
  readonly choices: readonly PaperlessChoice[];
  /** Not printed: the city offers paperless and at least one choice stands. */
  readonly inForce: boolean;
  /** Since when it has not been printed: the earliest standing choice; null when it is printed. */
  readonly since: Date | null;
}

/**
 * The paperless choices on these accounts (null: every account of the city), in account-number order, each weighed as
 * a bill's email would be now. The invariant the print list rests on: an account is left out of print only while a
 * holder who chose so is still its holder, has a proved address, takes bill emails, and that address takes mail, on an
 * account the city has not closed; and only while the city offers paperless (`offered`; its residents' choices are kept
 * when it stops). A choice that no longer stands is still listed, with why, until `endLapsedChoices` ends it. In the
 * caller's tenant transaction.
 */
export async function paperlessStanding(manager: EntityManager, offered: boolean, accountIds: readonly string[] | null): Promise<AccountPaperless[]> {
  if (accountIds !== null && accountIds.length === 0) return [];
  const rows = await manager.query<{ user_id: string; service_account_id: string; chosen_at: Date; email: string | null; locale: Locale; linked: boolean }[]>(
    `SELECT c.user_id, c.service_account_id, c.chosen_at, CASE WHEN u.email_verified_at IS NOT NULL THEN u.email END AS email, u.locale,
            EXISTS (SELECT 1 FROM account_links l WHERE l.user_id = c.user_id AND l.service_account_id = c.service_account_id) AS linked
       FROM paperless_choices c JOIN users u ON u.id = c.user_id
      WHERE $1::uuid[] IS NULL OR c.service_account_id = ANY($1::uuid[])
      ORDER BY c.service_account_id, c.chosen_at, c.user_id`,
    [accountIds === null ? null : [...accountIds]],
  );
  const blocks = await billEmailBlocks(
    manager,
    rows.flatMap((row) => (row.email === null ? [] : [{ userId: row.user_id, email: row.email }])),
  );
  const ids = [...new Set(rows.map((row) => row.service_account_id))];
  const accounts: ServiceAccountEntity[] = [];
  for (let at = 0; at < ids.length; at += ACCOUNT_LOOKUP_SIZE) accounts.push(...(await findServiceAccounts(manager, ids.slice(at, at + ACCOUNT_LOOKUP_SIZE))));
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const choices = rows.flatMap((row): PaperlessChoice[] => {
    const account = byId.get(row.service_account_id);
    if (!account) return [];
    const lapse: PaperlessEndReason | null = !row.linked ? 'UNLINKED' : account.status === 'CLOSED' ? 'ACCOUNT_CLOSED' : row.email === null ? 'EMAIL_UNPROVED' : (blocks.get(row.user_id) ?? null);
    return [{ userId: row.user_id, serviceAccountId: row.service_account_id, chosenAt: row.chosen_at, email: row.email, locale: row.locale, lapse }];
  });
  const choicesOf = groupBy(choices, (choice) => choice.serviceAccountId);
  return accounts
    .sort((a, b) => (a.accountKey < b.accountKey ? -1 : a.accountKey > b.accountKey ? 1 : 0))
    .map((account) => {
      const choices = choicesOf.get(account.id) ?? [];
      const standing = choices.filter((choice) => choice.lapse === null);
      const inForce = offered && standing.length > 0;
      return { account, choices, inForce, since: inForce ? new Date(Math.min(...standing.map((choice) => choice.chosenAt.getTime()))) : null };
    });
}
