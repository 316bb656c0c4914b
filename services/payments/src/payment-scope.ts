import type { TenantRef } from '@platform/api';
import type { Clock } from '@platform/core';
import type { DataSource } from 'typeorm';

/** What payment state changes need outside a request too (jobs): the city, its database, the clock. */
export interface PaymentScope {
  readonly db: DataSource;
  readonly tenant: TenantRef;
  readonly clock: Clock;
}
