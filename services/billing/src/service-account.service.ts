import { randomUUID } from 'node:crypto';
import { containsCardNumber, isIsoDate, localDateOf, translate, type MessageKey, UserErrorCode, type UserError, type Result } from '@platform/core';
import { withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { In, QueryFailedError } from 'typeorm';
import { referenceKey } from './account-number';
import { AccountStatusChangeEntity } from './account-status-change.entity';
import type { BillingContext } from './billing-scope';
import { PayableEntity } from './payable.entity';
import { ServiceAccountEntity, type AccountStatus } from './service-account.entity';

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

const LIMITS: Record<'customerName' | 'addressLine1' | 'addressLine2' | 'city' | 'region' | 'postalCode', number> = {
  customerName: 120,
  addressLine1: 120,
  addressLine2: 120,
  city: 80,
  region: 40,
  postalCode: 20,
};

/** Opens an account as the city's billing system has it (staff, or the demo seed). */
export async function openServiceAccount(ctx: BillingContext, input: NewServiceAccount, actor: string): Promise<Result<ServiceAccountEntity>> {
  const errors: UserError[] = [];
  const fail = (field: string, code: UserErrorCode, key: MessageKey, params: Record<string, number> = {}) =>
    errors.push({ field: ['input', field], code, message: translate(ctx.locale, key, params) });
  const key = referenceKey(input.accountNumber);
  if (input.accountNumber.trim() === '') fail('accountNumber', UserErrorCode.REQUIRED, 'billing.required');
  else if (!key || input.accountNumber.trim().length > 40) fail('accountNumber', UserErrorCode.INVALID_ACCOUNT_NUMBER, 'billing.invalidAccountNumber');
  // An account number is kept and shown for years: one that is a card number must never be stored, however it got typed.
  else if (containsCardNumber(input.accountNumber)) fail('accountNumber', UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText');
  for (const field of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    const value = input[field]?.trim() ?? '';
    if (value === '' && field !== 'addressLine2') fail(field, UserErrorCode.REQUIRED, 'billing.required');
    else if (value.length > LIMITS[field]) fail(field, UserErrorCode.TOO_LONG, 'billing.tooLong', { max: LIMITS[field] });
    else if (containsCardNumber(value)) fail(field, UserErrorCode.CARD_NUMBER_NOT_ACCEPTED, 'error.cardNumberInText');
  }
  const openedOn = input.openedOn?.trim() || localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  if (!isIsoDate(openedOn)) fail('openedOn', UserErrorCode.INVALID_DATE, 'billing.invalidDate');
  if (errors.length > 0 || !key) return { ok: false, userErrors: errors };

  try {
    const account = await withTenant(ctx, async (manager) => {
      const now = ctx.clock.now();
      const created = await manager.getRepository(ServiceAccountEntity).save({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        accountNumber: input.accountNumber.trim(),
        accountKey: key,
        customerName: input.customerName.trim(),
        addressLine1: input.addressLine1.trim(),
        addressLine2: input.addressLine2?.trim() || null,
        city: input.city.trim(),
        region: input.region.trim(),
        postalCode: input.postalCode.trim(),
        status: 'ACTIVE',
        openedOn,
        closedOn: null,
        createdAt: now,
      });
      await manager.getRepository(AccountStatusChangeEntity).insert({
        tenantId: ctx.tenant.id,
        id: randomUUID(),
        serviceAccountId: created.id,
        fromStatus: null,
        toStatus: 'ACTIVE',
        reason: 'OPENED',
        actor,
        occurredAt: now,
      });
      return created;
    });
    return { ok: true, value: account };
  } catch (error) {
    if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'service_accounts_key') {
      return { ok: false, userErrors: [{ field: ['input', 'accountNumber'], code: UserErrorCode.ACCOUNT_NUMBER_TAKEN, message: translate(ctx.locale, 'billing.accountNumberTaken') }] };
    }
    throw error;
  }
}

export interface AccountSearch {
  /** Matches the account number (as typed, any punctuation), or part of the name or the street address. */
  readonly text?: string | null;
  readonly status?: AccountStatus | null;
  readonly first: number;
  /** The last account number of the previous page. */
  readonly afterKey?: string | null;
}

/** Staff search, in account-number order; one more row than asked tells whether another page follows. */
export async function searchServiceAccounts(manager: EntityManager, search: AccountSearch): Promise<{ accounts: ServiceAccountEntity[]; hasNextPage: boolean }> {
  const query = manager.getRepository(ServiceAccountEntity).createQueryBuilder('a').orderBy('a.account_key', 'ASC').limit(search.first + 1);
  const text = search.text?.trim();
  if (text) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const key = referenceKey(text);
    query.andWhere('(a.customer_name ILIKE :pattern OR a.address_line1 ILIKE :pattern' + (key ? ' OR a.account_key LIKE :keyPrefix' : '') + ')', {
      pattern,
      keyPrefix: key ? `${key}%` : undefined,
    });
  }
  if (search.status) query.andWhere('a.status = :status', { status: search.status });
  if (search.afterKey) query.andWhere('a.account_key > :after', { after: search.afterKey });
  const rows = await query.getMany();
  return { accounts: rows.slice(0, search.first), hasNextPage: rows.length > search.first };
}

/** Accounts by id, in the caller's transaction (ids of another city, or unknown, are simply absent). */
export function findServiceAccounts(manager: EntityManager, ids: readonly string[]): Promise<ServiceAccountEntity[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return manager.getRepository(ServiceAccountEntity).find({ where: { id: In([...ids]) }, order: { accountKey: 'ASC' } });
}

/** One payable by id with its account id, in the caller's transaction; null when it is not this city's. */
export function findPayable(manager: EntityManager, id: string): Promise<PayableEntity | null> {
  return manager.getRepository(PayableEntity).findOneBy({ id });
}
