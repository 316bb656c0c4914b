import { FixedClock } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, MARK_DISCONNECTED, accountById, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * Norman disconnects after 30 days and $50.00 past due. A payment counts as
 * soon as it is made (it posts a day or two later), oldest bills first: a
 * resident who paid is neither flagged for disconnection on the bills that
 * payment covers nor disconnected by staff acting on a flag the hourly sweep
 * set before they paid.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithStaff('norman', 'SUPPORT', { clock, jobs: true });

const sweep = () => env.platform.runJob('billing.disconnection-sweep');
const statusOf = async (id: string) => (await accountById(env.staff, id)).status;
const payAsGuest = async (accountNumber: string, amount: string) => {
  // Never paid before: Norman's proof is "0.00".
  const paid = await pay(env.platform.client.asTenant('norman'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber, lastPaymentAmount: '0.00', amount }],
    token: await cardToken(env.platform),
    payerEmail: 'okie.payer@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
};
const openWithBills = async (accountNumber: string, bills: string[]) => {
  const account = await openAccount(env.staff, { accountNumber, city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(env.staff, [BILL_HEADER, ...bills].join('\n'));
  return account.id;
};

it('refuses to disconnect a flagged account paid since the sweep, before and after the payment posts', async () => {
  const id = await openWithBills('9100-0001', ['R-9101,9100-0001,2026-09-01,2026-09-22,90.00,,']);
  await sweep();
  expect(await statusOf(id)).toBe('DISCONNECT_ELIGIBLE');

  await payAsGuest('9100-0001', '90.00');
  type Disconnected = { markAccountDisconnected: { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
  const pending = await env.staff.data<Disconnected>(MARK_DISCONNECTED, { id });
  expect(pending.markAccountDisconnected).toEqual({
    serviceAccount: null,
    userErrors: [{ field: ['serviceAccountId'], code: 'NOT_PAST_DUE', message: expect.stringContaining('no longer qualifies') }],
  });

  clock.advance(24 * 3600_000);
  await env.platform.runJob('payments.post');
  await env.signInAgain();
  expect((await env.staff.data<Disconnected>(MARK_DISCONNECTED, { id })).markAccountDisconnected.userErrors[0]?.code).toBe('NOT_PAST_DUE');
  expect(await statusOf(id)).toBe('DISCONNECT_ELIGIBLE');
  await sweep();
  expect(await statusOf(id)).toBe('ACTIVE');
});

it('counts days past due from the oldest bill a pending payment leaves unpaid', async () => {
  clock.set(new Date('2026-11-23T18:00:00Z'));
  await env.signInAgain();
  // 62 days past due on September's bill, 22 on October's; the resident pays September's.
  const id = await openWithBills('9100-0002', ['R-9201,9100-0002,2026-09-01,2026-09-22,60.00,,', 'R-9202,9100-0002,2026-10-10,2026-11-01,60.00,,']);
  await payAsGuest('9100-0002', '60.00');
  await sweep();
  expect(await statusOf(id)).toBe('ACTIVE');
  const balance = (await accountById(env.staff, id)).balance;
  // What the resident is shown stays as posted until the payment posts.
  expect([balance.pastDue.amount, balance.pendingPayments.amount]).toEqual(['120.00', '60.00']);

  // Nine days on, October's bill is 31 days past due: now it is eligible.
  clock.set(new Date('2026-12-02T18:00:00Z'));
  await env.signInAgain();
  await sweep();
  expect(await statusOf(id)).toBe('DISCONNECT_ELIGIBLE');
});
