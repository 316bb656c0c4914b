import { randomUUID } from 'node:crypto';
import type { TenantContext } from '@platform/api';
import { hashPassword, recordSecurityEvent, reserveAttempts } from '@platform/auth';
import { ok, refused, type Locale, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import { z } from 'zod';
import type { AccountUnlinked } from '../account-links/account-unlinked';
import { email, ignored, localeOf, name, optional, phone, required, username } from '../users/identity';
import { UserEntity } from '../users/user.entity';
import { sendEmailVerification } from '../users/email-verification.service';
import { endUnprovedRegistration } from '../users/unproved-registrations';
import { checkIdentity, duplicateIdentity, identityTaken } from '../users/user.errors';
import { currentTenant } from '../users/user.queries';
import { weakPasswordError } from './password-rules';
import { REGISTRATIONS_PER_IP } from './rate-limits';
import { startSession, type IssuedSession } from './session.service';
import type { SessionSettings } from './session-settings';

export interface RegistrationInput {
  readonly email?: string | null;
  readonly username?: string | null;
  readonly password: string;
  readonly name?: string | null;
  readonly phone?: string | null;
  readonly locale?: Locale | null;
}

/** What a city asks of a new customer: by email (Norwalk), or by username with name, email and phone (Norman). */
function registrationSchema(tenant: Tenant) {
  const byUsername = tenant.settings.signInIdentifier === 'USERNAME';
  return z.object({
    username: byUsername ? required(username) : ignored,
    email: required(email),
    name: byUsername ? required(name) : optional(name),
    phone: byUsername ? required(phone) : optional(phone),
    locale: localeOf(tenant.settings.locales).nullish(),
  });
}

/**
 * Creates a CUSTOMER of the request's city and signs them in. Every problem
 * comes back at once, each at its field: the identity the city asks for, the
 * password, and an email or username someone else has. The email is sent a
 * link to prove it (verifyEmail); until it is followed (or a reset link sent
 * there is), the account's receipts and notices are not emailed. An email held
 * only by a registration nobody proved is not someone else's: that
 * registration ends (endUnprovedRegistration), and the answer is as for a
 * free address.
 */
export async function register(ctx: TenantContext, settings: SessionSettings, input: RegistrationInput, accountUnlinked: AccountUnlinked): Promise<Result<IssuedSession>> {
  await reserveAttempts(ctx, 'register', [[REGISTRATIONS_PER_IP, ctx.clientIp]]);

  const tenant = await currentTenant(ctx);
  const identifiers = { email: input.email ?? null, username: tenant.settings.signInIdentifier === 'USERNAME' ? (input.username ?? null) : null, overUnproved: true };
  // The password is judged against what was typed, so a weak one is reported even beside a malformed email.
  const weak = weakPasswordError(input.password, [identifiers.email, identifiers.username], ['input', 'password'], ctx.locale);
  const checked = await checkIdentity(ctx, registrationSchema(tenant), input, identifiers, weak ? [weak] : []);
  if (!checked.ok) return checked;
  const { locale, ...person } = checked.value;

  const passwordHash = await hashPassword(input.password, settings.passwordHashCost);
  try {
    const session = await withTenant(ctx, async (manager) => {
      const now = ctx.clock.now();
      // The address's owner may be registering over someone who typed it and never proved it: that registration ends.
      await endUnprovedRegistration(manager, ctx, person.email, now, accountUnlinked);
      const user = await manager.getRepository(UserEntity).save({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        email: person.email,
        emailVerifiedAt: null,
        pendingEmail: null,
        username: person.username,
        fullName: person.name ?? null,
        phone: person.phone ?? null,
        locale: locale ?? ctx.locale,
        passwordHash,
        roles: ['CUSTOMER'],
        createdAt: now,
        updatedAt: now,
      });
      await recordSecurityEvent(manager, ctx, { kind: 'REGISTERED', userId: user.id, actor: user.id });
      // Anyone can type anyone's address: it gets the link that proves it, and nothing else until the link is followed.
      await sendEmailVerification(manager, ctx, user, person.email);
      return startSession(manager, ctx, settings, user);
    });
    return ok(session);
  } catch (error) {
    // Someone took the email or username between the check above and this insert.
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return refused(identityTaken(duplicate, ctx.locale));
  }
}
