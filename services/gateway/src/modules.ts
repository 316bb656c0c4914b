import type { ServiceModule } from '@platform/api';
import { CreateRateLimitBuckets1763800150000 } from '@platform/auth';
import { billingModule } from '@platform/billing';
import { createCustomersModule, type SessionSettings } from '@platform/customers';
import { notificationsModule } from '@platform/notifications';
import { tenantsModule } from '@platform/tenants';

/** What services need from configuration to be built. */
export interface ServiceSettings {
  readonly sessions: SessionSettings;
}

/*
 * Rate-limit counters are shared by every service that limits abuse
 * (sign-in, account look-up), so the table belongs to the platform rather
 * than to one of them.
 */
const rateLimitsModule: ServiceModule = {
  name: 'rate-limits',
  entities: [],
  migrations: [CreateRateLimitBuckets1763800150000],
  resolvers: [],
  jobs: {},
};

/** Every service the gateway serves, in dependency order (seeds run in this order). */
export function createServiceModules(settings: ServiceSettings): readonly ServiceModule[] {
  return [tenantsModule, rateLimitsModule, notificationsModule, billingModule, createCustomersModule(settings.sessions)];
}

export const allEntities = (modules: readonly ServiceModule[]) => modules.flatMap((m) => m.entities);
export const allMigrations = (modules: readonly ServiceModule[]) => modules.flatMap((m) => m.migrations);
export const allMigrationNames = (modules: readonly ServiceModule[]) => allMigrations(modules).map((m) => m.name);
