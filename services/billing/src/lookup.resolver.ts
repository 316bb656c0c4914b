import { requireTenant, type RequestContext } from '@platform/api';
import { withTenant } from '@platform/db';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { LookupAccountInput, LookupPayableInput } from './billing.inputs';
import { toLookupType, toPayableLookupType, toUserError } from './billing.mappers';
import { AccountLookupPayloadType, PayableLookupPayloadType } from './billing.types';
import { lookupPayable } from './payable-lookup.service';
import { loadBalance } from './ledger.service';
import { verifyServiceAccount } from './verification.service';

/** The guest's way in for a one-time payment. */
@Resolver()
export class LookupResolver {
  // A mutation, not a query: it counts failed attempts, and must never travel as a cacheable GET with an account number in the URL.
  @Mutation(() => AccountLookupPayloadType, {
    description: "Finds an account by its number (and the last payment amount, where the city asks for it) and shows what a payer needs. Anyone; rate-limited.",
  })
  async lookupAccount(@Arg('input', () => LookupAccountInput) input: LookupAccountInput, @Ctx() ctx: RequestContext): Promise<AccountLookupPayloadType> {
    const tenantCtx = requireTenant(ctx);
    const verified = await verifyServiceAccount(tenantCtx, input, 'LOOKUP');
    if (!verified.ok) return { account: null, userErrors: verified.userErrors.map(toUserError) };
    const balance = await withTenant(tenantCtx, (manager) => loadBalance(manager, tenantCtx, verified.value.id));
    return { account: toLookupType(verified.value, balance), userErrors: [] };
  }

  @Mutation(() => PayableLookupPayloadType, { description: 'Finds a citation (or another payable) by its number, to pay it on its own. Anyone; rate-limited.' })
  async lookupPayable(@Arg('input', () => LookupPayableInput) input: LookupPayableInput, @Ctx() ctx: RequestContext): Promise<PayableLookupPayloadType> {
    const found = await lookupPayable(requireTenant(ctx), input);
    return found.ok ? { payable: toPayableLookupType(found.value), userErrors: [] } : { payable: null, userErrors: found.userErrors.map(toUserError) };
  }
}
