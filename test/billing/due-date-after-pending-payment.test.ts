import { FixedClock } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, LOOKUP, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * Norwalk, November 23. An account has two bills, neither due yet: $50.00
 * due December 1 and a supplemental $30.00 due December 20. The resident pays
 * $50.00 as a guest; the payment is captured and posts in a day or two. It
 * paid the oldest charge, as payments to an account do, so what is left is
 * the December 20 bill's, due December 20 (found by review: the look-up, the
 * portal and the phone line gave the paid bill's December 1).
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithStaff('norwalk', 'SUPPORT', { clock });

type Lookup = { lookupAccount: { account: { amountDue: { amount: string }; pendingPayments: { amount: string }; dueDate: string | null } } };

it('gives the due date of what is left to pay once a pending payment has paid the nearer bill, and none once everything is paid', async () => {
  await openAccount(env.staff, { accountNumber: '62-0001-00' });
  expect(await importCsv(env.staff, [BILL_HEADER, 'B-6201,62-0001-00,2026-11-01,2026-12-01,50.00,,', 'B-6202,62-0001-00,2026-11-20,2026-12-20,30.00,,'].join('\n'))).toMatchObject({ imported: 2 });
  const guest = env.platform.client.asTenant('norwalk');
  const lookUp = async () => (await guest.data<Lookup>(LOOKUP, { input: { accountNumber: '62-0001-00' } })).lookupAccount.account;
  const payNow = async (amount: string) =>
    (
      await pay(guest, {
        idempotencyKey: newKey('due-date'),
        allocations: [{ accountNumber: '62-0001-00', amount }],
        token: await cardToken(env.platform),
        payerEmail: 'resident@example.com',
      })
    ).payment?.status;
  expect(await lookUp()).toMatchObject({ amountDue: { amount: '80.00' }, dueDate: '2026-12-01' });

  expect(await payNow('50.00')).toBe('CAPTURED');
  expect(await lookUp()).toMatchObject({ amountDue: { amount: '30.00' }, pendingPayments: { amount: '50.00' }, dueDate: '2026-12-20' });

  expect(await payNow('30.00')).toBe('CAPTURED');
  expect(await lookUp()).toMatchObject({ amountDue: { amount: '0.00' }, pendingPayments: { amount: '80.00' }, dueDate: null });
});
