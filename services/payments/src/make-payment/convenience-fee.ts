import { percentOf, money } from '@platform/core';
import type { TenantSettings } from '@platform/tenants';

/** The convenience fee a city adds to a payment of `amountCents`, per its policy (shown before the payer confirms). */
export function convenienceFeeCents(policy: TenantSettings['paymentRules']['convenienceFee'], amountCents: bigint): bigint {
  switch (policy.kind) {
    case 'NONE':
      return 0n;
    case 'FLAT':
      return BigInt(policy.amountCents);
    case 'PERCENT': {
      const fee = percentOf(money(amountCents), policy.basisPoints).cents;
      const minimum = BigInt(policy.minimumCents);
      return fee > minimum ? fee : minimum;
    }
  }
}
