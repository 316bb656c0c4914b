import { autopayPlatform } from './autopay-platform';
import { cardToken, newKey, pay, voidAtProcessor } from '../payments/payments-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { CANCEL, CARDS, amountDueNow, at, autopayNotices, autopayPayments, centsOf, enroll, myAccounts, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from './autopay-api';

/*
 * Maria pays part of her bill on the web early on deduction day, and the
 * processor does not answer in time: the payment is in doubt, and what she
 * owes does not show it yet. The autopay run that comes before
 * reconciliation has settled it must not charge her the whole amount; the
 * run after it charges what is left.
 */

const HANG_MS = 600;
// The gateway gives the processor 300 ms; the sandbox charges its magic amount 13.13 and holds its answer twice that,
// HANG_MS (the gateway's timer is set first, in the same process, so it always fires first).
const env = autopayPlatform('2026-03-10T18:00:00Z', { processorTimeoutMs: 300, sandboxHangMs: HANG_MS });
const { clock, autopayRun } = env;
/** Until the sandbox has given its held answer: the processor is done with the call. */
const processorDone = () => new Promise((resolve) => setTimeout(resolve, HANG_MS + 100));
let maria: Customer;
beforeAll(async () => {
  maria = await newCustomer(env.platform, { email: 'maria.doubt@example.com', accounts: ['10-1001-00'] });
  await enrolAutopay(maria, maria.accounts['10-1001-00']!);
});

const amountDue = () => amountDueNow(maria, '10-1001-00');

it('leaves an account whose payment is in doubt to a later run, which charges only what is left', async () => {
  at(clock, '2026-03-15T09:00:00Z');
  const dueBefore = centsOf(await amountDue());
  const web = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '13.13' }],
    token: await cardToken(env.platform),
    payerEmail: 'maria.doubt@example.com',
  });
  expect(web.payment?.status).toBe('UNKNOWN');
  expect(centsOf(await amountDue())).toBe(dueBefore);

  await autopayRun();
  expect(await autopayPayments(env.platform, 'norwalk')).toEqual([]);
  // A scheduled pass that had nothing it could do leaves no run behind.
  expect(await tenantRows(env.platform, 'norwalk', 'SELECT id FROM autopay_runs')).toEqual([]);

  // The held charge completes; a minute later reconciliation records it, and what she owes shows it.
  await processorDone();
  clock.advance(61_000);
  await env.platform.runJob('payments.reconcile');
  const dueAfter = centsOf(await amountDue());
  expect(BigInt(dueAfter)).toBe(BigInt(dueBefore) - 1313n);

  at(clock, '2026-03-15T10:00:00Z');
  await autopayRun();
  expect((await autopayPayments(env.platform, 'norwalk')).map((p) => [p.status, p.amount_cents])).toEqual([['CAPTURED', dueAfter]]);
});

it('takes its own charge in doubt that turns out voided at the processor as a failed attempt: retried, and the payer told', async () => {
  // Lena's only bill is the sandbox's hang amount, so autopay's own charge of it is left in doubt.
  at(clock, '2026-03-16T18:00:00Z');
  await openAccountWithBill(env.platform, '10-3001-00', '13.13');
  const lena = await newCustomer(env.platform, { email: 'lena.doubt@example.com', accounts: ['10-3001-00'] });
  const accountId = lena.accounts['10-3001-00']!;
  await enrolAutopay(lena, accountId);

  at(clock, '2026-04-15T18:00:00Z');
  await autopayRun();
  const [inDoubt] = (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId);
  expect(inDoubt).toMatchObject({ status: 'UNKNOWN', amount_cents: '1313' });

  // The charge the sandbox held completes, and is voided there; reconciliation then finds it voided.
  await processorDone();
  await voidAtProcessor(env.platform, inDoubt!.id);
  clock.advance(61_000);
  await env.platform.runJob('payments.reconcile');

  at(clock, '2026-04-15T19:00:00Z');
  await autopayRun();
  const [deduction] = await tenantRows<{ status: string; next_attempt_on: string | null }>(
    env.platform,
    'norwalk',
    `SELECT status, next_attempt_on::text FROM autopay_deductions WHERE service_account_id = $1 AND cycle = '2026-04'`,
    [accountId],
  );
  expect(deduction).toEqual({ status: 'RETRY_SCHEDULED', next_attempt_on: '2026-04-18' });
  expect((await autopayNotices(env.platform, 'norwalk', lena.email)).map((n) => n.template)).toContain('AUTOPAY_FAILED');
});

