import { withTenant } from '@platform/db';
import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { CANCEL, at, autopayNotices, enroll, newCustomer, openAccountWithBill, processorCharges, type Customer } from './autopay-api';
import { untilWaitingOnLocks } from '../db/lock-waits';

/*
 * Each enrolment is told before it is charged. Norwalk deducts on the 15th
 * and reminds 3 days before: Lena ($60.00) and Omar ($70.00), enrolled on
 * March 10, are reminded on the 12th of March 15 (mail is down: the
 * reminders wait in the outbox). Each cancels, which withdraws the reminder,
 * and enrols again before the 15th, so March is charged. Each is reminded
 * again, once, however many passes run, two at once included; and the date
 * the new reminder names is kept: the city moving its day to the 14th
 * charges neither before the 15th.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun: autopayPass } = env;
let tenantId: string;
let lena: Customer;
let omar: Customer;
beforeAll(async () => {
  [{ id: tenantId }] = (await env.platform.db.query<{ id: string }[]>(`SELECT id FROM tenants WHERE slug = 'norwalk'`)) as [{ id: string }];
  await openAccountWithBill(env.platform, '10-8101-00', '60.00');
  await openAccountWithBill(env.platform, '10-8102-00', '70.00');
  lena = await newCustomer(env.platform, { email: 'lena.again@example.com', accounts: ['10-8101-00'] });
  omar = await newCustomer(env.platform, { email: 'omar.again@example.com', accounts: ['10-8102-00'] });
  for (const customer of [lena, omar]) expect(await enrollIn(customer)).toMatchObject({ userErrors: [], currentCycleCovered: true, firstDeductionDate: '2026-03-15' });
  await passAt('2026-03-12T15:10:00Z');
  for (const customer of [lena, omar]) expect(await reminders(customer)).toEqual([['PENDING', '2026-03-15']]);
});

const accountOf = (customer: Customer) => Object.values(customer.accounts)[0]!;
const enrollIn = async (customer: Customer) => enroll(await customer.client(), { serviceAccountId: accountOf(customer), paymentMethodId: customer.cardId });
async function passAt(iso: string): Promise<void> {
  at(clock, iso);
  await autopayPass();
}

/** Cancels the customer's autopay, and enrols again an hour later. */
async function cancelAndEnrolAgain(customer: Customer, cancelAt: string): Promise<void> {
  at(clock, cancelAt);
  const { cancelAutopay } = await (await customer.client()).data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: accountOf(customer) });
  expect(cancelAutopay.userErrors).toEqual([]);
  clock.advance(3_600_000);
  expect(await enrollIn(customer)).toMatchObject({ userErrors: [], currentCycleCovered: true, firstDeductionDate: '2026-03-15' });
}

/** The customer's reminders in the outbox, oldest first: what became of each, and the date it named. */
const reminders = async (customer: Customer) =>
  (
    await tenantRows<{ status: string; deduction_date: string }>(
      env.platform,
      'norwalk',
      `SELECT status, data->>'deductionDate' AS deduction_date FROM notification_outbox WHERE recipient = $1 AND template = 'AUTOPAY_REMINDER' AND channel = 'EMAIL' ORDER BY created_at, id`,
      [customer.email],
    )
  ).map((n) => [n.status, n.deduction_date]);

/** The reminders autopay recorded for the customer's account: the date each named, and the enrolment it was sent to (its start). */
const recorded = async (customer: Customer) =>
  (
    await tenantRows<{ cycle: string; deduction_date: string; enrolled_at: Date }>(
      env.platform,
      'norwalk',
      `SELECT cycle, deduction_date::text, enrolled_at FROM autopay_notices WHERE service_account_id = $1 AND kind = 'REMINDER' ORDER BY sent_at`,
      [accountOf(customer)],
    )
  ).map((n) => [n.cycle, n.deduction_date, n.enrolled_at.toISOString()]);

