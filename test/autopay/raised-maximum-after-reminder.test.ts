import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { UPDATE, amountDueNow, at, autopayNotices, autopayPayments, newCustomer, type AutopayPayload, type Customer, enrolAutopay } from './autopay-api';

/*
 * Maya owes $313.00 and her autopay maximum is $300.00: the reminder of March 12 says autopay will not pay it
 * (recorded with 0 as the most the run takes). On the 13th she raises her maximum to $400.00 so that autopay pays it.
 * The platform answers "Autopay will pay the $313.00 due on March 15" (and re-queues a pending reminder saying it
 * will be charged): the run charges it (found by review: it skipped the month as TOLD_NOT_PAID, telling her nothing).
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let maya: Customer;
const MAYA = '10-1002-00';

beforeAll(async () => {
  maya = await newCustomer(env.platform, { email: 'maya.raised@example.com', accounts: [MAYA] });
  expect(await amountDueNow(maya, MAYA)).toBe('313.00');
  await enrolAutopay(maya, maya.accounts[MAYA]!, { maxAmount: '300.00' });
});

it('charges on the deduction day a month whose maximum the resident raised after an over-maximum reminder', async () => {
  at(clock, '2026-03-12T16:10:00Z');
  await autopayRun();
  const [reminder] = await autopayNotices(env.platform, 'norwalk', maya.email);
  expect(reminder!.data.message).toContain('more than your autopay maximum of $300.00, so it will not pay it on March 15, 2026');

  at(clock, '2026-03-13T17:00:00Z');
  const me = await maya.client();
  const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: maya.accounts[MAYA]!, paymentMethodId: maya.cardId, maxAmount: '400.00' } });
  expect(updateAutopay.userErrors).toEqual([]);
  // The platform promises the charge.
  expect(updateAutopay.notice).toBe('Autopay will pay the $313.00 due on March 15, 2026.');
  // Her reminder, still waiting, is withdrawn and queued again as the run will now make it: a charge.
  const notices = await autopayNotices(env.platform, 'norwalk', maya.email);
  expect(notices.at(-1)!.data.message).toBe('Your automatic payment of $313.00 for account 10-1002-00 will be charged to your Visa ending in 4 2 4 2 on March 15, 2026.');

  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  const outcomes = await tenantRows<{ kind: string; reason: string | null }>(env.platform, 'norwalk', 'SELECT o.kind, o.reason FROM autopay_outcomes o');
  // (The run records SKIPPED TOLD_NOT_PAID, and tells her nothing.)
  expect(outcomes).toHaveLength(1);
  // What the resident was promised: $313.00 charged.
  expect(await autopayPayments(env.platform, 'norwalk')).toEqual([expect.objectContaining({ amount_cents: '31300', status: 'CAPTURED' })]);
});
