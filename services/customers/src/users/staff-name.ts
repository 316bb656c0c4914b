import type { TenantContext } from '@platform/api';
import { userError, UserErrorCode, type UserError } from '@platform/core';
import { lockForTransaction } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { STAFF_ROLES } from './user-role';

/*
 * No two staff members of a city have one name, as a person reads it: the audit log names who acted, and a clerk who
 * renamed themselves after the ADMIN would otherwise have their refunds and voids, past ones too, read as the ADMIN's.
 * (The log also says how each person signs in, which tells apart anyone else who shares a name: a resident.)
 */

/**
 * Base strength sets letter case and accents aside, and ignores what does not show (a zero-width space). English,
 * because its collation is CLDR's root, untailored; "und" would resolve to the process's own locale, whatever it is.
 */
const AS_READ = new Intl.Collator('en', { sensitivity: 'base' });

const spelled = (name: string): string => name.normalize('NFKC').replace(/\s+/gu, ' ').trim();

/** Whether two names read as one: "Ádam  ADMIN" is "Adam Admin"; "Adam Admin Jr." is not. */
export function sameStaffName(a: string, b: string): boolean {
  return AS_READ.compare(spelled(a), spelled(b)) === 0;
}

/**
 * STAFF_NAME_TAKEN at input.name where another staff member of the city has a name that reads as `name`: one with
 * access, invited or disabled alike, whose past actions the log still shows under it. Null where none has. For a
 * decision that writes, hold lockStaffNames first, in the same transaction.
 */
export async function staffNameTaken(manager: EntityManager, ctx: TenantContext, name: string, exceptUserId: string | null): Promise<UserError | null> {
  const staff = await manager.query<{ full_name: string }[]>('SELECT full_name FROM users WHERE roles && $1::text[] AND full_name IS NOT NULL AND id IS DISTINCT FROM $2', [STAFF_ROLES, exceptUserId]);
  if (!staff.some((member) => sameStaffName(member.full_name, name))) return null;
  return userError(ctx.locale, ['input', 'name'], UserErrorCode.STAFF_NAME_TAKEN, 'customer.staffNameTaken');
}

/**
 * Holds the city's staff names to the end of the caller's transaction: no index can say two names read alike, so of
 * two staff members named alike at once, the second waits, then (reading after the wait) finds the first's name.
 */
export function lockStaffNames(manager: EntityManager, ctx: TenantContext): Promise<void> {
  return lockForTransaction(manager, `staff-names:${ctx.tenant.id}`);
}
