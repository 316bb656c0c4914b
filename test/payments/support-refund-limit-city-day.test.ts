import { FixedClock } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, platformForFile, signInStaff } from '../billing/billing-api';
import { bearer, signIn } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay } from './payments-api';

/*
 * A SUPPORT clerk's daily refund limit is counted on Norwalk's calendar (America/Los_Angeles), not UTC's nor a fixed
 * offset's. On Sunday 2026-11-01 its clocks go back an hour at 2 AM: that day ends at 08:00 UTC, not 07:00 as it began
 * in daylight time. 11:30 PM that night is still the clerk's Sunday; 12:30 AM is Monday, with a limit of its own. The
 * clerk signs in again each time the clock moves, as their session would have ended.
 */
const clock = new FixedClock(new Date('2026-11-01T19:00:00Z')); // 11 AM PST on the Sunday
const file = platformForFile({ clock });

type Payload = { refundPayment: { payment: { refunded: { amount: string } } | null; userErrors: { code: string }[] } };

/** The clerk's refund at `instant`, signed in afresh then (the limit is a person's, so the same person each time). */
async function refundAt(email: string, instant: string, paymentId: string, amount: string): Promise<string[]> {
  clock.set(new Date(instant));
  const login = await signIn(file.platform.client.asTenant('norwalk'), email);
  const clerk = bearer(file.platform.client.asTenant('norwalk'), login.session!);
  const answer = await clerk.data<Payload>(REFUND, { input: { paymentId, amount, reason: 'billed twice', idempotencyKey: newKey('refund') } });
  return answer.refundPayment.userErrors.map((error) => error.code);
}

it("gives a clerk a new day's limit at Norwalk's midnight on the night its clocks go back, not an hour before", async () => {
  const admin = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const account = await openAccount(admin);
  const number = account.accountNumber;
  await importCsv(admin, [BILL_HEADER, `B-${number},${number},2026-10-01,2026-10-31,2000.00,0.00,0.00`].join('\n'));
  const paid = await pay(file.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: number, amount: '2000.00' }],
    token: await cardToken(file.platform),
    payerEmail: 'big.payer@example.com',
  });
  if (!paid.payment) throw new Error(JSON.stringify(paid.userErrors));
  const clerk = await signInStaff(file.platform, 'norwalk', 'SUPPORT');
  const email = (await clerk.data<{ viewer: { user: { email: string } } }>('{ viewer { user { email } } }')).viewer.user.email;
  const paymentId = paid.payment.id;
  expect(await refundAt(email, '2026-11-01T19:00:00Z', paymentId, '1000.00')).toEqual([]);
  expect(await refundAt(email, '2026-11-02T07:30:00Z', paymentId, '0.01')).toEqual(['REFUND_LIMIT_REACHED']); // 11:30 PM PST, Sunday
  expect(await refundAt(email, '2026-11-02T08:30:00Z', paymentId, '1000.00')).toEqual([]); // 12:30 AM PST, Monday
});
