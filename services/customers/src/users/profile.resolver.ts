import { requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { changePassword, updateProfile } from './profile.service';
import { userByIdLoader } from './user.loaders';
import type { SessionSettings } from '../sign-in/session-settings';
import { ChangePasswordInput, UpdateProfileInput } from '../customer.inputs';
import { toActionPayload, toUserPayload, toUserType } from '../customer.mappers';
import { CustomerActionPayloadType, UserPayloadType, ViewerType } from '../customer.types';

/** What a signed-in user does to their own account. */
@Resolver()
export class ProfileResolver {
  constructor(private readonly settings: SessionSettings) {}

  @Query(() => ViewerType, { nullable: true, description: 'The signed-in user; null when nobody is signed in.' })
  async viewer(@Ctx() ctx: RequestContext): Promise<ViewerType | null> {
    if (!ctx.viewer) return null;
    const user = await ctx.loaders.get(userByIdLoader).load(ctx.viewer.userId);
    if (!user) throw new Error(`the signed-in user ${ctx.viewer.userId} is gone`);
    return { user: toUserType(user), roles: [...user.roles] };
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
