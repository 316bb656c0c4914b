import { Role, UUIDScalar, requireTenant, type Connection, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CreateStaffUserInput } from '../customer.inputs';
import { toUserPayload, toUserType } from '../customer.mappers';
import { SecurityEventConnectionType, UserPayloadType, UserType, type SecurityEventType } from '../customer.types';
import { auditLogPage } from './audit-log.queries';
import { AuditLogFilterInput, ChangeStaffRoleInput } from './staff.inputs';
import { changeStaffRole, createStaffUser, disableStaffUser, enableStaffUser, listStaffUsers, resendStaffInvitation } from './staff.service';

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
    return (await listStaffUsers(requireTenant(ctx))).map((user) => toUserType(user));
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
      "Gives a disabled staff user their access back, with their role: they sign in with their password as before; one who never accepted their invitation stays invited (send them a new one). Enabling an active user changes nothing. Platform operator or the city's ADMIN.",
  })
  async enableStaffUser(@Arg('userId', () => UUIDScalar) userId: string, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await enableStaffUser(requireTenant(ctx), userId));
  }

  @Authorized(Role.PLATFORM_OPERATOR, Role.ADMIN)
  @Mutation(() => UserPayloadType, {
    description:
      "Makes a staff user SUPPORT or ADMIN instead of their current role; their open sessions end, so they sign in again with the new role. Refused for a disabled user (STAFF_USER_DISABLED) and for taking ADMIN from the city's last ADMIN who can sign in (LAST_ADMIN). Platform operator or the city's ADMIN.",
  })
  async changeStaffRole(@Arg('input', () => ChangeStaffRoleInput) input: ChangeStaffRoleInput, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await changeStaffRole(requireTenant(ctx), input));
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
  @Query(() => SecurityEventConnectionType, {
    description: "The city's security audit log, newest first; with a filter, only one staff member's actions (actor), what was done to a user (userId), or some kinds. ADMIN only.",
  })
  async auditLog(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => AuditLogFilterInput, { nullable: true }) filter: AuditLogFilterInput | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<SecurityEventType>> {
    return auditLogPage(requireTenant(ctx), first, after, filter ?? {});
  }
}
