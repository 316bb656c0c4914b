import { requireTenant, type RequestContext } from '@platform/api';
import { Arg, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { toActionPayload } from '../customer.mappers';
import { CustomerActionPayloadType } from '../customer.types';
import { verifyEmail } from './email-verification.service';

@InputType('VerifyEmailInput')
export class VerifyEmailInput {
  @Field({ description: 'From the link in the email sent to the address (EMAIL_VERIFICATION).' }) token: string;
}

/** Proving an email address: open to anyone of the request's city who holds the link, signed in or not. */
@Resolver()
export class EmailVerificationResolver {
  @Mutation(() => CustomerActionPayloadType, {
    description:
      'Follows the link sent to an email address: it becomes the account’s, proved (a new address asked for in updateProfile replaces the old one, which is told). Works once, within a day, and only for the address the user asks for now. INVALID_TOKEN: wrong, spent, expired or superseded; EMAIL_TAKEN: another account took the address meanwhile.',
  })
  async verifyEmail(@Arg('input', () => VerifyEmailInput) input: VerifyEmailInput, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await verifyEmail(requireTenant(ctx), input.token));
  }
}