it('reminds an account enrolled again after its cycle was announced, once, before the new enrolment is charged', async () => {
  await cancelAndEnrolAgain(lena, '2026-03-12T20:00:00Z');
  expect(await reminders(lena)).toEqual([['SUPPRESSED', '2026-03-15']]);

  await passAt('2026-03-13T16:10:00Z');
  await autopayPass();
  expect(await reminders(lena)).toEqual([
    ['SUPPRESSED', '2026-03-15'],
    ['PENDING', '2026-03-15'],
  ]);
  // One reminder per enrolment, the new one's recorded with it.
  expect(await recorded(lena)).toEqual([
    ['2026-03', '2026-03-15', '2026-03-10T18:00:00.000Z'],
    ['2026-03', '2026-03-15', '2026-03-12T21:00:00.000Z'],
  ]);
  const [toLena] = (await autopayNotices(env.platform, 'norwalk', lena.email)).filter((n) => n.template === 'AUTOPAY_REMINDER').slice(-1);
  expect(toLena!.data).toMatchObject({ accountNumber: '10-8101-00', amount: '$60.00', last4: '4242', deductionDate: '2026-03-15' });
  // Omar's enrolment, reminded on the 12th, is not reminded again.
  expect(await reminders(omar)).toEqual([['PENDING', '2026-03-15']]);
}, 60_000);

it('sends the new enrolment one reminder when two passes reach it at once', async () => {
  await cancelAndEnrolAgain(omar, '2026-03-13T17:00:00Z');
  at(clock, '2026-03-13T19:10:00Z');
  // A transaction holding the new enrolment's reminder row, not yet committed, as a third pass half-way through:
  // both passes get to recording theirs, and wait on it.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const gaveUp = new Error('rolled back');
  const holding = withTenant({ db: env.platform.db, tenant: { id: tenantId } }, async (manager) => {
    await manager.query(
      `INSERT INTO autopay_notices (tenant_id, service_account_id, cycle, kind, sent_at, deduction_date, enrolled_at)
       SELECT tenant_id, service_account_id, '2026-03', 'REMINDER', $2, '2026-03-15', enrolled_at FROM autopay_enrollments WHERE service_account_id = $1`,
      [accountOf(omar), clock.now()],
    );
    held();
    await released;
    // It gives up: the passes' own rows decide.
    throw gaveUp;
  }).catch((error: unknown) => {
    if (error !== gaveUp) throw error;
  });
  await Promise.race([isHeld, holding]);
  let finished = 0;
  const passes = Promise.all([autopayPass(), autopayPass()].map((pass) => pass.finally(() => finished++)));
  await insertsWaiting(2, () => finished === 2);
  release();
  await holding;
  await passes;

  expect(await reminders(omar)).toEqual([
    ['SUPPRESSED', '2026-03-15'],
    ['PENDING', '2026-03-15'],
  ]);
  expect(await recorded(omar)).toEqual([
    ['2026-03', '2026-03-15', '2026-03-10T18:00:00.000Z'],
    ['2026-03', '2026-03-15', '2026-03-13T18:00:00.000Z'],
  ]);
}, 60_000);

it('keeps the date the new reminder named: the day moved to the 14th charges neither before the 15th', async () => {
  at(clock, '2026-03-13T22:00:00Z');
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { deductionDay: 14 } });
  await passAt('2026-03-14T15:10:00Z');
  expect(await processorCharges(env.platform)).toEqual([]);
  await passAt('2026-03-15T15:10:00Z');
  await autopayPass();
  expect((await processorCharges(env.platform)).map((c) => c.amount).sort()).toEqual(['6000', '7000']);
}, 60_000);

/** Resolves once `n` sessions wait on a lock to record notices (or `done` says there is no point waiting). */
const insertsWaiting = (n: number, done: () => boolean) => untilWaitingOnLocks(env.platform.db, '%INSERT INTO autopay_notices%', { n, finished: done });
