import { requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { changePassword, updateProfile } from './profile.service';
import { userByIdLoader } from './user.loaders';
import { isUserRole } from './user-role';
import type { SessionSettings } from '../sign-in/session-settings';
import { ChangePasswordInput, UpdateProfileInput } from '../customer.inputs';
import { toActionPayload, toUserPayload, toUserType } from '../customer.mappers';
import { CustomerActionPayloadType, UserPayloadType, UserType, ViewerType } from '../customer.types';

/** What a signed-in user does to their own account. */
@Resolver(() => ViewerType)
export class ProfileResolver {
  constructor(private readonly settings: SessionSettings) {}

  /** Roles as the session's access token carries them: what authorization (authChecker) goes by in this request too. */
  @Query(() => ViewerType, { nullable: true, description: 'The signed-in user; null when nobody is signed in.' })
  viewer(@Ctx() ctx: RequestContext): ViewerType | null {
    if (!ctx.viewer) return null;
    return { userId: ctx.viewer.userId, roles: ctx.viewer.roles.filter(isUserRole) };
  }

  @FieldResolver(() => UserType)
  async user(@Root() viewer: ViewerType, @Ctx() ctx: RequestContext): Promise<UserType> {
    const user = await ctx.loaders.get(userByIdLoader).load(viewer.userId);
    if (!user) throw new Error(`the signed-in user ${viewer.userId} is gone`);
    return toUserType(user);
  }

  @Authorized()
  @Mutation(() => CustomerActionPayloadType, { description: "Changes the viewer's password; their other sessions end." })
  async changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await changePassword(requireTenant(ctx), this.settings, input.currentPassword, input.newPassword));
  }

  @Authorized()
  @Mutation(() => UserPayloadType)
  async updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await updateProfile(requireTenant(ctx), input));
  }
}
