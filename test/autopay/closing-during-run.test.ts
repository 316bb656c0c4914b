import { withTenant } from '@platform/db';
import { GOOD_PASSWORD, tenantRows } from '../customers/customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';
import { at, autopayPayments, enrolAutopay, newCustomer, openAccountWithBill, processorCharges } from './autopay-api';
import { autopayPlatform } from './autopay-platform';

/*
 * A resident closes their online account on the morning of the deduction day, while the run has claimed their account
 * and waits to charge it (its enrolment row held, as a slow charge of the run's holds it). Whichever of the two takes
 * the row first, no money is taken (the card was deleted at the processor before the closing waited, and a run that
 * comes second finds the enrolment cancelled), the enrolment ends cancelled, and nothing is left to be sent to the
 * resident but the closing's confirmation.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock } = env;
const CLOSE_MINE = 'mutation Close($input: CloseMyAccountInput!) { closeMyAccount(input: $input) { userErrors { field code message } } }';

it('takes no money and tells nothing but the closing when a resident closes while the run waits to charge them', async () => {
  const email = 'closes.during.run@example.com';
  await openAccountWithBill(env.platform, '10-6101-00', '42.00');
  const resident = await newCustomer(env.platform, { email, accounts: ['10-6101-00'] });
  const accountId = resident.accounts['10-6101-00']!;
  await enrolAutopay(resident, accountId);
  const [{ id: tenantId }] = (await env.platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`)) as [{ id: string }];
  const chargesBefore = (await processorCharges(env.platform)).length;

  at(clock, '2026-03-15T09:00:00Z');
  const me = await resident.client();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const holding = withTenant({ db: env.platform.db, tenant: { id: tenantId } }, async (manager) => {
    await manager.query('SELECT 1 FROM autopay_enrollments WHERE service_account_id = $1 FOR NO KEY UPDATE', [accountId]);
    held();
    await released;
  });
  await isHeld;
  let runFinished = false;
  const running = env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 }).finally(() => (runFinished = true));
  await untilWaitingOnLocks(env.platform.db, '%FOR NO KEY UPDATE OF e%', { finished: () => runFinished });
  let closingFinished = false;
  const closing = me.data<{ closeMyAccount: { userErrors: unknown[] } }>(CLOSE_MINE, { input: { currentPassword: GOOD_PASSWORD } }).finally(() => (closingFinished = true));
  await untilWaitingOnLocks(env.platform.db, '%FROM autopay_enrollments WHERE user_id%', { finished: () => closingFinished });
  release();
  await holding;
  await running;
  expect((await closing).closeMyAccount.userErrors).toEqual([]);

  const [enrolment] = await tenantRows<{ status: string }>(env.platform, 'norwalk', 'SELECT status FROM autopay_enrollments WHERE service_account_id = $1', [accountId]);
  expect(enrolment?.status).toBe('CANCELLED');
  const taken = (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId && !['FAILED', 'DECLINED'].includes(p.status));
  expect(taken).toEqual([]);
  expect((await processorCharges(env.platform)).slice(chargesBefore).filter((charge) => charge.status === 'CAPTURED')).toEqual([]);
  const waiting = await tenantRows<{ template: string }>(env.platform, 'norwalk', `SELECT template FROM notification_outbox WHERE recipient = $1 AND status = 'PENDING' ORDER BY created_at`, [email]);
  expect(waiting.map((m) => m.template)).toEqual(['ACCOUNT_CLOSED']);
});
