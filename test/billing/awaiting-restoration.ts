import type { GraphQLTestClient, TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, MARK_DISCONNECTED, accountById, importCsv, openAccount, type AccountShape } from './billing-api';

/**
 * An account disconnected for a past-due $155.00 bill (due 2026-09-22) and
 * paid in full by a guest's card: its restoration request is open. Written
 * once because the restoration tests all start from this state.
 */
export async function disconnectedThenPaidInFull(platform: TestPlatform, support: GraphQLTestClient, accountNumber: string, billNumber: string): Promise<AccountShape> {
  const account = await openAccount(support, { accountNumber });
  expect((await importCsv(support, [BILL_HEADER, `${billNumber},${accountNumber},2026-09-01,2026-09-22,155.00,,`].join('\n'))).imported).toBe(1);
  await platform.runJob('billing.disconnection-sweep');
  expect((await support.data<{ markAccountDisconnected: { userErrors: unknown[] } }>(MARK_DISCONNECTED, { id: account.id })).markAccountDisconnected.userErrors).toEqual([]);
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber, amount: '155.00' }],
    token: await cardToken(platform),
    payerEmail: 'resident@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  expect((await accountById(support, account.id)).status).toBe('RESTORATION_PENDING');
  return account;
}
