import { Role, UUIDScalar, requireTenant, type Connection, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CreateStaffUserInput } from '../customer.inputs';
import { toUserPayload, toUserType } from '../customer.mappers';
import { SecurityEventConnectionType, UserPayloadType, UserType, type SecurityEventType } from '../customer.types';
import { auditLogPage } from './audit-log.queries';
import { createStaffUser, disableStaffUser, listStaffUsers, resendStaffInvitation } from './staff.service';

/** City administration: staff accounts and the audit log. */
@Resolver()
export class StaffResolver {
  @Authorized(Role.PLATFORM_OPERATOR, Role.ADMIN)
  @Mutation(() => UserPayloadType, { description: "Adds a SUPPORT or ADMIN user to the request's city and emails them an invitation. Platform operator or the city's ADMIN." })
  async createStaffUser(@Arg('input', () => CreateStaffUserInput) input: CreateStaffUserInput, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await createStaffUser(requireTenant(ctx), input));
  }

  @Authorized(Role.PLATFORM_OPERATOR, Role.ADMIN)
  @Query(() => [UserType], { description: "The city's staff users (SUPPORT and ADMIN), those whose access was removed included (disabledAt), by name. Platform operator or the city's ADMIN." })
  async staffUsers(@Ctx() ctx: RequestContext): Promise<UserType[]> {
    return (await listStaffUsers(requireTenant(ctx))).map(toUserType);
  }

  @Authorized(Role.PLATFORM_OPERATOR, Role.ADMIN)
  @Mutation(() => UserPayloadType, {
    description:
      "Takes a staff user's access away at once: they cannot sign in, and their open sessions end. Refused (LAST_ADMIN) for the city's last ADMIN who can sign in (an ADMIN still invited does not count). Platform operator or the city's ADMIN.",
  })
  async disableStaffUser(@Arg('userId', () => UUIDScalar) userId: string, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await disableStaffUser(requireTenant(ctx), userId));
  }

  @Authorized(Role.PLATFORM_OPERATOR, Role.ADMIN)
  @Mutation(() => UserPayloadType, {
    description:
      "Emails a staff user still invited (invitationPending) a new invitation, valid 72 hours; every earlier link stops working. Refused for a user who accepted already (INVITATION_ALREADY_ACCEPTED) or was disabled (STAFF_USER_DISABLED). Platform operator or the city's ADMIN.",
  })
  async resendStaffInvitation(@Arg('userId', () => UUIDScalar) userId: string, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await resendStaffInvitation(requireTenant(ctx), userId));
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
