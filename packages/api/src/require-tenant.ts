import { DomainError, ErrorCode, translate } from '@platform/core';
import type { RequestContext, TenantContext } from './context';

/** The context, narrowed to one whose tenant is known; TENANT_REQUIRED when the request named no city. */
export function requireTenant(ctx: RequestContext): TenantContext {
  if (!ctx.tenant) throw new DomainError(ErrorCode.TENANT_REQUIRED, translate(ctx.locale, 'tenant.required'));
  return ctx as TenantContext;
}
