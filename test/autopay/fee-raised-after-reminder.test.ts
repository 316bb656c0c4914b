import { autopayPlatform } from './autopay-platform';
import { at, autopayNotices, enroll, UPDATE, type AutopayPayload, newCustomer, openAccountWithBill, processorCharges, type Customer, enrolAutopay } from './autopay-api';
import { untilWaitingOnLocks } from '../db/lock-waits';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A city adds or raises its convenience fee after autopay has told the
 * resident what it will charge. The resident agreed to nothing more than
 * they were told (a one-time payment in the same situation is refused
 * FEE_CHANGED rather than charged another total): the deduction takes no
 * higher a fee than its reminder announced, and no other fee than the run
 * decided the deduction on (against the resident's maximum).
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let rosa: Customer;
beforeAll(async () => {
  rosa = await newCustomer(env.platform, { email: 'rosa.reminded@example.com', accounts: ['10-1001-00'] });
});

const flatFee = (amount: string) => changeCitySettings(env.platform, 'norwalk', { paymentRules: { convenienceFee: { kind: 'FLAT', amount } } });
/** What the processor was asked to charge since `before` (a count of its charges then), in cents. */
const chargedSince = async (before: number) => (await processorCharges(env.platform)).slice(before).map((c) => c.amount);

it('charges no more than the reminder announced when the city adds a fee after it', async () => {
  const me = await rosa.client();
  expect((await enroll(me, { serviceAccountId: rosa.accounts['10-1001-00']!, paymentMethodId: rosa.cardId })).userErrors).toEqual([]);

  at(clock, '2026-03-12T15:10:00Z');
  await autopayRun();
  const [reminder] = await autopayNotices(env.platform, 'norwalk', rosa.email);
  expect(reminder).toMatchObject({ template: 'AUTOPAY_REMINDER', data: { amount: '$88.05' } });

  // Norwalk, which had no fee, charges $2.50 from two days before the deduction.
  await flatFee('2.50');

  at(clock, '2026-03-15T18:00:00Z');
  await autopayRun();
  // What the card was asked for, against what the resident was told ($88.05).
  expect(await chargedSince(0)).toEqual(['8805']);
});

it('charges the fee the run decided on, not the one the city sets while the run is charging', async () => {
  // No reminder (a city may send none): the run's own reading of the fee is all that binds the charge.
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { reminderDaysBefore: 0 } });
  at(clock, '2026-03-20T18:00:00Z');
  await openAccountWithBill(env.platform, '10-7101-00', '60.00');
  const ines = await newCustomer(env.platform, { email: 'ines.maximum@example.com', accounts: ['10-7101-00'] });
  const accountId = ines.accounts['10-7101-00']!;
  // $60.00 and the $2.50 fee: exactly her maximum.
  await enrolAutopay(ines, accountId, { maxAmount: '62.50' });
  const before = (await processorCharges(env.platform)).length;

  // The run decides April's deduction with the $2.50 fee; its claim waits on a deduction row another session is writing,
  // and meanwhile the city raises the fee to $5.00. The other session then gives its row up, and the claim goes ahead.
  at(clock, '2026-04-15T09:00:00Z');
  const release = await holdDeductionRow(accountId, '2026-04');
  let finished = false;
  const running = autopayRun().finally(() => (finished = true));
  await untilWaitingOnLocks(env.platform.db, '%INSERT INTO autopay_deductions%', { finished: () => finished });
  await flatFee('5.00');
  await release();
  await running;

  expect(await chargedSince(before)).toEqual(['6250']);
});

it('tells a month skipped as over the maximum with the fee the run weighed, not the fee the city raised since the reminder', async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { reminderDaysBefore: 3 } });
  await flatFee('1.00');
  at(clock, '2026-04-20T18:00:00Z');
  await openAccountWithBill(env.platform, '10-7102-00', '70.00');
  const omar = await newCustomer(env.platform, { email: 'omar.lowered@example.com', accounts: ['10-7102-00'] });
  const me = await omar.client();
  const serviceAccountId = omar.accounts['10-7102-00']!;
  expect((await enroll(me, { serviceAccountId, paymentMethodId: omar.cardId, maxAmount: '75.00' })).userErrors).toEqual([]);

  // May's reminder announces $70.00 and the $1.00 fee.
  at(clock, '2026-05-12T15:10:00Z');
  await autopayRun();
  expect((await autopayNotices(env.platform, 'norwalk', omar.email)).map((n) => n.template)).toContain('AUTOPAY_REMINDER');
  // Then the city raises its fee to $3.00, and Omar lowers his maximum to $70.50: $70.00 and the $1.00 the deduction
  // would take are more than it, so May is skipped.
  await flatFee('3.00');
  const { updateAutopay } = await (await omar.client()).data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId, paymentMethodId: omar.cardId, maxAmount: '70.50' } });
  expect(updateAutopay.userErrors).toEqual([]);

  at(clock, '2026-05-15T18:00:00Z');
  await autopayRun();
  const skipped = (await autopayNotices(env.platform, 'norwalk', omar.email)).find((n) => n.template === 'AUTOPAY_SKIPPED');
  // Before: "is, with the $3.00 fee, more than your autopay maximum": a fee this deduction would never have taken.
  expect(skipped?.data.message).toContain('is, with the $1.00 fee, more than your autopay maximum of $70.50.');
});

/** Inserts a city's deduction row for this account and cycle in a transaction of the test's own, rolled back (the row never was) when the returned function is called. */
async function holdDeductionRow(accountId: string, cycle: string): Promise<() => Promise<void>> {
  const runner = env.platform.db.createQueryRunner();
  await runner.startTransaction();
  await runner.query(`SELECT set_config('app.tenant_id', (SELECT id::text FROM tenants WHERE slug = 'norwalk'), true)`);
  await runner.query(
    `INSERT INTO autopay_deductions (tenant_id, service_account_id, cycle, deduction_date, status, attempts, updated_at)
     SELECT tenant_id, service_account_id, $2, ($2 || '-15')::date, 'SKIPPED', 0, now() FROM autopay_enrollments WHERE service_account_id = $1`,
    [accountId, cycle],
  );
  return async () => {
    await runner.rollbackTransaction();
    await runner.release();
  };
}
