import { requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { lookupAccount } from './account-lookup.service';
import { LookupAccountInput, LookupPayableInput } from './lookup.inputs';
import { toAccountLookupType, toPayableLookupType } from './lookup.mappers';
import { AccountLookupPayloadType, PayableLookupPayloadType } from './lookup.types';
import { lookupPayable } from './payable-lookup.service';

/** The guest's way in for a one-time payment. */
@Resolver()
export class LookupResolver {
  // A mutation, not a query: it counts failed attempts, and must never travel as a cacheable GET with an account number in the URL.
  @Mutation(() => AccountLookupPayloadType, {
    description:
      'Finds an account by its number (and the last payment amount, where the city asks for it) and shows what a payer needs. Anyone; rate-limited. ' +
      'A failed proof is one VERIFICATION_FAILED: at ["input", "accountNumber"] where the number is all the city asks, at ["input"] where it asks more (never saying which part was wrong).',
  })
  async lookupAccount(@Arg('input', () => LookupAccountInput) input: LookupAccountInput, @Ctx() ctx: RequestContext): Promise<AccountLookupPayloadType> {
    const found = await lookupAccount(requireTenant(ctx), input);
    return found.ok ? { account: toAccountLookupType(found.value), userErrors: [] } : { account: null, userErrors: toUserErrorTypes(found.userErrors) };
  }

  @Mutation(() => PayableLookupPayloadType, {
    description: 'Finds a citation (or another payable) by its number, to pay it on its own. Anyone; rate-limited. An unknown number is VERIFICATION_FAILED at ["input", "referenceNumber"].',
  })
  async lookupPayable(@Arg('input', () => LookupPayableInput) input: LookupPayableInput, @Ctx() ctx: RequestContext): Promise<PayableLookupPayloadType> {
    const found = await lookupPayable(requireTenant(ctx), input);
    return found.ok ? { payable: toPayableLookupType(found.value), userErrors: [] } : { payable: null, userErrors: toUserErrorTypes(found.userErrors) };
  }
}
