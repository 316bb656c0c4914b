import { FixedClock } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, platformForFile, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { CHANGE_ROLE, viewerId } from '../customers/staff-removal';
import { whileHeld } from '../db/lock-waits';
import { cardToken, newKey, pay } from './payments-api';

/*
 * Decided: runPosting and runDisconnectionSweep do not check their ADMIN again once under way. Each runs now, for the
 * city, what its hourly job runs anyway, as "system" (a payment posts as the schedule posts it; an account is flagged
 * as the schedule flags it), moves no money out and decides nothing of its own: refusing a demoted ADMIN's run part-way
 * would protect no one and leave the work to the next hour. Their request is still checked as it arrives: a removed
 * ADMIN's session is over, so they start none. The audit log keeps who ran it.
 */
// Noon in Norwalk on Monday 2026-11-23; its payments post the next day.
const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
const file = platformForFile({ clock });
const RUN_POSTING = 'mutation { runPosting { posted } }';

it('posts a due payment as the hourly job would when the ADMIN who ran posting is made SUPPORT while it waits; their next run is refused', async () => {
  const admin = await signInStaff(file.platform, 'norwalk', 'ADMIN');
  const account = await openAccount(admin);
  await importCsv(admin, [BILL_HEADER, `B-${account.accountNumber},${account.accountNumber},2026-11-01,2026-11-30,40.00,0.00,0.00`].join('\n'));
  const paid = await pay(file.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: account.accountNumber, amount: '40.00' }],
    token: await cardToken(file.platform),
    payerEmail: 'posting@example.com',
  });
  const paymentId = paid.payment!.id;

  clock.set(new Date('2026-11-24T20:00:00Z'));
  const [runner, other] = [await signInStaff(file.platform, 'norwalk', 'ADMIN'), await signInStaff(file.platform, 'norwalk', 'ADMIN')];
  const runnerId = await viewerId(runner);
  const answer = await whileHeld(
    file.platform.db,
    'norwalk',
    { sql: 'SELECT 1 FROM payments WHERE id = $1 FOR UPDATE', params: [paymentId] },
    () => runner.request<{ runPosting: { posted: number } }>(RUN_POSTING),
    async () => {
      expect((await other.data<{ changeStaffRole: { userErrors: unknown[] } }>(CHANGE_ROLE, { input: { userId: runnerId, role: 'SUPPORT' } })).changeStaffRole.userErrors).toEqual([]);
    },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.runPosting.posted).toBeGreaterThanOrEqual(1);
  const posted = await tenantRows<{ to_status: string; actor: string }>(file.platform, 'norwalk', `SELECT to_status, actor FROM payment_transitions WHERE payment_id = $1 AND to_status = 'POSTED'`, [
    paymentId,
  ]);
  expect(posted).toEqual([{ to_status: 'POSTED', actor: 'system' }]);
  expect(await tenantRows(file.platform, 'norwalk', `SELECT actor FROM security_events WHERE kind = 'JOB_RUN' AND detail->>'job' = 'payments.post'`)).toEqual([{ actor: runnerId }]);

  // Demoted, their session is over: no new run.
  const again = await runner.request(RUN_POSTING);
  expect(again.errors?.map((error) => error.extensions?.code)).toEqual([expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/)]);
});
