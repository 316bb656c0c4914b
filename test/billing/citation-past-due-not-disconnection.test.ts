import { FixedClock } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, CHARGES_HEADER, MARK_DISCONNECTED, accountById, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * Norman bills water, sewer and trash, and also takes citations and other
 * charges, which may be filed against a utility account. Disconnection is
 * for not paying for the service: a past-due citation (a code violation, a
 * parking ticket) must not make the water service eligible to be cut off,
 * nor let staff record it disconnected, however large and late it is.
 */

// Noon in Norman on 2026-11-23; Norman's rules: 30 days and $50.00 past due.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithStaff('norman', 'SUPPORT', { clock, jobs: true });

const sweep = () => env.platform.runJob('billing.disconnection-sweep');
const disconnect = async (id: string) =>
  (await env.staff.data<{ markAccountDisconnected: { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string }[] } }>(MARK_DISCONNECTED, { id }))
    .markAccountDisconnected;

it('does not mark an account whose utility bills are paid on time eligible for disconnection over a past-due citation', async () => {
  const account = await openAccount(env.staff, { accountNumber: '9400-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(env.staff, [BILL_HEADER, 'NB-9401,9400-0001,2026-11-10,2026-12-01,55.00,,'].join('\n'));
  await importCsv(env.staff, [CHARGES_HEADER, 'CIT-9401,9400-0001,CITATION,2026-09-01,2026-09-15,200.00,Code violation: tall grass'].join('\n'));
  await sweep();

  const after = await accountById(env.staff, account.id);
  // The citation is owed and past due on the account's balance, as it is...
  expect(after.balance.pastDue.amount).toBe('200.00');
  // ...but the service is paid up, so it stays on.
  expect(after.status).toBe('ACTIVE');
  expect((await disconnect(account.id)).serviceAccount).toBeNull();
  expect((await accountById(env.staff, account.id)).status).toBe('ACTIVE');
});

it('refuses to record disconnected an account whose late water bill was paid, though a citation on it is still past due', async () => {
  const account = await openAccount(env.staff, { accountNumber: '9400-0003', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(env.staff, [BILL_HEADER, 'NB-9404,9400-0003,2026-09-10,2026-10-01,80.00,,'].join('\n'));
  await importCsv(env.staff, [CHARGES_HEADER, 'CIT-9404,9400-0003,CITATION,2026-09-01,2026-09-15,150.00,Parking'].join('\n'));
  await sweep();
  expect((await accountById(env.staff, account.id)).status).toBe('DISCONNECT_ELIGIBLE');

  // The household pays the water bill (never paid before: "0.00" proves the account); the sweep has not run since.
  const paid = await pay(env.platform.client.asTenant('norman'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '9400-0003', lastPaymentAmount: '0.00', amount: '80.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'household@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  expect(await disconnect(account.id)).toEqual({ serviceAccount: null, userErrors: [expect.objectContaining({ field: ['serviceAccountId'], code: 'NOT_PAST_DUE' })] });
  await sweep();
  expect((await accountById(env.staff, account.id)).status).toBe('ACTIVE');
});

it('counts only the utility bills past due toward the minimum, and other charges neither', async () => {
  const account = await openAccount(env.staff, { accountNumber: '9400-0002', city: 'Norman', region: 'OK', postalCode: '73069' });
  // $30.00 of water 40 days late: under Norman's $50.00 minimum; a late "other" charge of $90.00 beside it does not make up the rest.
  await importCsv(env.staff, [BILL_HEADER, 'NB-9402,9400-0002,2026-10-01,2026-10-14,30.00,,'].join('\n'));
  await importCsv(env.staff, [CHARGES_HEADER, 'OTH-9402,9400-0002,OTHER,2026-09-01,2026-09-15,90.00,Bulk trash pickup'].join('\n'));
  await sweep();
  expect((await accountById(env.staff, account.id)).status).toBe('ACTIVE');

  // Another $25.00 of water, past due 30 days too: now the service itself is $55.00 past due, and eligible.
  await importCsv(env.staff, [BILL_HEADER, 'NB-9403,9400-0002,2026-10-05,2026-10-20,25.00,,'].join('\n'));
  await sweep();
  expect((await accountById(env.staff, account.id)).status).toBe('DISCONNECT_ELIGIBLE');
});
