import { randomUUID } from 'node:crypto';
import { type RequestContext } from '@platform/api';
import { isMessageKey, translate, type Locale, UserErrorCode, type UserError } from '@platform/core';
import { withTenant } from '@platform/db';
import type { DataSource, EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { z } from 'zod';
import { TenantEntity } from './tenant.entity';
import { isReservedSlug, isWellFormedSlug, toTenant, type Tenant } from './tenant';
import { TenantSettingsChangeEntity } from './tenant-settings-change.entity';
import { settingsToInput, tenantSettingsInputSchema, type TenantSettingsInput } from './tenant-settings.schema';
import type { TenantSettings } from './tenant-settings';

/** What tenant administration needs from its caller: no tenant of its own, it works across cities. */
export type OperatorContext = Pick<RequestContext, 'db' | 'clock' | 'locale'>;

export type TenantResult = { ok: true; tenant: Tenant } | { ok: false; userErrors: UserError[] };

export interface CreateTenantInput {
  readonly slug: string;
  readonly settings: TenantSettingsInput;
}

/** The tenant a request names, or null; anyone may ask, since it only reads public configuration. */
export async function findTenantBySlug(db: DataSource, slug: string): Promise<Tenant | null> {
  if (!isWellFormedSlug(slug)) return null;
  const row = await db.getRepository(TenantEntity).findOneBy({ slug });
  return row ? toTenant(row) : null;
}

export async function listTenants(db: DataSource): Promise<Tenant[]> {
  const rows = await db.getRepository(TenantEntity).find({ order: { slug: 'ASC' } });
  return rows.map(toTenant);
}

/** Adds a city; every problem with the input comes back as a user error, and nothing is written. */
export async function createTenant(ctx: OperatorContext, input: CreateTenantInput, actor: string): Promise<TenantResult> {
  const slugErrors = checkSlug(input.slug, ctx.locale);
  const parsed = parseSettings(input.settings, ctx.locale);
  const userErrors = [...slugErrors, ...(parsed.ok ? [] : parsed.userErrors)];
  if (!parsed.ok || userErrors.length > 0) return { ok: false, userErrors };

  const id = randomUUID();
  try {
    const row = await withTenant({ db: ctx.db, tenant: { id } }, async (manager) => {
      const inserted = await manager.getRepository(TenantEntity).save(toEntity(id, input.slug, parsed.settings));
      await recordChange(manager, ctx, id, 'CREATED', parsed.settings, actor);
      return inserted;
    });
    return { ok: true, tenant: toTenant(row) };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, userErrors: [slugTaken(input.slug, ctx.locale)] };
    throw error;
  }
}

/** Changes a city's settings; the patch is merged over the current settings and the whole result validated. */
export async function updateTenant(
  ctx: OperatorContext,
  slug: string,
  patch: Partial<TenantSettingsInput>,
  actor: string,
): Promise<TenantResult> {
  const current = await findTenantBySlug(ctx.db, slug);
  if (!current) {
    return {
      ok: false,
      userErrors: [
        { field: ['slug'], code: UserErrorCode.TENANT_NOT_FOUND, message: translate(ctx.locale, 'tenant.notFoundForUpdate', { slug }) },
      ],
    };
  }
  const parsed = parseSettings(mergeSettingsInput(settingsToInput(current.settings), patch), ctx.locale);
  if (!parsed.ok) return parsed;

  const row = await withTenant({ db: ctx.db, tenant: { id: current.id } }, async (manager) => {
    const saved = await manager.getRepository(TenantEntity).save(toEntity(current.id, current.slug, parsed.settings));
    await recordChange(manager, ctx, current.id, 'UPDATED', parsed.settings, actor);
    return saved;
  });
  return { ok: true, tenant: toTenant(row) };
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

function parseSettings(
  input: TenantSettingsInput,
  locale: Locale,
): { ok: true; settings: TenantSettings } | { ok: false; userErrors: UserError[] } {
  const result = tenantSettingsInputSchema.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return { ok: false, userErrors: result.error.issues.map((issue) => toUserError(issue, locale)) };
}

function toUserError(issue: z.core.$ZodIssue, locale: Locale): UserError {
  const field = ['input', ...issue.path.map(String)];
  if (!isMessageKey(issue.message)) {
    return { field, code: UserErrorCode.INVALID, message: translate(locale, 'error.badInput', { detail: issue.message }) };
  }
  const message = translate(locale, issue.message, issue.message === 'tenant.localesInvalid' ? { supported: 'en, es' } : {});
  return { field, code: CODE_BY_MESSAGE[issue.message] ?? UserErrorCode.INVALID, message };
}

const CODE_BY_MESSAGE: Partial<Record<string, UserErrorCode>> = {
  'tenant.timeZoneInvalid': UserErrorCode.INVALID_TIME_ZONE,
  'tenant.deductionDayOutOfRange': UserErrorCode.INVALID_DEDUCTION_DAY,
  'tenant.localesInvalid': UserErrorCode.INVALID_LOCALES,
  'tenant.defaultLocaleNotEnabled': UserErrorCode.INVALID_LOCALES,
  'tenant.amountInvalid': UserErrorCode.INVALID_AMOUNT,
  'tenant.feeInvalid': UserErrorCode.INVALID_FEE,
  'tenant.noPaymentMethod': UserErrorCode.NO_PAYMENT_METHOD,
  'error.cardNumberInText': UserErrorCode.CARD_NUMBER_NOT_ACCEPTED,
};

function checkSlug(slug: string, locale: Locale): UserError[] {
  if (!isWellFormedSlug(slug)) {
    return [{ field: ['input', 'slug'], code: UserErrorCode.SLUG_MALFORMED, message: translate(locale, 'tenant.slugMalformed') }];
  }
  return isReservedSlug(slug) ? [slugTaken(slug, locale)] : [];
}

function slugTaken(slug: string, locale: Locale): UserError {
  return { field: ['input', 'slug'], code: UserErrorCode.SLUG_TAKEN, message: translate(locale, 'tenant.slugTaken', { slug }) };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

async function recordChange(
  manager: EntityManager,
  ctx: OperatorContext,
  tenantId: string,
  kind: 'CREATED' | 'UPDATED',
  settings: TenantSettings,
  actor: string,
): Promise<void> {
  await manager.getRepository(TenantSettingsChangeEntity).insert({ tenantId, id: randomUUID(), changedAt: ctx.clock.now(), actor, kind, settings });
}

function toEntity(id: string, slug: string, settings: TenantSettings): TenantEntity {
  const { displayName, department, timeZone, locales, defaultLocale, ...rest } = settings;
  return Object.assign(new TenantEntity(), { id, slug, displayName, department, timeZone, locales: [...locales], defaultLocale, settings: rest });
}
