import type { ServiceModule } from '@platform/api';
import { tenantsModule } from '@platform/tenants';

/** Every service the gateway serves, in dependency order (seeds run in this order). */
export const SERVICE_MODULES: readonly ServiceModule[] = [tenantsModule];

export const allEntities = (modules: readonly ServiceModule[]) => modules.flatMap((m) => m.entities);
export const allMigrations = (modules: readonly ServiceModule[]) => modules.flatMap((m) => m.migrations);
export const allMigrationNames = (modules: readonly ServiceModule[]) => allMigrations(modules).map((m) => m.name);
