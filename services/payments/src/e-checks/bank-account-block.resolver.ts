import { Role, requireTenant, toUserErrorTypes, type Connection, type RequestContext } from '@platform/api';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { LiftBankAccountBlockInput } from './bank-account-block.inputs';
import { toBlockedBankAccountType } from './bank-account-block.mappers';
import { blockedBankAccountsPage, liftBankAccountBlock } from './bank-account-block.service';
import { BlockedBankAccountConnectionType, LiftBankAccountBlockPayloadType, type BlockedBankAccountType } from './bank-account-block.types';

/** City staff: bank accounts blocked after a return or a closure, and lifting a block. */
@Resolver()
export class BankAccountBlockResolver {
  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => BlockedBankAccountConnectionType, { description: "Staff: the city's blocked bank accounts, latest blocked first." })
  async blockedBankAccounts(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<BlockedBankAccountType>> {
    return blockedBankAccountsPage(requireTenant(ctx), first, after);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => LiftBankAccountBlockPayloadType, {
    description:
      "ADMIN: lifts a bank account's block, with a reason (REQUIRED), in the audit log (BANK_ACCOUNT_BLOCK_LIFTED: who, when, why, the account's last four digits). Wallets, autopay and payments with the same numbers may use it again; a new return or closure blocks it again, counting R01 returns from the lift on only (the first is forgiven, as a first one is). Whoever paid from it or keeps it in their wallet is emailed that it is unblocked (BANK_ACCOUNT_UNBLOCKED), as they were when it was blocked (BANK_ACCOUNT_BLOCKED). Autopay that its run suspended on the block stays suspended until its holder sets it again (updateAutopay); one not yet suspended goes on. BANK_ACCOUNT_BLOCK_CHANGED: the block was lifted, or blocked again by a new return, since it was read.",
  })
  async liftBankAccountBlock(@Arg('input', () => LiftBankAccountBlockInput) input: LiftBankAccountBlockInput, @Ctx() ctx: RequestContext): Promise<LiftBankAccountBlockPayloadType> {
    const result = await liftBankAccountBlock(requireTenant(ctx), input);
    return result.ok ? { bankAccount: toBlockedBankAccountType(result.value, ctx.locale), userErrors: [] } : { bankAccount: null, userErrors: toUserErrorTypes(result.userErrors) };
  }
}
