import type { TenantContext } from '@platform/api';
import { tenantByIdLoader, type TenantSettings } from '@platform/tenants';

/**
 * The request's city's settings, read once per request however many checks ask (a refund asks for its approval
 * threshold, the clerk's daily limit and how long an approval waits): the gateway primes the request's loader with
 * its city.
 */
export async function citySettings(ctx: TenantContext): Promise<TenantSettings> {
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(ctx.tenant.id);
  if (!tenant) throw new Error(`tenant ${ctx.tenant.id} vanished during the request`);
  return tenant.settings;
}
