import { randomUUID } from 'node:crypto';
import { type TenantContext } from '@platform/api';
import { hashPassword, recordSecurityEvent, reserveAttempts } from '@platform/auth';
import { translate, type Locale, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import { checkEmail, checkLocale, checkName, checkPhone, checkUsername, type Checked } from '../users/identity';
import { weakPasswordError } from './password-rules';
import { REGISTRATIONS_PER_IP } from './rate-limits';
import { startSession, type IssuedSession } from './session.service';
import type { SessionSettings } from './session-settings';
import { UserEntity } from '../users/user.entity';
import { currentTenant, duplicateIdentity } from '../users/user.queries';

export interface RegistrationInput {
  readonly email?: string | null;
  readonly username?: string | null;
  readonly password: string;
  readonly name?: string | null;
  readonly phone?: string | null;
  readonly locale?: Locale | null;
}

interface Identity {
  email: string | null;
  username: string | null;
  fullName: string | null;
  phone: string | null;
  locale: Locale;
}

/**
 * Creates a CUSTOMER of the request's city and signs them in. What is asked
 * follows the city: by email (Norwalk), or by username with name, email and
 * phone (Norman).
 */
export async function register(ctx: TenantContext, settings: SessionSettings, input: RegistrationInput): Promise<Result<IssuedSession>> {
  await reserveAttempts(ctx, 'register', [[REGISTRATIONS_PER_IP, ctx.clientIp]]);

  const tenant = await currentTenant(ctx);
  const checked = checkIdentity(tenant, input, ctx.locale);
  if (!checked.ok) return checked;
  const identity = checked.value;
  const weak = weakPasswordError(input.password, [identity.email, identity.username], ['input', 'password'], ctx.locale);
  if (weak) return { ok: false, userErrors: [weak] };

  const passwordHash = await hashPassword(input.password);
  try {
    const session = await withTenant(ctx, async (manager) => {
      const now = ctx.clock.now();
      const user = await manager.getRepository(UserEntity).save({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        ...identity,
        passwordHash,
        roles: ['CUSTOMER'],
        createdAt: now,
        updatedAt: now,
      });
      await recordSecurityEvent(manager, ctx, { kind: 'REGISTERED', userId: user.id, actor: user.id });
      return startSession(manager, ctx, settings, user);
    });
    return { ok: true, value: session };
  } catch (error) {
    const duplicate = duplicateIdentity(error);
    if (!duplicate) throw error;
    return { ok: false, userErrors: [identityTaken(duplicate, ctx.locale)] };
  }
}

export function identityTaken(which: 'email' | 'username', locale: Locale): UserError {
  return which === 'email'
    ? { field: ['input', 'email'], code: UserErrorCode.EMAIL_TAKEN, message: translate(locale, 'customer.emailTaken') }
    : { field: ['input', 'username'], code: UserErrorCode.USERNAME_TAKEN, message: translate(locale, 'customer.usernameTaken') };
}

function checkIdentity(tenant: Tenant, input: RegistrationInput, locale: Locale): Result<Identity> {
  const byUsername = tenant.settings.signInIdentifier === 'USERNAME';
  const errors: UserError[] = [];
  const field = <T>(name: string, value: string | null | undefined, required: boolean, check: (v: string) => Checked<T>): T | null => {
    if (value == null || value.trim() === '') {
      if (required) errors.push({ field: ['input', name], code: UserErrorCode.REQUIRED, message: translate(locale, 'customer.required') });
      return null;
    }
    const result = check(value);
    if (result.ok) return result.value;
    errors.push({ field: ['input', name], code: result.code, message: translate(locale, result.messageKey) });
    return null;
  };
  const identity: Identity = {
    email: field('email', input.email, true, checkEmail),
    username: byUsername ? field('username', input.username, true, checkUsername) : null,
    fullName: field('name', input.name, byUsername, checkName),
    phone: field('phone', input.phone, byUsername, checkPhone),
    locale: field('locale', input.locale ?? locale, true, (value) => checkLocale(value as Locale, tenant.settings.locales)) ?? locale,
  };
  return errors.length > 0 ? { ok: false, userErrors: errors } : { ok: true, value: identity };
}
