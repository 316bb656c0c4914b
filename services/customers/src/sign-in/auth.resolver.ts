import { requireTenant, type RequestContext } from '@platform/api';
import type { WorkAfterAnswer } from '@platform/core';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountUnlinked } from '../account-links/account-unlinked';
import { LoginInput, RegisterInput, RequestPasswordResetInput, ResetPasswordInput } from '../customer.inputs';
import { toActionPayload, toAuthPayload } from '../customer.mappers';
import { AuthPayloadType, CustomerActionPayloadType } from '../customer.types';
import { login } from './login.service';
import { requestPasswordReset, resetPassword } from './password-reset.service';
import { register } from './registration.service';
import { endEverySession, endSession, refreshSession } from './session.service';
import type { SessionSettings } from './session-settings';

/** Signing up, in and out, and recovering a password: open to anyone of the request's city. */
@Resolver()
export class AuthResolver {
  constructor(
    private readonly settings: SessionSettings,
    private readonly afterAnswer: WorkAfterAnswer,
    /** Autopay's, for a registration the address's owner ends by registering (endUnprovedRegistration). */
    private readonly accountUnlinked: AccountUnlinked,
  ) {}

  @Mutation(() => AuthPayloadType, { description: 'Creates a customer account and signs it in.' })
  async register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: RequestContext): Promise<AuthPayloadType> {
    return toAuthPayload(await register(requireTenant(ctx), this.settings, input, this.accountUnlinked));
  }

  @Mutation(() => AuthPayloadType)
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: RequestContext): Promise<AuthPayloadType> {
    return toAuthPayload(await login(requireTenant(ctx), this.settings, input));
  }

  @Mutation(() => AuthPayloadType, { description: 'Exchanges a refresh token (once) for a new access and refresh token.' })
  async refreshSession(
    @Arg('refreshToken') refreshToken: string,
    @Arg('extend', () => Boolean, {
      defaultValue: false,
      description:
        "The person asked for more time (the page warned that the session is ending): the session's end (refreshTokenExpiresAt) moves to a whole session lifetime from now. Otherwise it stays where sign-in put it.",
    })
    extend: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayloadType> {
    return toAuthPayload(await refreshSession(requireTenant(ctx), this.settings, refreshToken, extend));
  }

  @Mutation(() => CustomerActionPayloadType, { description: "Ends the signed-in session, or the refresh token's session." })
  async logout(@Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await endSession(requireTenant(ctx), refreshToken ?? null));
  }

  @Authorized()
  @Mutation(() => CustomerActionPayloadType, {
    description: 'Ends every session of the signed-in user, this one included (every device: its access and refresh tokens, its open subscriptions). The password stays as it is.',
  })
  async logoutEverywhere(@Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await endEverySession(requireTenant(ctx)));
  }

  @Mutation(() => CustomerActionPayloadType, { description: 'Emails a reset link if the account exists; answers the same either way.' })
  async requestPasswordReset(@Arg('input', () => RequestPasswordResetInput) input: RequestPasswordResetInput, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    await requestPasswordReset(requireTenant(ctx), input.identifier, this.afterAnswer);
    return { userErrors: [] };
  }

  @Mutation(() => CustomerActionPayloadType, { description: 'Sets a new password with the token from a reset or invitation email.' })
  async resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await resetPassword(requireTenant(ctx), this.settings, input.token, input.newPassword));
  }
}
