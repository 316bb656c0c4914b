import { randomUUID } from 'node:crypto';
import { problem, refuseUnlessStillSignedIn, validateInput, type RequestContext } from '@platform/api';
import { recordSecurityEvent, type SecurityContext } from '@platform/auth';
import { containsCardNumber, isIsoDate, localDateOf, ok, refused, userError, UserErrorCode, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { AccountStatusChangeEntity } from '../account-status/account-status-change.entity';
import type { BillingContext } from '../billing-scope';
import { optionalText, reportProblem, requiredText } from '../input-rules';
import { ACCOUNT_NUMBER_MAX_LENGTH, referenceKey } from './account-number';
import { ServiceAccountEntity } from './service-account.entity';

export interface NewServiceAccount {
  readonly accountNumber: string;
  readonly customerName: string;
  readonly addressLine1: string;
  readonly addressLine2?: string | null;
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  /** Defaults to today, city time. */
  readonly openedOn?: string | null;
}

/** The number as typed (trimmed) and as look-ups match it. */
const accountNumber = z
  .string()
  .trim()
  .min(1, problem(UserErrorCode.REQUIRED, 'error.required'))
  .transform((text, check) => {
    const key = referenceKey(text);
    if (!key || text.length > ACCOUNT_NUMBER_MAX_LENGTH) return reportProblem(check, UserErrorCode.INVALID_ACCOUNT_NUMBER, 'billing.invalidAccountNumber');
    // An account number is kept and shown for years: one that is a card number must never be stored, however it got typed.
    if (containsCardNumber(text)) return reportProblem(check, UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText');
    return { text, key };
  });

const newServiceAccount = z.object({
  accountNumber,
  customerName: requiredText(120),
  addressLine1: requiredText(120),
  addressLine2: optionalText(120),
  city: requiredText(80),
  region: requiredText(40),
  postalCode: requiredText(20),
  openedOn: z
    .string()
    .trim()
    .nullish()
    .transform((date) => date || null)
    .refine((date) => date === null || isIsoDate(date), problem(UserErrorCode.INVALID_DATE, 'billing.invalidDate')),
});

/**
 * Opens an account as the city's billing system has it (staff, or the demo seed); every problem of the form is reported
 * at once, a taken number once the form is right. A staff member's request (`audit`) is written in the city's audit log
 * with the account (ACCOUNT_STATUS_CHANGED to ACTIVE, reason OPENED; its id, never its number), as the later changes of
 * its status are: an account opened is one a clerk can then take payments onto. The demo seed, no one's request, has none.
 * Nor is it opened by a staff member removed, demoted or signed out while it waited (on another opening of its number).
 */
export async function openServiceAccount(
  ctx: BillingContext,
  input: NewServiceAccount,
  actor: string,
  audit: (SecurityContext & Pick<RequestContext, 'viewer'>) | null,
): Promise<Result<ServiceAccountEntity>> {
  const valid = validateInput(newServiceAccount, input, ctx.locale);
  if (!valid.ok) return valid;
  const account = valid.value;
  try {
    const created = await withTenant(ctx, async (manager) => {
      const now = ctx.clock.now();
      const saved = await manager.getRepository(ServiceAccountEntity).save({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        accountNumber: account.accountNumber.text,
        accountKey: account.accountNumber.key,
        customerName: account.customerName,
        addressLine1: account.addressLine1,
        addressLine2: account.addressLine2,
        city: account.city,
        region: account.region,
        postalCode: account.postalCode,
        status: 'ACTIVE',
        openedOn: account.openedOn ?? localDateOf(now, ctx.tenant.timeZone),
        closedOn: null,
        createdAt: now,
      });
      await manager.getRepository(AccountStatusChangeEntity).insert({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        serviceAccountId: saved.id,
        fromStatus: null,
        toStatus: 'ACTIVE',
        reason: 'OPENED',
        actor,
        occurredAt: now,
      });
      if (audit) {
        // Last, after the insert that waits on another opening of its number: the request's own lock.
        await refuseUnlessStillSignedIn(manager, { viewer: audit.viewer, locale: ctx.locale });
        await recordSecurityEvent(manager, audit, { kind: 'ACCOUNT_STATUS_CHANGED', detail: { serviceAccountId: saved.id, to: 'ACTIVE', reason: 'OPENED' } });
      }
      return saved;
    });
    return ok(created);
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'service_accounts_key') {
      return refused(userError(ctx.locale, ['input', 'accountNumber'], UserErrorCode.ACCOUNT_NUMBER_TAKEN, 'billing.accountNumberTaken'));
    }
    throw error;
  }
}
