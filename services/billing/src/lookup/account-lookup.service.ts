import type { TenantContext } from '@platform/api';
import { ok, type Result } from '@platform/core';
import type { ServiceAccountEntity } from '../accounts/service-account.entity';
import type { Balance } from '../ledger/balance';
import { balanceLoader } from '../ledger/ledger.loaders';
import type { AccountProof } from './account-proof';
import { verifyServiceAccount } from './verification.service';

export interface AccountLookup {
  readonly account: ServiceAccountEntity;
  readonly balance: Balance;
}

/** A guest proves they know an account (the city's way for a look-up) and sees what a payer needs; see verifyServiceAccount for the refusals. */
export async function lookupAccount(ctx: TenantContext, proof: AccountProof): Promise<Result<AccountLookup>> {
  const verified = await verifyServiceAccount(ctx, proof, 'LOOKUP');
  if (!verified.ok) return verified;
  return ok({ account: verified.value, balance: await ctx.loaders.get(balanceLoader).load(verified.value.id) });
}
