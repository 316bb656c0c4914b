import { requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import type { AccountUnlinked } from '../account-links/account-unlinked';
import { toActionPayload, toUserType } from '../customer.mappers';
import { CustomerActionPayloadType, UserPayloadType } from '../customer.types';
import { resendEmailVerification, verifyEmail } from './email-verification.service';

@InputType('VerifyEmailInput')
export class VerifyEmailInput {
  @Field({ description: 'From the link in the email sent to the address (EMAIL_VERIFICATION).' }) token: string;
}

/** Proving an email address: open to anyone of the request's city who holds the link, signed in or not; a new link for the signed-in user. */
@Resolver()
export class EmailVerificationResolver {
  /** `accountUnlinked`: autopay's, for a registration the address's owner ends (endUnprovedRegistration). */
  constructor(private readonly accountUnlinked: AccountUnlinked) {}

  @Mutation(() => CustomerActionPayloadType, {
    description:
      'Follows the link sent to an email address: it becomes the account’s, proved (a new address asked for in updateProfile replaces the old one, which is told). Works once, within a day, and only for the address the user asks for now. INVALID_TOKEN: wrong, spent, expired or superseded; EMAIL_TAKEN: another account took the address meanwhile.',
  })
  async verifyEmail(@Arg('input', () => VerifyEmailInput) input: VerifyEmailInput, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await verifyEmail(requireTenant(ctx), input.token, this.accountUnlinked));
  }

  @Authorized()
  @Mutation(() => UserPayloadType, {
    description:
      'Sends the signed-in user a new link for the address they have still to prove (pendingEmail, else their unproved email), ending the earlier one; nothing when there is none. Limited as email changes are (RATE_LIMITED, EMAIL_CHANGES).',
  })
  async resendEmailVerification(@Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return { user: toUserType(await resendEmailVerification(requireTenant(ctx))), userErrors: [] };
  }
}
