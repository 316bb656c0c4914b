import { Role, actorOf, requireTenant, type RequestContext, toUserErrorTypes } from '@platform/api';
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { PaymentsUnanswered } from '../account-status/payments-unanswered';
import { AccountAdjustmentInput } from './adjustment.inputs';
import { recordAdjustment } from './adjustment.service';
import { toLedgerEntryType } from './ledger.mappers';
import { LedgerEntryPayloadType } from './ledger.types';

/** ADMIN: fees and corrections on an account's ledger. */
@Resolver()
export class AdjustmentResolver {
  constructor(private readonly paymentsUnanswered: PaymentsUnanswered) {}

  @Authorized(Role.ADMIN)
  @Mutation(() => LedgerEntryPayloadType, {
    description:
      'ADMIN: charges a fee or corrects an account, with a reason. Idempotent by key. A closed account takes no credit beyond what it owes (ACCOUNT_HOLDS_CREDIT: refund that much of the payment first), nor any while a payment of it is still with the processor (PAYMENT_BEING_CONFIRMED).',
  })
  async recordAccountAdjustment(@Arg('input', () => AccountAdjustmentInput) input: AccountAdjustmentInput, @Ctx() ctx: RequestContext): Promise<LedgerEntryPayloadType> {
    const result = await recordAdjustment(requireTenant(ctx), input, actorOf(ctx), this.paymentsUnanswered);
    return result.ok ? { entry: toLedgerEntryType(result.value, ctx), userErrors: [] } : { entry: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}
