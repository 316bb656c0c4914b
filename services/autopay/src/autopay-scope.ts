import type { TenantRef } from '@platform/api';
import type { Clock, Locale } from '@platform/core';
import type { DataSource } from 'typeorm';

/**
 * What autopay's runs and notices need, in a request or a job: the city, its
 * database (the app role; tenant data through withTenant), the clock, and
 * the city's default language for a customer whose own is unknown.
 */
export interface AutopayScope {
  readonly db: DataSource;
  readonly tenant: TenantRef;
  readonly clock: Clock;
  readonly locale: Locale;
}
