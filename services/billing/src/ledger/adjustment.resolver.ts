import { Role, actorOf, requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { AccountAdjustmentInput } from './adjustment.inputs';
import { recordAdjustment } from './adjustment.service';
import { toLedgerEntryType } from './ledger.mappers';
import { LedgerEntryPayloadType } from './ledger.types';

/** ADMIN: fees and corrections on an account's ledger. */
@Resolver()
export class AdjustmentResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => LedgerEntryPayloadType, { description: 'ADMIN: charges a fee or corrects an account, with a reason. Idempotent by key.' })
  async recordAccountAdjustment(@Arg('input', () => AccountAdjustmentInput) input: AccountAdjustmentInput, @Ctx() ctx: RequestContext): Promise<LedgerEntryPayloadType> {
    const result = await recordAdjustment(requireTenant(ctx), input, actorOf(ctx));
    return result.ok ? { entry: toLedgerEntryType(result.value, ctx), userErrors: [] } : { entry: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}
