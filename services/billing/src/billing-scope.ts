import type { TenantRef } from '@platform/api';
import type { Clock, Locale } from '@platform/core';
import type { DataSource } from 'typeorm';

/**
 * What billing's domain functions need besides the caller's transaction: the
 * city (for its calendar) and the clock. A request's TenantContext is one; so
 * is a job's view of a city.
 */
export interface BillingScope {
  readonly tenant: TenantRef;
  readonly clock: Clock;
}

/** A scope that opens its own transactions and writes messages for a person: a request, the CLI, the demo seed. */
export interface BillingContext extends BillingScope {
  readonly db: DataSource;
  readonly locale: Locale;
}
