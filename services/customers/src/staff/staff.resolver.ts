import { Role, requireTenant, type RequestContext } from '@platform/api';
import { listSecurityEvents } from '@platform/auth';
import { withTenant } from '@platform/db';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CreateStaffUserInput } from '../customer.inputs';
import { decodeEventCursor, encodeEventCursor, toSecurityEventType, toUserPayload } from '../customer.mappers';
import { SecurityEventConnectionType, UserPayloadType } from '../customer.types';
import { createStaffUser } from './staff.service';

/** City administration: staff accounts and the audit log. */
@Resolver()
export class StaffResolver {
  @Authorized(Role.PLATFORM_OPERATOR, Role.ADMIN)
  @Mutation(() => UserPayloadType, { description: "Adds a SUPPORT or ADMIN user to the request's city and emails them an invitation. Platform operator or the city's ADMIN." })
  async createStaffUser(@Arg('input', () => CreateStaffUserInput) input: CreateStaffUserInput, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await createStaffUser(requireTenant(ctx), input));
  }

  @Authorized(Role.ADMIN)
  @Query(() => SecurityEventConnectionType, { description: "The city's security audit log, newest first. ADMIN only." })
  async auditLog(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<SecurityEventConnectionType> {
    const pageSize = Math.min(Math.max(first, 1), 200);
    const page = await withTenant(requireTenant(ctx), (manager) => listSecurityEvents(manager, pageSize, after ? decodeEventCursor(after) : null));
    const edges = page.events.map((event) => ({ node: toSecurityEventType(event), cursor: encodeEventCursor(event) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
