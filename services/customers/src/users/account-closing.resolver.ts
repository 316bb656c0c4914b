import { Role, requireTenant, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AccountUnlinked } from '../account-links/account-unlinked';
import { CloseMyAccountInput, CloseResidentAccountInput } from '../customer.inputs';
import { toActionPayload, toUserPayload } from '../customer.mappers';
import { CustomerActionPayloadType, UserPayloadType } from '../customer.types';
import type { AccountClosingSteps } from './account-closing';
import { closeMyAccount, closeResidentAccount } from './account-closing.service';

/** A resident's online account closed: by the resident, or for them by the city's ADMIN. */
@Resolver()
export class AccountClosingResolver {
  constructor(
    private readonly steps: AccountClosingSteps,
    private readonly accountUnlinked: AccountUnlinked,
  ) {}

  @Authorized(Role.CUSTOMER)
  @Mutation(() => CustomerActionPayloadType, {
    description:
      'Closes the signed-in resident’s online account, with their password typed again (WRONG_PASSWORD at currentPassword). Every session ends at once and the password signs in nobody; the Auto Pay they enrolled stops; their saved cards and bank accounts are removed at the processor; their linked accounts are let go; messages not yet sent are withdrawn; their name, email, phone and username are forgotten, and the email may register again. Payments, receipts and audit records stay on the city’s record. A confirmation goes to their email (if proved) first. PROCESSOR_UNAVAILABLE: nothing closed, try again.',
  })
  async closeMyAccount(@Arg('input', () => CloseMyAccountInput) input: CloseMyAccountInput, @Ctx() ctx: RequestContext): Promise<CustomerActionPayloadType> {
    return toActionPayload(await closeMyAccount(requireTenant(ctx), this.steps, this.accountUnlinked, input.currentPassword));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserPayloadType, {
    description:
      'The city’s ADMIN closes a resident’s online account for them (they asked by phone), as closeMyAccount does, with the reason kept in the audit log (ONLINE_ACCOUNT_CLOSED). Answers the user as staff now read it ("Closed online account"). RESIDENT_NOT_FOUND for anyone but one of the city’s residents; closing one already closed changes nothing. ADMIN only.',
  })
  async closeResidentAccount(@Arg('input', () => CloseResidentAccountInput) input: CloseResidentAccountInput, @Ctx() ctx: RequestContext): Promise<UserPayloadType> {
    return toUserPayload(await closeResidentAccount(requireTenant(ctx), this.steps, this.accountUnlinked, input), ctx.locale);
  }
}
