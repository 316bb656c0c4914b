import { requireTenant, type RequestContext } from '@platform/api';
import { localDateOf } from '@platform/core';
import { tenantByIdLoader } from '@platform/tenants';
import type { AutopayView } from './autopay.mappers';

/** The request's language and the city's calendar, for writing enrolments. */
export async function autopayViewOf(ctx: RequestContext): Promise<AutopayView> {
  const tenantCtx = requireTenant(ctx);
  const tenant = await ctx.loaders.get(tenantByIdLoader).load(tenantCtx.tenant.id);
  if (!tenant) throw new Error(`tenant ${tenantCtx.tenant.id} vanished during the request`);
  return { locale: ctx.locale, today: localDateOf(ctx.clock.now(), tenant.settings.timeZone), deductionDay: tenant.settings.autopayRules.deductionDay };
}
