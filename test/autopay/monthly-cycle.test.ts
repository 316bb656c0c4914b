import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, cursorParts, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { ENROLLMENTS, RUN_AUTOPAY, RUNS, at, autopayNotices, autopayPayments, enroll, myAccounts, newCustomer, processorCharges, statementsDuring, type Customer, type RunShape } from './autopay-api';

/*
 * Norwalk deducts on the 15th, in Los Angeles time (UTC-7 from March 8,
 * 2026). Maria enrols on March 10 and is charged on the 15th; James enrols on
 * March 20, after this month's deduction, and is charged from April on.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
let maria: Customer;
let james: Customer;
beforeAll(async () => {
  maria = await newCustomer(env.platform, { email: 'maria@example.com', accounts: ['10-1001-00'] });
  james = await newCustomer(env.platform, { email: 'james@example.com', accounts: ['10-1002-00'] });
});

describe('enrolling before the deduction day', () => {
  it('covers this month, and says so with the amount and the date', async () => {
    const me = await maria.client();
    const result = await enroll(me, { serviceAccountId: maria.accounts['10-1001-00']!, paymentMethodId: maria.cardId });
    expect(result).toMatchObject({
      userErrors: [],
      currentCycleCovered: true,
      amountDue: { amount: '88.05', formatted: '$88.05' },
      firstDeductionDate: '2026-03-15',
      notice: 'Autopay will pay the $88.05 due on March 15, 2026.',
      autopay: {
        status: 'ENROLLED',
        label: 'Auto Pay: Enrolled',
        method: { kind: 'CARD', brand: 'VISA', last4: '4242', expiresBeforeNextDeduction: false },
        nextDeductionDate: '2026-03-15',
        maxAmount: null,
      },
    });
    const accounts = await myAccounts(me);
    expect(accounts['10-1001-00']?.autopay).toMatchObject({ status: 'ENROLLED', label: 'Auto Pay: Enrolled', nextDeductionDate: '2026-03-15' });
  });

  it('reminds the customer three days before, with the amount and the last four digits', async () => {
    at(clock, '2026-03-11T18:00:00Z');
    await autopayRun();
    expect(await autopayNotices(env.platform, 'norwalk', maria.email)).toEqual([]);
    at(clock, '2026-03-12T15:10:00Z');
    await autopayRun();
    await autopayRun();
    const notices = await autopayNotices(env.platform, 'norwalk', maria.email);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      template: 'AUTOPAY_REMINDER',
      locale: 'en',
      data: { accountNumber: '10-1001-00', amount: '$88.05', last4: '4242', deductionDate: '2026-03-15', exceedsMaximum: 'false' },
    });
    expect(notices[0]!.data.message).toBe('Your automatic payment of $88.05 for account 10-1001-00 will be charged to your Visa ending in 4 2 4 2 on March 15, 2026.');
  });

  it('does not charge before the deduction day has begun in the city', async () => {
    // 23:30 on the 14th in Los Angeles, already the 15th in UTC.
    at(clock, '2026-03-15T06:30:00Z');
    await autopayRun();
    expect(await processorCharges(env.platform)).toEqual([]);
  });

  it('charges everything due at the start of the 15th, once, through the payments service', async () => {
    at(clock, '2026-03-15T07:10:00Z');
    await autopayRun();
    await autopayRun();
    const charges = await processorCharges(env.platform);
    expect(charges.map((c) => c.amount)).toEqual(['8805']);
    const payments = await autopayPayments(env.platform, 'norwalk');
    expect(payments).toEqual([expect.objectContaining({ status: 'CAPTURED', service_account_id: maria.accounts['10-1001-00'], amount_cents: '8805' })]);
    expect(charges[0]!.idempotencyKey).toBe(`payment-${payments[0]!.id}`);
    // Charged as the reminder said: no notice that autopay did not pay.
    expect((await autopayNotices(env.platform, 'norwalk', maria.email)).map((n) => n.template)).toEqual(['AUTOPAY_REMINDER']);

    const me = await maria.client();
    const accounts = await myAccounts(me);
    expect(accounts['10-1001-00']).toMatchObject({ balance: { amountDueNow: { amount: '0.00' } }, autopay: { status: 'ENROLLED', nextDeductionDate: '2026-04-15' } });
    // The customer's own history and receipt, as for any payment.
    const { viewer } = await me.data<{ viewer: { payments: { edges: { node: { status: string; total: { amount: string } } }[] } } }>(
      '{ viewer { payments { edges { node { status total { amount } } } } } }',
    );
    expect(viewer.payments.edges.map((e) => e.node)).toEqual([{ status: 'CAPTURED', total: { amount: '88.05' } }]);
  });
});

describe('enrolling after the deduction day', () => {
  it('does not cover this month: the payload says so, with the amount due and the first autopay date', async () => {
    at(clock, '2026-03-20T18:00:00Z');
    const result = await enroll(await james.client(), { serviceAccountId: james.accounts['10-1002-00']!, paymentMethodId: james.cardId });
    expect(result).toMatchObject({
      userErrors: [],
      currentCycleCovered: false,
      amountDue: { amount: '313.00' },
      firstDeductionDate: '2026-04-15',
      autopay: { status: 'ENROLLED', nextDeductionDate: '2026-04-15' },
    });
    expect(result.notice).toBe("This month's automatic payment has already run, so autopay will not pay the $313.00 due now: please make a one-time payment for it. Autopay starts on April 15, 2026.");
  });

  it('is not charged this month, however often the pass runs', async () => {
    for (const instant of ['2026-03-20T19:10:00Z', '2026-03-31T07:10:00Z', '2026-04-14T07:10:00Z']) {
      at(clock, instant);
      await autopayRun();
    }
    expect((await processorCharges(env.platform)).map((c) => c.amount)).toEqual(['8805']);
  });

  it('is charged next month, with the other enrolments, and a rerun charges nobody twice', async () => {
    // April's bill for Maria's account.
    const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const imported = await staff.data<{ importBills: { imported: number } }>(IMPORT_LIST, {
      bills: [{ billNumber: 'APR-1001', accountNumber: '10-1001-00', issueDate: '2026-04-01', dueDate: '2026-04-22', water: '50.00', sewer: '22.00', trash: '18.00' }],
    });
    expect(imported.importBills.imported).toBe(1);

    at(clock, '2026-04-15T07:10:00Z');
    await autopayRun();
    await autopayRun();
    clock.advance(60_000);
    const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const rerun = await admin.data<{ runAutopay: { run: RunShape; userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-04-15' });
    expect(rerun.runAutopay).toMatchObject({ userErrors: [], run: { trigger: 'STAFF', runDate: '2026-04-15', summary: { charged: 0, failed: 0, skipped: 0 } } });
    expect(rerun.runAutopay.run.finishedAt).not.toBeNull();

    expect((await processorCharges(env.platform)).map((c) => c.amount).sort()).toEqual(['31300', '8805', '9000']);
    const payments = await autopayPayments(env.platform, 'norwalk');
    expect(payments.map((p) => `${p.service_account_id} ${p.amount_cents} ${p.status}`).sort()).toEqual(
      [`${maria.accounts['10-1001-00']} 8805 CAPTURED`, `${maria.accounts['10-1001-00']} 9000 CAPTURED`, `${james.accounts['10-1002-00']} 31300 CAPTURED`].sort(),
    );
    const key = (accountId: string | undefined) => `autopay/${accountId!.replace(/-/g, '')}/2026-04/1`;
    expect(payments.map((p) => p.idempotency_key)).toEqual(expect.arrayContaining([key(james.accounts['10-1002-00']), key(maria.accounts['10-1001-00'])]));
  });

  it("shows staff every run with each account's outcome", async () => {
    const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
    const { autopayRuns } = await staff.data<{ autopayRuns: { edges: { node: RunShape }[] } }>(RUNS);
    const runs = autopayRuns.edges.map((e) => e.node);
    // Newest first: the staff rerun, April's scheduled run, March's. Passes with nothing to do left no run.
    expect(runs.map((r) => [r.trigger, r.runDate, r.summary.charged, r.summary.amountCharged.amount])).toEqual([
      ['STAFF', '2026-04-15', 0, '0.00'],
      ['SCHEDULE', '2026-04-15', 2, '403.00'],
      ['SCHEDULE', '2026-03-15', 1, '88.05'],
    ]);
    const april = runs[1]!.outcomes.edges.map((e) => e.node);
    expect(april.map((o) => [o.accountNumber, o.kind, o.amount?.amount, o.cycle, o.attempt]).sort()).toEqual([
      ['10-1001-00', 'CHARGED', '90.00', '2026-04', 1],
      ['10-1002-00', 'CHARGED', '313.00', '2026-04', 1],
    ]);
    expect(april.every((o) => o.paymentId !== null)).toBe(true);
  });

  it('reads a page of runs with their outcomes in a fixed number of statements, whatever the number of runs', async () => {
    const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
    const statements = await statementsDuring(env.platform, () => staff.data(RUNS));
    const touching = (table: string) => statements.filter((sql) => sql.includes(table)).length;
    // Three runs: one statement for their summaries and one for their outcomes, one for the outcomes' account numbers.
    expect([touching('autopay_outcomes'), touching('service_accounts')]).toEqual([2, 1]);
  });

  it("pages through a run's outcomes, and refuses a cursor no list gave out", async () => {
    const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
    const { autopayRuns } = await staff.data<{ autopayRuns: { edges: { node: { id: string } }[] } }>('{ autopayRuns(first: 2) { edges { node { id } } } }');
    const april = autopayRuns.edges[1]!.node.id;
    const PAGE = `query Page($id: UUID!, $after: String) {
      autopayRun(id: $id) { outcomes(first: 1, after: $after) { edges { cursor node { accountNumber } } pageInfo { hasNextPage endCursor } } }
    }`;
    type Page = { autopayRun: { outcomes: { edges: { node: { accountNumber: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } };
    const first = (await staff.data<Page>(PAGE, { id: april })).autopayRun.outcomes;
    const second = (await staff.data<Page>(PAGE, { id: april, after: first.pageInfo.endCursor })).autopayRun.outcomes;
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage]).toEqual([true, false]);
    expect([...first.edges, ...second.edges].map((e) => e.node.accountNumber).sort()).toEqual(['10-1001-00', '10-1002-00']);
    // The cursor says the outcome's id, not the transaction id and sequence number it is ordered by: both count every city's writes.
    const [firstOutcome] = await tenantRows<{ id: string }>(env.platform, 'norwalk', 'SELECT id FROM autopay_outcomes WHERE run_id = $1 ORDER BY xact_id, seq LIMIT 1', [april]);
    expect(cursorParts(first.pageInfo.endCursor!).slice(2)).toEqual([firstOutcome!.id]);

    for (const [document, variables] of [
      [PAGE, { id: april, after: '12' }],
      ['query Runs($after: String) { autopayRuns(after: $after) { edges { cursor } } }', { after: 'not-a-cursor' }],
      [ENROLLMENTS.replace('first: 100', 'first: 100, after: "not-a-cursor"'), {}],
    ] as const) {
      const answer = await staff.request(document, variables);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    }
  });

  it("refuses in one run's outcomes a cursor another run's outcomes gave out", async () => {
    const staff = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
    const { autopayRuns } = await staff.data<{ autopayRuns: { edges: { node: { id: string } }[] } }>('{ autopayRuns(first: 3) { edges { node { id } } } }');
    const [april, march] = [autopayRuns.edges[1]!.node.id, autopayRuns.edges[2]!.node.id];
    const PAGE = 'query Page($id: UUID!, $after: String) { autopayRun(id: $id) { outcomes(first: 1, after: $after) { edges { cursor } } } }';
    type Page = { autopayRun: { outcomes: { edges: { cursor: string }[] } } };
    const aprilCursor = (await staff.data<Page>(PAGE, { id: april })).autopayRun.outcomes.edges[0]!.cursor;
    const answer = await staff.request(PAGE, { id: march, after: aprilCursor });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });
});
