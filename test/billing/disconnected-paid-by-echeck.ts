import type { FixedClock, TestPlatform } from '@platform/testkit';
import { bankToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, MARK_DISCONNECTED, importCsv, openAccount, signInStaff } from './billing-api';

type Changed = { markAccountDisconnected: { userErrors: unknown[] } };

/**
 * Norman, November 23: a new account owing $120.00 since September is
 * disconnected, and paid in full by an e-check from `bankAccount` (one of the
 * sandbox's BANK.accounts); on the 24th the e-check has posted and its bank
 * has not answered yet (with `post: false`, it is the 23rd still and the
 * e-check has not posted). Returns the account's id.
 */
export async function disconnectedAndPaidByEcheck(
  platform: TestPlatform,
  clock: FixedClock,
  accountNumber: string,
  bankAccount: string,
  { post = true }: { readonly post?: boolean } = {},
): Promise<string> {
  clock.set(new Date('2026-11-23T18:00:00Z'));
  const support = await signInStaff(platform, 'norman', 'SUPPORT');
  const account = await openAccount(support, { accountNumber, city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(support, [BILL_HEADER, `E-${accountNumber},${accountNumber},2026-09-01,2026-09-22,120.00,,`].join('\n'));
  await platform.runJob('billing.disconnection-sweep');
  if ((await support.data<Changed>(MARK_DISCONNECTED, { id: account.id })).markAccountDisconnected.userErrors.length > 0) throw new Error(`${accountNumber} was not disconnected`);
  const paid = await pay(platform.client.asTenant('norman'), {
    idempotencyKey: newKey('echeck'),
    allocations: [{ accountNumber, lastPaymentAmount: '0.00', amount: '120.00' }],
    token: await bankToken(platform, bankAccount),
    payerEmail: 'household@example.com',
  });
  if (paid.payment?.status !== 'AUTHORIZED') throw new Error(`the e-check was ${paid.payment?.status ?? 'refused'}`);
  if (!post) return account.id;
  clock.set(new Date('2026-11-24T18:00:00Z'));
  await platform.runJob('payments.post');
  return account.id;
}
