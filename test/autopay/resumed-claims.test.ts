import { autopayPlatform } from './autopay-platform';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { CANCEL, amountDueNow, at, autopayPayments, centsOf, newCustomer, processorCharges, type Customer, enrolAutopay } from './autopay-api';

/*
 * A run that claimed its attempts and stopped before any payment was
 * recorded (killed between the two commits) leaves the claims CHARGING with
 * no payment under their keys. The next run, a day later, follows them up.
 * Meanwhile Maria paid her bill in full, James cancelled autopay, and Ana
 * paid part of hers: the attempts are decided again on what is true now,
 * so nobody is charged for what the dead run meant to take.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let maria: Customer;
let james: Customer;
let ana: Customer;
/** His account is in credit; his claim is a live run's, made minutes before the next run. */
let robert: Customer;
beforeAll(async () => {
  maria = await newCustomer(env.platform, { email: 'maria.resume@example.com', accounts: ['10-1001-00'] });
  james = await newCustomer(env.platform, { email: 'james.resume@example.com', accounts: ['10-1002-00'] });
  ana = await newCustomer(env.platform, { email: 'ana.resume@example.com', accounts: ['10-1003-00'] });
  robert = await newCustomer(env.platform, { email: 'robert.resume@example.com', accounts: ['10-1004-00'] });
  for (const customer of [maria, james, ana, robert]) {
    const [accountId] = Object.values(customer.accounts);
    await enrolAutopay(customer, accountId!);
  }
});

/** The one account each customer here has. */
const accountNumberOf = (customer: Customer) => Object.keys(customer.accounts)[0]!;
const amountDue = (customer: Customer) => amountDueNow(customer, accountNumberOf(customer));

/** What a run does in its claim transaction; the run then dies before recording a payment. */
async function claimAndDie(customer: Customer, amountCents?: string): Promise<void> {
  const [accountId] = Object.values(customer.accounts);
  await tenantRows(
    env.platform,
    'norwalk',
    `INSERT INTO autopay_deductions (tenant_id, service_account_id, cycle, deduction_date, status, attempts, first_attempted_on, user_id, saved_method_id, amount_cents, updated_at)
     VALUES (current_setting('app.tenant_id')::uuid, $1, '2026-03', '2026-03-15', 'CHARGING', 1, '2026-03-15', $2, $3, $4, $5)`,
    [accountId, customer.userId, customer.cardId, amountCents ?? centsOf(await amountDue(customer)), clock.now()],
  );
}

const deductions = () =>
  tenantRows<{ service_account_id: string; status: string; attempts: number; amount_cents: string | null }>(
    env.platform,
    'norwalk',
    'SELECT service_account_id, status, attempts, amount_cents::text FROM autopay_deductions ORDER BY service_account_id',
  );

const outcomes = () =>
  tenantRows<{ service_account_id: string; kind: string; attempt: number; reason: string | null }>(
    env.platform,
    'norwalk',
    'SELECT service_account_id, kind, attempt, reason FROM autopay_outcomes ORDER BY seq',
  );

it('decides a claim left without a payment again, on what the customer owes and wants now', async () => {
  at(clock, '2026-03-15T18:00:00Z');
  for (const customer of [maria, james, ana]) await claimAndDie(customer);

  at(clock, '2026-03-16T17:00:00Z');
  const guest = env.platform.client.asTenant('norwalk');
  const paid = await pay(guest, {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: await amountDue(maria) }],
    token: await cardToken(env.platform),
    payerEmail: 'maria.resume@example.com',
  });
  expect(paid.userErrors).toEqual([]);
  const partly = await pay(guest, {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1003-00', amount: '20.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'ana.resume@example.com',
  });
  expect(partly.userErrors).toEqual([]);
  const cancelled = await (await james.client()).data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: james.accounts['10-1002-00'] });
  expect(cancelled.cancelAutopay.userErrors).toEqual([]);
  const anaDue = centsOf(await amountDue(ana));
  const chargesBefore = (await processorCharges(env.platform)).length;
  at(clock, '2026-03-16T17:55:00Z');
  await claimAndDie(robert, '1000');

  at(clock, '2026-03-16T18:00:00Z');
  await autopayRun();

  const mariaAccount = maria.accounts['10-1001-00']!;
  const jamesAccount = james.accounts['10-1002-00']!;
  const anaAccount = ana.accounts['10-1003-00']!;
  const byAccount = new Map((await deductions()).map((row) => [row.service_account_id, row]));
  // An attempt not made is not counted: the cycle is settled with none.
  expect(byAccount.get(mariaAccount)).toMatchObject({ status: 'SKIPPED', attempts: 0 });
  expect(byAccount.get(jamesAccount)).toMatchObject({ status: 'SKIPPED', attempts: 0 });
  expect(byAccount.get(anaAccount)).toMatchObject({ status: 'CHARGED', attempts: 1, amount_cents: anaDue });

  const recorded = await outcomes();
  expect(recorded.filter((o) => o.service_account_id === mariaAccount)).toEqual([{ service_account_id: mariaAccount, kind: 'SKIPPED', attempt: 0, reason: 'NOTHING_DUE' }]);
  expect(recorded.filter((o) => o.service_account_id === jamesAccount)).toEqual([{ service_account_id: jamesAccount, kind: 'SKIPPED', attempt: 0, reason: 'NOT_ENROLLED' }]);

  // One autopay charge, Ana's, for what she owes after her own payment.
  const taken = await autopayPayments(env.platform, 'norwalk');
  expect(taken.map((p) => [p.service_account_id, p.status, p.amount_cents])).toEqual([[anaAccount, 'CAPTURED', anaDue]]);
  expect((await processorCharges(env.platform)).length).toBe(chargesBefore + 1);
  expect(await amountDue(ana)).toBe('0.00');

  // Running the day again changes nothing.
  await autopayRun();
  expect(await autopayPayments(env.platform, 'norwalk')).toHaveLength(1);
});

it("leaves a claim with no payment yet to its run for an hour (a live run records a page's payments wave by wave), then decides it again", async () => {
  const robertAccount = robert.accounts['10-1004-00']!;
  const robertsDeduction = async () => (await deductions()).find((row) => row.service_account_id === robertAccount);
  // The runs of the first test, at 18:00, five minutes after his claim, left it as it was.
  expect(await robertsDeduction()).toMatchObject({ status: 'CHARGING', attempts: 1 });

  at(clock, '2026-03-16T18:54:00Z');
  await autopayRun();
  expect(await robertsDeduction()).toMatchObject({ status: 'CHARGING', attempts: 1 });

  at(clock, '2026-03-16T18:56:00Z');
  await autopayRun();
  expect(await robertsDeduction()).toMatchObject({ status: 'SKIPPED', attempts: 0 });
  expect((await outcomes()).filter((o) => o.service_account_id === robertAccount)).toEqual([{ service_account_id: robertAccount, kind: 'SKIPPED', attempt: 0, reason: 'NOTHING_DUE' }]);
  expect((await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === robertAccount)).toEqual([]);
});
