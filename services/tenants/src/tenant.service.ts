import { randomUUID } from 'node:crypto';
import { validateInput, type RequestContext } from '@platform/api';
import { recordSecurityEvent } from '@platform/auth';
import { ok, refused, toE164, userError, UserErrorCode, type Locale, type Result, type UserError } from '@platform/core';
import { lockForTransaction, withTenant } from '@platform/db';
import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { TenantEntity } from './tenant.entity';
import type { TenantsSettings } from './platform-hosts';
import { isReservedSlug, isWellFormedSlug, toTenant, type Tenant } from './tenant';
import { findTenantBySlug } from './tenant.queries';
import { forgetCachedTenants } from './tenant-registry-cache';
import { TenantSettingsChangeEntity } from './tenant-settings-change.entity';
import { changedSettings } from './settings-changes';
import { settingsToInput, tenantSettingsInputSchema, type TenantSettingsInput } from './tenant-settings.schema';
import type { TenantSettings } from './tenant-settings';

/** What tenant administration needs from its caller: no tenant of its own, it works across cities. */
export type OperatorContext = Pick<RequestContext, 'db' | 'clock' | 'locale'>;

/** What creating or updating a city answers: the city as saved, or every problem with the input. */
export type TenantResult = Result<Tenant>;

export interface CreateTenantInput {
  readonly slug: string;
  readonly settings: TenantSettingsInput;
}

/**
 * Adds a city, dated by the caller's clock; every problem with the input comes back as a user error (paths under
 * ["input"]), and nothing is written. A slug the platform's own host would name is taken (SLUG_TAKEN).
 */
export async function createTenant(ctx: OperatorContext, settings: TenantsSettings, input: CreateTenantInput, actor: string): Promise<TenantResult> {
  const slugErrors = checkSlug(input.slug, ctx.locale, settings);
  const parsed = validateInput(tenantSettingsInputSchema, input.settings, ctx.locale);
  const originErrors = parsed.ok ? plainHttpOrigins(parsed.value, ctx.locale, settings) : [];
  if (!parsed.ok || slugErrors.length > 0 || originErrors.length > 0) return refused(...slugErrors, ...(parsed.ok ? originErrors : parsed.userErrors));

  const id = randomUUID();
  try {
    return await withTenant({ db: ctx.db, tenant: { id } }, async (manager): Promise<TenantResult> => {
      const taken = await phoneLineTaken(manager, id, parsed.value, ctx.locale);
      if (taken.length > 0) return refused(...taken);
      const now = ctx.clock.now();
      const inserted = await manager.getRepository(TenantEntity).save(Object.assign(toEntity(id, input.slug, parsed.value), { createdAt: now, updatedAt: now }));
      await recordChange(manager, ctx, id, 'CREATED', parsed.value, actor);
      return ok(toTenant(inserted));
    });
  } catch (error) {
    if (isUniqueViolation(error)) return refused(slugTaken(input.slug, ctx.locale));
    throw error;
  }
}

/**
 * Changes a city's settings; the patch is merged over the current settings
 * and the whole result validated, so a problem's path is the input field
 * (["input", "autopayRules", "deductionDay"]). An unknown city is ["slug"].
 * The patch goes over the row as it is in the database, locked until the
 * change commits: two changes at once apply one after the other, each over
 * the other's result. Merged over the cached copy, or a copy read before the
 * lock, the later one would write back what the earlier had replaced. The
 * lock is FOR NO KEY UPDATE, as the UPDATE's own: it neither waits for nor
 * holds up the city's writers, whose foreign-key checks share the row's key.
 * What changed goes in the city's audit log (CITY_SETTINGS_CHANGED), with
 * `actor` and where the change came from (`clientIp`).
 */
export async function updateTenant(
  ctx: OperatorContext & Pick<RequestContext, 'clientIp'>,
  settings: TenantsSettings,
  slug: string,
  patch: Partial<TenantSettingsInput>,
  actor: string,
): Promise<TenantResult> {
  const notFound = () => refused(userError(ctx.locale, ['slug'], UserErrorCode.TENANT_NOT_FOUND, 'tenant.notFoundForUpdate', { slug }));
  const known = await findTenantBySlug(ctx.db, slug);
  if (!known) return notFound();

  const result = await withTenant({ db: ctx.db, tenant: { id: known.id } }, async (manager): Promise<TenantResult> => {
    const row = await manager.getRepository(TenantEntity).findOne({ where: { id: known.id }, lock: { mode: 'for_no_key_update' } });
    if (!row) return notFound();
    const current = toTenant(row);
    const parsed = validateInput(tenantSettingsInputSchema, mergeSettingsInput(settingsToInput(current.settings), patch), ctx.locale);
    if (!parsed.ok) return parsed;
    const originErrors = plainHttpOrigins(parsed.value, ctx.locale, settings);
    if (originErrors.length > 0) return refused(...originErrors);
    const taken = await phoneLineTaken(manager, current.id, parsed.value, ctx.locale);
    if (taken.length > 0) return refused(...taken);
    const saved = await manager.getRepository(TenantEntity).save(toEntity(current.id, current.slug, parsed.value));
    await recordChange(manager, ctx, current.id, 'UPDATED', parsed.value, actor);
    // The city's ADMIN reads its audit log, not the operator's history: a new fee its residents are charged is there, with who set it.
    const changes = changedSettings(current.settings, parsed.value);
    if (Object.keys(changes).length > 0) {
      await recordSecurityEvent(manager, { ...ctx, tenant: { id: current.id }, viewer: null, operator: true }, { kind: 'CITY_SETTINGS_CHANGED', actor, detail: changes });
    }
    return ok(toTenant(saved));
  });
  // Other gateways hear of it through the tenants trigger's NOTIFY; this one need not wait for its own.
  if (result.ok) forgetCachedTenants(ctx.db);
  return result;
}

