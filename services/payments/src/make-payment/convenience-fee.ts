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

/** What the payer is charged for a payment of `amountCents`: the amount and the city's fee on it (the total a page or the phone line reads out). */
export function totalWithFeeCents(policy: TenantSettings['paymentRules']['convenienceFee'], amountCents: bigint): bigint {
  return amountCents + convenienceFeeCents(policy, amountCents);
}
