import { PLATFORM_OPERATOR_ACTOR, Role, requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { DomainError, ErrorCode, translate } from '@platform/core';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { CreateTenantInput, UpdateTenantInput } from './tenant.inputs';
import { tenantByIdLoader } from './tenant.loaders';
import type { TenantsSettings } from './platform-hosts';
import { listTenants } from './tenant.queries';
import { createTenant, updateTenant, type TenantResult } from './tenant.service';
import { TenantPayloadType, TenantType, toTenantType } from './tenant.types';

@Resolver(() => TenantType)
export class TenantResolver {
  constructor(private readonly settings: TenantsSettings) {}

  @Query(() => TenantType, { description: "The current request's city: its public configuration." })
  async tenant(@Ctx() ctx: RequestContext): Promise<TenantType> {
    const { tenant } = requireTenant(ctx);
    const found = await ctx.loaders.get(tenantByIdLoader).load(tenant.id);
    if (!found) throw new DomainError(ErrorCode.TENANT_NOT_FOUND, translate(ctx.locale, 'tenant.notFound', { slug: tenant.slug }));
    return toTenantType(found, ctx.locale);
  }

  @Authorized(Role.PLATFORM_OPERATOR)
  @Query(() => [TenantType], { description: 'Every city on the platform. Platform operator only.' })
  async tenants(@Ctx() ctx: RequestContext): Promise<TenantType[]> {
    return (await listTenants(ctx.db)).map((tenant) => toTenantType(tenant, ctx.locale));
  }

  @Authorized(Role.PLATFORM_OPERATOR)
  @Mutation(() => TenantPayloadType, { description: 'Adds a city. Platform operator only.' })
  async createTenant(@Arg('input', () => CreateTenantInput) input: CreateTenantInput, @Ctx() ctx: RequestContext): Promise<TenantPayloadType> {
    const { slug, ...settings } = input;
    return toPayload(await createTenant(ctx, this.settings, { slug, settings }, PLATFORM_OPERATOR_ACTOR), ctx);
  }

  @Authorized(Role.PLATFORM_OPERATOR)
  @Mutation(() => TenantPayloadType, { description: "Changes a city's settings; omitted fields keep their value. Platform operator only." })
  async updateTenant(@Arg('slug') slug: string, @Arg('input', () => UpdateTenantInput) input: UpdateTenantInput, @Ctx() ctx: RequestContext): Promise<TenantPayloadType> {
    return toPayload(await updateTenant(ctx, this.settings, slug, { ...input }, PLATFORM_OPERATOR_ACTOR), ctx);
  }
}

function toPayload(result: TenantResult, ctx: RequestContext): TenantPayloadType {
  return result.ok ? { tenant: toTenantType(result.value, ctx.locale), userErrors: [] } : { tenant: null, userErrors: toUserErrorTypes(result.userErrors) };
}