describe('a charge in doubt whose enrolment ends before it is found to have failed', () => {
  /** An account whose only bill is the sandbox's hang amount, its holder enrolled from May, and May's charge left in doubt. */
  async function mayChargeInDoubt(accountNumber: string, email: string) {
    at(clock, '2026-04-16T18:00:00Z');
    await openAccountWithBill(env.platform, accountNumber, '13.13');
    const holder = await newCustomer(env.platform, { email, accounts: [accountNumber] });
    const accountId = holder.accounts[accountNumber]!;
    await enrolAutopay(holder, accountId);
    at(clock, '2026-05-15T18:00:00Z');
    await autopayRun();
    const [inDoubt] = (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === accountId);
    expect(inDoubt).toMatchObject({ status: 'UNKNOWN', amount_cents: '1313' });
    return { holder, accountId, inDoubt: inDoubt! };
  }

  /** The held charge completes and is voided at the processor; reconciliation finds it voided, and the next hourly run records the failure. */
  async function failedAfterAll(paymentId: string) {
    await processorDone();
    await voidAtProcessor(env.platform, paymentId);
    clock.advance(61_000);
    await env.platform.runJob('payments.reconcile');
    clock.advance(60 * 60_000);
    await autopayRun();
  }

  const deductionOf = async (accountId: string) =>
    (
      await tenantRows<{ status: string; next_attempt_on: string | null }>(
        env.platform,
        'norwalk',
        `SELECT status, next_attempt_on::text FROM autopay_deductions WHERE service_account_id = $1 AND cycle = '2026-05'`,
        [accountId],
      )
    )[0];

  it('promises no retry to a payer who cancelled meanwhile: they hear it did not go through, and the cycle is over', async () => {
    const { holder, accountId, inDoubt } = await mayChargeInDoubt('10-3101-00', 'omar.cancels@example.com');
    expect((await (await holder.client()).data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: accountId })).cancelAutopay.userErrors).toEqual([]);

    await failedAfterAll(inDoubt.id);
    // Before: RETRY_SCHEDULED for May 18 and "We will try again on May 18, 2026", then that run skipped it, not enrolled.
    expect(await deductionOf(accountId)).toEqual({ status: 'SKIPPED', next_attempt_on: null });
    const failed = (await autopayNotices(env.platform, 'norwalk', holder.email)).filter((n) => n.template === 'AUTOPAY_FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data).toMatchObject({ nextAttemptOn: '' });
    expect(String(failed[0]!.data.message)).toContain('did not go through');
    expect(String(failed[0]!.data.message)).not.toContain('try again');
  });

  it('leaves the enrolment another member of the house made since, on their own card, as it is', async () => {
    const { tenant } = await env.platform.client.asTenant('norwalk').data<{ tenant: { autopayRules: { retryAfterDays: number[] } } }>('{ tenant { autopayRules { retryAfterDays } } }');
    // May's attempt is its last: its failure would suspend.
    await changeCitySettings(env.platform, 'norwalk', { autopayRules: { retryAfterDays: [] } });
    try {
      const { holder, accountId, inDoubt } = await mayChargeInDoubt('10-3102-00', 'lena.moves.out@example.com');
      expect((await (await holder.client()).data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: accountId })).cancelAutopay.userErrors).toEqual([]);
      const ben = await newCustomer(env.platform, { email: 'ben.stays@example.com', accounts: ['10-3102-00'], card: CARDS.mastercard });
      expect(await enroll(await ben.client(), { serviceAccountId: accountId, paymentMethodId: ben.cardId })).toMatchObject({ userErrors: [], firstDeductionDate: '2026-06-15' });

      await failedAfterAll(inDoubt.id);
      // Before: the last attempt's failure suspended Ben's enrolment (PAYMENT_FAILED) for Lena's card, and told Lena so.
      expect((await myAccounts(await ben.client()))['10-3102-00']!.autopay).toMatchObject({ status: 'ENROLLED' });
      expect(await deductionOf(accountId)).toEqual({ status: 'SKIPPED', next_attempt_on: null });
      expect((await autopayNotices(env.platform, 'norwalk', holder.email)).map((n) => n.template)).not.toContain('AUTOPAY_SUSPENDED');
      expect((await autopayNotices(env.platform, 'norwalk', holder.email)).map((n) => n.template)).toContain('AUTOPAY_FAILED');
      expect((await autopayNotices(env.platform, 'norwalk', ben.email)).map((n) => n.template)).not.toContain('AUTOPAY_SUSPENDED');
    } finally {
      await changeCitySettings(env.platform, 'norwalk', { autopayRules: { retryAfterDays: tenant.autopayRules.retryAfterDays } });
    }
  });
});