/** Top-level fields replace; groups (branding, payments, ...) merge field by field. */
function mergeSettingsInput(current: TenantSettingsInput, patch: Partial<TenantSettingsInput>): TenantSettingsInput {
  const merged: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const existing = merged[name];
    const isGroup = value !== null && typeof value === 'object' && !Array.isArray(value);
    merged[name] = isGroup && existing && typeof existing === 'object' ? { ...existing, ...stripUndefined(value) } : value;
  }
  return merged as TenantSettingsInput;
}

function stripUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function checkSlug(slug: string, locale: Locale, settings: TenantsSettings): UserError[] {
  if (!isWellFormedSlug(slug)) return [userError(locale, ['input', 'slug'], UserErrorCode.SLUG_MALFORMED, 'tenant.slugMalformed')];
  const platformHost = settings.platformHosts.find((host) => host.slug === slug);
  if (platformHost) return [userError(locale, ['input', 'slug'], UserErrorCode.SLUG_TAKEN, 'tenant.slugIsPlatformHost', { slug, host: platformHost.host })];
  return isReservedSlug(slug) ? [slugTaken(slug, locale)] : [];
}

/** Where only https origins may be listed (TenantsSettings.httpsOriginsOnly), each http one, at its entry. */
function plainHttpOrigins(settings: TenantSettings, locale: Locale, tenants: TenantsSettings): UserError[] {
  if (!tenants.httpsOriginsOnly) return [];
  return settings.allowedOrigins.flatMap((origin, i) => (origin.startsWith('https://') ? [] : [userError(locale, ['input', 'allowedOrigins', i], UserErrorCode.INVALID, 'tenant.originNotHttps')]));
}

function slugTaken(slug: string, locale: Locale): UserError {
  return userError(locale, ['input', 'slug'], UserErrorCode.SLUG_TAKEN, 'tenant.slugTaken', { slug });
}

/**
 * The number called picks the city of a phone call, so two cities may not
 * share one, however it is written ("(888) 647-2502", "+1 888 647 2502").
 * Nor may one city's customer-service number be another's pay-by-phone line:
 * a caller who asks the first city's line for a person would be put through
 * to the other city's automated line (the city's own line is refused by the
 * settings schema). Checked under one lock for every city's change, against
 * the registry as committed, so two changes at once cannot both take a number.
 */
async function phoneLineTaken(manager: EntityManager, tenantId: string, settings: TenantSettings, locale: Locale): Promise<UserError[]> {
  const { payByPhoneNumber, customerServicePhone } = settings.contact;
  if (!payByPhoneNumber && !customerServicePhone) return [];
  await lockForTransaction(manager, 'tenants:pay-by-phone-numbers');
  const others = (await manager.getRepository(TenantEntity).find()).map(toTenant).filter((tenant) => tenant.id !== tenantId);
  const holder = (written: string, number: (tenant: Tenant) => string | null) =>
    others.find((tenant) => {
      const theirs = number(tenant);
      return theirs !== null && toE164(theirs) === toE164(written);
    });
  const errors: UserError[] = [];
  if (payByPhoneNumber) {
    const line = ['input', 'contact', 'payByPhoneNumber'];
    const lineHolder = holder(payByPhoneNumber, (tenant) => tenant.settings.contact.payByPhoneNumber);
    const serviceHolder = holder(payByPhoneNumber, (tenant) => tenant.settings.contact.customerServicePhone);
    if (lineHolder) errors.push(userError(locale, line, UserErrorCode.PHONE_LINE_TAKEN, 'tenant.phoneLineTaken', { number: payByPhoneNumber, slug: lineHolder.slug }));
    else if (serviceHolder) errors.push(userError(locale, line, UserErrorCode.PHONE_LINE_TAKEN, 'tenant.phoneLineIsOtherCityService', { number: payByPhoneNumber, slug: serviceHolder.slug }));
  }
  if (customerServicePhone) {
    const lineHolder = holder(customerServicePhone, (tenant) => tenant.settings.contact.payByPhoneNumber);
    const service = ['input', 'contact', 'customerServicePhone'];
    if (lineHolder) errors.push(userError(locale, service, UserErrorCode.PHONE_LINE_TAKEN, 'tenant.customerServiceIsOtherCityLine', { number: customerServicePhone, slug: lineHolder.slug }));
  }
  return errors;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

async function recordChange(manager: EntityManager, ctx: OperatorContext, tenantId: string, kind: 'CREATED' | 'UPDATED', settings: TenantSettings, actor: string): Promise<void> {
  await manager.getRepository(TenantSettingsChangeEntity).insert({ tenantId, id: randomUUID(), changedAt: ctx.clock.now(), actor, kind, settings });
}

function toEntity(id: string, slug: string, settings: TenantSettings): TenantEntity {
  const { displayName, department, timeZone, locales, defaultLocale, ...rest } = settings;
  return Object.assign(new TenantEntity(), { id, slug, displayName, department, timeZone, locales: [...locales], defaultLocale, settings: rest });
}
