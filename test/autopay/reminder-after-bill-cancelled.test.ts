import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { ADJUST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { RESEND, deliverThroughCatcher, platformWithMailCatcher } from '../notifications/notification-api';
import { newKey } from '../payments/payments-api';
import { amountDueNow, at, autopayPayments, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * Norwalk deducts on the 15th and reminds 3 days before. On March 12 the
 * reminder "$60.00 will be taken on March 15" is queued while the mail relay
 * is down. On March 13 the city finds the bill was for the wrong house and
 * cancels it with a credit naming it: the run takes nothing on the 15th. The
 * reminder still waiting went out once mail recovered, announcing a $60.00
 * charge the run would not make, for a bill the resident no longer owes, and
 * staff could send one already delivered again (found by the bill-import
 * attacker). A reminder paid down whole since it was queued is now withdrawn
 * as it is about to go, and not sent again; one paid down in part still
 * goes, as a (smaller) charge is still made.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });
const CANCELLED = '10-8841-00';
const CREDITED_IN_PART = '10-8842-00';
const CANCELLED_AFTER_SENT = '10-8843-00';
const residents: Record<string, Customer> = {};
let staff: GraphQLTestClient;
const delivered: Record<string, string[]> = {};

const autopayRun = () => env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
const reminders = (account: string) =>
  tenantRows<{ id: string; status: string; failure_reason: string | null }>(
    env.platform,
    'norwalk',
    `SELECT id, status, failure_reason FROM notification_outbox WHERE account_number = $1 AND template = 'AUTOPAY_REMINDER' AND resent_from IS NULL`,
    [account],
  );
async function credit(account: string, amount: string) {
  const [bill] = await tenantRows<{ id: string }>(env.platform, 'norwalk', 'SELECT id FROM payables WHERE reference_number = $1', [`B-${account}`]);
  const { recordAccountAdjustment } = await staff.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId: residents[account]!.accounts[account]!, payableId: bill!.id, kind: 'ADJUSTMENT', amount, memo: 'Billed the wrong house', idempotencyKey: newKey('credit') },
  });
  expect(recordAccountAdjustment.userErrors).toEqual([]);
}
const chargedFor = async (account: string) => (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === residents[account]!.accounts[account]).map((p) => p.amount_cents);

beforeAll(async () => {
  for (const [n, account] of [CANCELLED, CREDITED_IN_PART, CANCELLED_AFTER_SENT].entries()) {
    await openAccountWithBill(env.platform, account, '60.00');
    const resident = await newCustomer(env.platform, { email: `resident${n}.8840@example.com`, accounts: [account] });
    await enrolAutopay(resident, resident.accounts[account]!);
    residents[account] = resident;
  }
  at(clock, '2026-03-12T15:10:00Z');
  await autopayRun();
  for (const account of Object.keys(residents)) expect((await reminders(account)).map((r) => r.status)).toEqual(['PENDING']);

  // March 13, the relay still down: one bill cancelled whole, another credited $15.00. Then mail recovers.
  at(clock, '2026-03-13T16:00:00Z');
  staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await credit(CANCELLED, '-60.00');
  await credit(CREDITED_IN_PART, '-15.00');
  const caught = await deliverThroughCatcher(env.platform, env.smtp);
  for (const [account, resident] of Object.entries(residents)) delivered[account] = caught.filter((m) => m.envelopeTo.includes(resident.email)).map((m) => m.parsed.subject ?? '');
  // The third bill is cancelled after its reminder went out.
  await credit(CANCELLED_AFTER_SENT, '-60.00');
}, 120_000);

// Staff resend on March 13, before the clock moves on to the deduction day.
it('refuses to send again a reminder delivered before its bill was cancelled', async () => {
  expect(delivered[CANCELLED_AFTER_SENT]).toEqual(['Upcoming automatic payment for account 10-8843-00 - City of Norwalk']);
  const [sent] = await reminders(CANCELLED_AFTER_SENT);
  const { resendNotification } = await staff.data<{ resendNotification: { notification: unknown; userErrors: { field: string[]; code: string; message: string }[] } }>(RESEND, { id: sent!.id });
  expect(resendNotification).toEqual({
    notification: null,
    userErrors: [
      {
        field: ['id'],
        code: 'NOTIFICATION_NOT_RESENDABLE',
        message: 'This reminder announces an automatic payment that will not be made: what it announced was paid or credited since. It cannot be sent again.',
      },
    ],
  });
});

it('does not send a waiting reminder of a deduction the cancelled bill no longer calls for, and the run takes nothing', async () => {
  expect(await amountDueNow(residents[CANCELLED]!, CANCELLED)).toBe('0.00');
  expect({ delivered: delivered[CANCELLED], outbox: (await reminders(CANCELLED)).map((r) => [r.status, r.failure_reason]) }).toEqual({
    delivered: [],
    outbox: [['SUPPRESSED', 'WITHDRAWN']],
  });
  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  expect(await chargedFor(CANCELLED)).toEqual([]);
});

it('sends the reminder of a bill credited in part, as the run still takes what is left of it', async () => {
  expect(delivered[CREDITED_IN_PART]).toEqual(['Upcoming automatic payment for account 10-8842-00 - City of Norwalk']);
  expect(await chargedFor(CREDITED_IN_PART)).toEqual(['4500']);
});
