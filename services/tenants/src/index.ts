import type { ServiceModule } from '@platform/api';
import { CreateTenants1763800000000 } from './migrations/1763800000000-create-tenants';
import { NotifyTenantChanged1763801000100 } from './migrations/1763801000100-notify-tenant-changed';
import { LinkProofNotShownToGuests1763801200000 } from './migrations/1763801200000-link-proof-not-shown-to-guests';
import { DeductionDayToMonthEnd1763801201900 } from './migrations/1763801201900-deduction-day-to-month-end';
import { TimeZonesByIanaName1763801203600 } from './migrations/1763801203600-time-zones-by-iana-name';
import { NO_PLATFORM_HOSTS, type TenantsSettings } from './platform-hosts';
import { seedDemoTenants } from './seed/seed-demo-tenants';
import { TenantEntity } from './tenant.entity';
import { PlatformTimeResolver } from './platform-time.resolver';
import { TenantResolver } from './tenant.resolver';
import { TenantSettingsChangeEntity } from './tenant-settings-change.entity';

export function createTenantsModule(settings: TenantsSettings = NO_PLATFORM_HOSTS): ServiceModule {
  return {
    name: 'tenants',
    entities: [TenantEntity, TenantSettingsChangeEntity],
    migrations: [CreateTenants1763800000000, NotifyTenantChanged1763801000100, LinkProofNotShownToGuests1763801200000, DeductionDayToMonthEnd1763801201900, TimeZonesByIanaName1763801203600],
    resolvers: [new TenantResolver(settings), new PlatformTimeResolver()],
    jobs: {},
    seedDemo: (db, log, clock) => seedDemoTenants(db, log, clock, settings),
  };
}

export { findTenantBySlug, listTenants } from './tenant.queries';
export { forEachCity } from './for-each-city';
export { createTenant, updateTenant, type OperatorContext, type TenantResult } from './tenant.service';
export { toTenantRef, isWellFormedSlug, type Tenant } from './tenant';
export { NO_PLATFORM_HOSTS, type PlatformHost, type TenantsSettings } from './platform-hosts';
export { tenantByIdLoader } from './tenant.loaders';
export { startTenantCache, stopTenantCache, forgetCachedTenants } from './tenant-registry-cache';
export { cityName, type LinkProof, type TenantSettings } from './tenant-settings';
export type { TenantSettingsInput } from './tenant-settings.schema';
export { NORWALK, NORMAN } from './seed/demo-tenants';
export { findDemoCity } from './seed/demo-city';
export { TenantType } from './tenant.types';
export { describeConvenienceFee } from './convenience-fee';
export { describePostingPolicy } from './posting-policy';
export { normalizeOrigin } from './allowed-origin';
export { callCustomerServiceSaid, supportHoursSaid } from './customer-service';
