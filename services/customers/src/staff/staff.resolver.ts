import { Role, requireTenant, type Connection, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CreateStaffUserInput } from '../customer.inputs';
import { toUserPayload } from '../customer.mappers';
import { SecurityEventConnectionType, UserPayloadType, type SecurityEventType } from '../customer.types';
import { auditLogPage } from './audit-log.queries';
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
  ): Promise<Connection<SecurityEventType>> {
    return auditLogPage(requireTenant(ctx), first, after);
  }
}
