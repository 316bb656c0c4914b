import type { GraphQLTestClient, TestPlatform } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount } from '../billing/billing-api';
import { cardToken, newKey, pay } from './payments-api';

/**
 * A guest's card payment of `amount` (dollars, "3000.00") toward a fresh account whose November bill is that much, in
 * the staff member's city (they open the account and import the bill), by card or, with a bank token, e-check: the
 * payment's id. Norman asks a payer for the account's last payment, "0.00" for one that has had none.
 */
export async function guestPaysFreshBill(platform: TestPlatform, staff: GraphQLTestClient, slug: string, amount: string, token?: string): Promise<string> {
  const { accountNumber } = await openAccount(staff);
  await importCsv(staff, [BILL_HEADER, `B-${accountNumber},${accountNumber},2026-11-01,2026-11-30,${amount},0.00,0.00`].join('\n'));
  const paid = await pay(platform.client.asTenant(slug), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber, amount, ...(slug === 'norman' ? { lastPaymentAmount: '0.00' } : {}) }],
    token: token ?? (await cardToken(platform)),
    payerEmail: 'big.payer@example.com',
  });
  if (!paid.payment) throw new Error(JSON.stringify(paid.userErrors));
  return paid.payment.id;
}
