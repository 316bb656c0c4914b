import type { TenantRef } from '@platform/api';
import type { TenantEntity } from './tenant.entity';
import { DEFAULT_SETTINGS, type TenantSettings } from './tenant-settings';

/** A city as the rest of the platform sees it. */
export interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly settings: TenantSettings;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toTenantRef(tenant: Tenant): TenantRef {
  return {
    id: tenant.id,
    slug: tenant.slug,
    timeZone: tenant.settings.timeZone,
    locales: tenant.settings.locales,
    defaultLocale: tenant.settings.defaultLocale,
  };
}

const SLUG = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$/;
/** Names that a host's first label can be without naming a city. */
const RESERVED_SLUGS = new Set(['www', 'api', 'localhost', 'admin', 'graphql', 'static']);

export function isWellFormedSlug(slug: string): boolean {
  return SLUG.test(slug);
}

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}

/** Settings groups added after cities were first saved: a city saved before has the platform default until it is updated. */
const GROUPS_ADDED_LATER: Pick<TenantSettings, 'nameByLocale' | 'departmentByLocale' | 'accountNumberExample' | 'accountLinking' | 'paperless' | 'allowedOrigins' | 'email' | 'sms'> = {
  nameByLocale: DEFAULT_SETTINGS.nameByLocale,
  departmentByLocale: DEFAULT_SETTINGS.departmentByLocale,
  accountNumberExample: DEFAULT_SETTINGS.accountNumberExample,
  accountLinking: DEFAULT_SETTINGS.accountLinking,
  paperless: DEFAULT_SETTINGS.paperless,
  allowedOrigins: DEFAULT_SETTINGS.allowedOrigins,
  email: DEFAULT_SETTINGS.email,
  sms: DEFAULT_SETTINGS.sms,
};

export function toTenant(row: TenantEntity): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    settings: {
      ...GROUPS_ADDED_LATER,
      ...row.settings,
      // Settings saved before a payment rule existed take its default.
      paymentRules: { ...DEFAULT_SETTINGS.paymentRules, ...row.settings.paymentRules },
      displayName: row.displayName,
      department: row.department,
      timeZone: row.timeZone,
      locales: row.locales,
      defaultLocale: row.defaultLocale,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
