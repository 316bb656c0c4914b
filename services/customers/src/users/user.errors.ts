import { validateInput, type TenantContext } from '@platform/api';
import { refused, userError, UserErrorCode, type Locale, type Result, type UserError } from '@platform/core';
import { withTenant } from '@platform/db';
import { QueryFailedError } from 'typeorm';
import type { z } from 'zod';
import { staffNameTaken } from './staff-name';
import { identitiesTaken } from './user.queries';

/**
 * Every problem with an identity a person gives (registering, changing a
 * profile, a new staff user), at once: what `schema` finds, `alsoRefused`
 * (a weak password), an email or username another user of the city
 * has (said to the user `exceptUserId` as identityTaken says it to one
 * changing their own), and a staff member's name (`staffName`, for staff
 * only) another staff member of the city has (staffNameTaken). Nothing is
 * said about the password or the city beyond that. Checked before the
 * change's transaction, which checks the names again under their lock.
 */
export async function checkIdentity<Schema extends z.ZodType>(
  ctx: TenantContext,
  schema: Schema,
  input: unknown,
  wanted: {
    readonly email?: string | null;
    readonly username?: string | null;
    readonly staffName?: string | null;
    readonly exceptUserId?: string;
    /** The caller ends an unproved registration holding the email as it takes it (identitiesTaken). */
    readonly overUnproved?: boolean;
  },
  alsoRefused: readonly UserError[] = [],
): Promise<Result<z.output<Schema>>> {
  const parsed = validateInput(schema, input, ctx.locale);
  const exceptUserId = wanted.exceptUserId ?? null;
  const taken = await identitiesTaken(ctx, wanted, exceptUserId);
  const staffName = wanted.staffName;
  const nameTaken = staffName ? await withTenant(ctx, (manager) => staffNameTaken(manager, ctx, staffName, exceptUserId), { readOnly: true }) : null;
  const problems = [
    ...(parsed.ok ? [] : parsed.userErrors),
    ...alsoRefused,
    ...[...taken].map((which) => identityTaken(which, ctx.locale, wanted.exceptUserId !== undefined)),
    ...(nameTaken ? [nameTaken] : []),
  ];
  return problems.length > 0 ? refused(...problems) : parsed;
}

/** Which unique index a failed insert or update hit: "email", "username", or null for anything else. */
export function duplicateIdentity(error: unknown): 'email' | 'username' | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (driverError.code !== '23505') return null;
  if (driverError.constraint === 'users_email') return 'email';
  if (driverError.constraint === 'users_username') return 'username';
  return null;
}

/**
 * The userError for an email or username another user of the city has, at its input field. One registering is told
 * the email's account may be theirs, to sign in to or reset; a user changing their own (`changingOwn`) is signed in
 * already, and told it is another's: resetting its password would mail that account's holder a reset link.
 */
export function identityTaken(which: 'email' | 'username', locale: Locale, changingOwn = false): UserError {
  return which === 'email'
    ? userError(locale, ['input', 'email'], UserErrorCode.EMAIL_TAKEN, changingOwn ? 'customer.emailTakenByAnother' : 'customer.emailTaken')
    : userError(locale, ['input', 'username'], UserErrorCode.USERNAME_TAKEN, 'customer.usernameTaken');
}
