import { withTenant } from '@platform/db';
import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { CARDS, at, autopayPayments, enroll, newCustomer, openAccountWithBill, enrolAutopay } from './autopay-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

/*
 * A holder takes autopay over from one who moved out while a reminder pass
 * is telling the leaver. enrollAutopay used to read the new enrolled_at
 * before waiting for the enrolment's lock, which the pass held while it
 * recorded the leaver's reminder a moment later: notices bind by
 * sent_at >= enrolled_at, so the leaver's reminder counted as the new
 * holder's, who was never reminded and was charged on the 15th. The leaver's
 * reminder, still waiting, is withdrawn at the takeover.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock } = env;
let tenantId: string;
beforeAll(async () => {
  [{ id: tenantId }] = (await env.platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`)) as [{ id: string }];
});

const UNLINK = 'mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }';
const untilWaiters = (n: number) => untilWaitingOnLocks(env.platform.db, '%', { n });

it('the holder who takes autopay over while a pass reminds the leaver is reminded before being charged', async () => {
  await openAccountWithBill(env.platform, '10-7951-00', '61.00');
  const leaver = await newCustomer(env.platform, { email: 'leaver-race@example.com', accounts: ['10-7951-00'] });
  const stayer = await newCustomer(env.platform, { email: 'stayer-race@example.com', accounts: ['10-7951-00'], card: CARDS.mastercard });
  const accountId = leaver.accounts['10-7951-00']!;
  await enrolAutopay(leaver, accountId);
  at(clock, '2026-03-12T15:10:00Z');
  const stayerClient = await stayer.client();
  const leaverClient = await leaver.client();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  // Anything holding the enrolment a moment (a customer's own update, say) lines the pass and the takeover up.
  const holding = withTenant({ db: env.platform.db, tenant: { id: tenantId } }, async (manager) => {
    await manager.query('SELECT 1 FROM autopay_enrollments WHERE service_account_id = $1 FOR UPDATE', [accountId]);
    held();
    await released;
  });
  await isHeld;
  const pass = env.platform.runJob('autopay.run', {}, { timeoutMs: 30_000 });
  pass.catch(() => undefined);
  await untilWaiters(1); // the pass, at lockUnchanged, having read the leaver as linked
  // The leaver's unlink ends their enrolment's reminders, under the enrolment's lock: it waits behind the pass.
  const unlinked = leaverClient.data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id: accountId });
  await untilWaiters(2);
  const takeover = enroll(stayerClient, { serviceAccountId: accountId, paymentMethodId: stayer.cardId });
  await untilWaiters(3); // the stayer's enrolment, its enrolled_at already taken
  at(clock, '2026-03-12T15:10:01Z');
  release();
  await holding;
  await pass;
  expect((await unlinked).unlinkServiceAccount.userErrors).toEqual([]);
  expect((await takeover).userErrors).toEqual([]);

  const enrolment = await tenantRows<{ user_id: string; enrolled_at: string }>(env.platform, 'norwalk', 'SELECT user_id, enrolled_at::text FROM autopay_enrollments WHERE service_account_id = $1', [
    accountId,
  ]);
  expect(enrolment[0]!.user_id).toBe(stayer.userId);

  // Later passes, before the deduction on the 15th.
  for (const when of ['2026-03-13T15:10:00Z', '2026-03-14T15:10:00Z']) {
    at(clock, when);
    await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  }
  const toStayer = await tenantRows<{ status: string }>(env.platform, 'norwalk', "SELECT status FROM notification_outbox WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER'", [stayer.email]);
  const toLeaver = await tenantRows<{ status: string }>(env.platform, 'norwalk', "SELECT status, data FROM notification_outbox WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER'", [leaver.email]);
  expect(toLeaver.map((r) => r.status)).toEqual(['SUPPRESSED']);
  expect(toStayer.map((r) => r.status)).toEqual(['PENDING']);
  at(clock, '2026-03-15T18:00:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  const charged = (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId);
  expect(charged.map((p) => p.status)).toEqual(['CAPTURED']);
}, 120_000);
