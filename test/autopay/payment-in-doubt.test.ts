import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { at, autopayPayments, enroll, myAccounts, newCustomer, type Customer } from './autopay-api';

/*
 * Maria pays part of her bill on the web early on deduction day, and the
 * processor does not answer in time: the payment is in doubt, and what she
 * owes does not show it yet. The autopay run that comes before
 * reconciliation has settled it must not charge her the whole amount; the
 * run after it charges what is left.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let platform: TestPlatform;
let maria: Customer;
beforeAll(async () => {
  // The gateway gives the processor 300 ms; the sandbox's magic amount 13.13 is charged, 1.5 s later.
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: 1500 });
  maria = await newCustomer(platform, { email: 'maria.doubt@example.com', accounts: ['10-1001-00'] });
  expect((await enroll(await maria.client(), { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: maria.cardId })).userErrors).toEqual([]);
});
afterAll(() => platform.close());

const autopayRun = () => platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
const amountDue = async () => Object.values(await myAccounts(await maria.client()))[0]!.balance.amountDueNow.amount;
const cents = (amount: string) => amount.replace('.', '');

it('leaves an account whose payment is in doubt to a later run, which charges only what is left', async () => {
  at(clock, '2026-03-15T09:00:00Z');
  const dueBefore = cents(await amountDue());
  const web = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '13.13' }],
    token: await cardToken(platform),
    payerEmail: 'maria.doubt@example.com',
  });
  expect(web.payment?.status).toBe('UNKNOWN');
  expect(cents(await amountDue())).toBe(dueBefore);

  await autopayRun();
  expect(await autopayPayments(platform, 'norwalk')).toEqual([]);

  // The held charge completes; a minute later reconciliation records it, and what she owes shows it.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  const dueAfter = cents(await amountDue());
  expect(BigInt(dueAfter)).toBe(BigInt(dueBefore) - 1313n);

  at(clock, '2026-03-15T10:00:00Z');
  await autopayRun();
  expect((await autopayPayments(platform, 'norwalk')).map((p) => [p.status, p.amount_cents])).toEqual([['CAPTURED', dueAfter]]);
});
