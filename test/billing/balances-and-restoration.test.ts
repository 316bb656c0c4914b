import { randomUUID } from 'node:crypto';
import { untilWaitingOnLocks } from '../db/lock-waits';
import { postPayment, recordPendingPayment, refundPayment, reversePayment, type BillingScope } from '@platform/billing';
import { withTenant } from '@platform/db';
import { findTenantBySlug, toTenantRef } from '@platform/tenants';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import type { EntityManager } from 'typeorm';
import { tenantRows } from '../customers/customer-api';
import { ADJUST, APPROVE_RESTORATION, BILL_HEADER, LOOKUP, MARK_DISCONNECTED, accountById, importCsv, openAccount, signInStaff, type BalanceShape } from './billing-api';

// Noon in Norman (America/Chicago) on 2026-11-23.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let admin: GraphQLTestClient;
let support: GraphQLTestClient;
let scope: BillingScope;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  admin = await signInStaff(platform, 'norman', 'ADMIN');
  support = await signInStaff(platform, 'norman', 'SUPPORT');
  scope = { tenant: toTenantRef((await findTenantBySlug(platform.db, 'norman'))!), clock };
});
afterAll(() => platform.close());

/** What the payments service will do: call billing's domain functions in its own Norman transaction. */
const asPayments = <T>(fn: (manager: EntityManager) => Promise<T>) => withTenant({ db: platform.db, tenant: scope.tenant }, fn);
const pay = (serviceAccountId: string, amount: bigint, paymentId = randomUUID()) =>
  asPayments((m) => recordPendingPayment(m, scope, { paymentId, allocations: [{ serviceAccountId, amountCents: amount }], madeAt: clock.now(), expectedPostingDate: '2026-11-24' })).then(
    () => paymentId,
  );
/** The scheduled job, run now through the job queue (Norman's rules: 30 days and $50.00 past due). */
const sweep = () => platform.runJob('billing.disconnection-sweep');

const balanceOf = async (id: string): Promise<BalanceShape> => (await accountById(support, id)).balance;
const figures = (b: BalanceShape) => ({
  posted: b.posted.amount,
  pending: b.pendingPayments.amount,
  due: b.amountDueNow.amount,
  credit: b.credit.amount,
  pastDue: b.pastDue.amount,
  days: b.daysPastDue,
  next: b.nextDueDate,
});
const statusOf = async (id: string) => (await accountById(support, id)).status;

describe('balances follow the ledger', () => {
  it('shows posted, pending, past due and credit as payments are made, posted, reversed and refunded', async () => {
    const account = await openAccount(support, { accountNumber: '5100-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5101,5100-0001,2026-10-01,2026-10-22,40.00,20.00,', 'N-5102,5100-0001,2026-11-10,2026-12-01,45.00,20.00,'].join('\n'));
    expect(figures(await balanceOf(account.id))).toEqual({ posted: '125.00', pending: '0.00', due: '125.00', credit: '0.00', pastDue: '60.00', days: 32, next: '2026-12-01' });

    // Paid online: pending until posting day, so nobody pays twice by mistake.
    const first = await pay(account.id, 15000n);
    expect(figures(await balanceOf(account.id))).toEqual({ posted: '125.00', pending: '150.00', due: '0.00', credit: '0.00', pastDue: '60.00', days: 32, next: '2026-12-01' });

    await asPayments((m) => postPayment(m, scope, first, 'posting-job'));
    expect(figures(await balanceOf(account.id))).toEqual({ posted: '-25.00', pending: '0.00', due: '0.00', credit: '25.00', pastDue: '0.00', days: 0, next: null });
    // Posting again (a retried job) changes nothing.
    await asPayments((m) => postPayment(m, scope, first, 'posting-job'));
    expect((await balanceOf(account.id)).posted.amount).toBe('-25.00');

    // A refund of part of it, twice with the same refund id, counts once; more than was paid is refused.
    const refundId = randomUUID();
    await asPayments((m) =>
      refundPayment(m, scope, { paymentId: first, refundId, amountCents: 2500n, memo: { kind: 'REFUNDED_BY_STAFF', reason: 'overpaid' }, actor: 'staff', accountsInOrder: [account.id] }),
    );
    await asPayments((m) =>
      refundPayment(m, scope, { paymentId: first, refundId, amountCents: 2500n, memo: { kind: 'REFUNDED_BY_STAFF', reason: 'overpaid' }, actor: 'staff', accountsInOrder: [account.id] }),
    );
    expect(figures(await balanceOf(account.id))).toMatchObject({ posted: '0.00', credit: '0.00' });
    await expect(
      asPayments((m) =>
        refundPayment(m, scope, {
          paymentId: first,
          refundId: randomUUID(),
          amountCents: 20000n,
          memo: { kind: 'REFUNDED_BY_STAFF', reason: 'too much' },
          actor: 'staff',
          accountsInOrder: [account.id],
        }),
      ),
    ).rejects.toThrow(RangeError);

    // The payment comes back (an e-check returned): what it paid, less what was refunded, is owed again, and the first bill is past due again.
    await asPayments((m) => reversePayment(m, scope, first, { kind: 'ECHECK_RETURNED', returnCode: 'R01' }, 'processor'));
    await asPayments((m) => reversePayment(m, scope, first, { kind: 'ECHECK_RETURNED', returnCode: 'R01' }, 'processor'));
    expect(figures(await balanceOf(account.id))).toEqual({ posted: '125.00', pending: '0.00', due: '125.00', credit: '0.00', pastDue: '60.00', days: 32, next: '2026-12-01' });

    const kinds = ((await accountById(support, account.id)).ledger as { edges: { node: { kind: string; amount: { amount: string } } }[] }).edges.map((e) => [e.node.kind, e.node.amount.amount]);
    expect(kinds).toEqual([
      ['PAYMENT_REVERSED', '125.00'],
      ['REFUND', '25.00'],
      ['PAYMENT_POSTED', '-150.00'],
      ['BILL_ISSUED', '65.00'],
      ['BILL_ISSUED', '60.00'],
    ]);
  });

  it('posts one entry when the same payment is posted twice at once', async () => {
    const account = await openAccount(support, { accountNumber: '5100-0002', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5201,5100-0002,2026-11-10,2026-12-01,30.00,,'].join('\n'));
    const payment = await pay(account.id, 3000n);
    await Promise.all([1, 2, 3].map(() => asPayments((m) => postPayment(m, scope, payment, 'posting-job'))));
    expect((await balanceOf(account.id)).posted.amount).toBe('0.00');
  });

  it('charges fees and makes corrections once per idempotency key', async () => {
    const account = await openAccount(support, { accountNumber: '5100-0003', city: 'Norman', region: 'OK', postalCode: '73069' });
    const input = { serviceAccountId: account.id, kind: 'FEE', amount: '25.00', memo: 'Returned payment fee', idempotencyKey: 'fee-5100-0003-1' };
    type Adjusted = { recordAccountAdjustment: { entry: { id: string } | null; userErrors: { code: string; field: string[] }[] } };
    const [a, b] = await Promise.all([admin.data<Adjusted>(ADJUST, { input }), admin.data<Adjusted>(ADJUST, { input })]);
    expect(a.recordAccountAdjustment.entry?.id).toBeDefined();
    expect(b.recordAccountAdjustment.entry?.id).toBe(a.recordAccountAdjustment.entry?.id);
    expect((await balanceOf(account.id)).posted.amount).toBe('25.00');

    const reused = await admin.data<Adjusted>(ADJUST, { input: { ...input, amount: '30.00' } });
    expect(reused.recordAccountAdjustment.userErrors[0]?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const negativeFee = await admin.data<Adjusted>(ADJUST, { input: { ...input, amount: '-5.00', idempotencyKey: 'fee-neg' } });
    expect(negativeFee.recordAccountAdjustment.userErrors[0]).toMatchObject({ field: ['input', 'amount'], code: 'INVALID_AMOUNT' });
    // A slip of the keyboard is refused either way, before anything is written: the ledger is append-only.
    for (const [kind, amount] of [
      ['FEE', '1000000.01'],
      ['ADJUSTMENT', '-999999999999999.99'],
    ]) {
      const huge = await admin.data<Adjusted>(ADJUST, { input: { ...input, kind, amount, idempotencyKey: `huge-${kind}` } });
      expect(huge.recordAccountAdjustment.userErrors).toEqual([{ field: ['input', 'amount'], code: 'INVALID_AMOUNT', message: 'At most $1,000,000.00 either way in one adjustment.' }]);
    }
    expect((await balanceOf(account.id)).posted.amount).toBe('25.00');
    const credit = await admin.data<Adjusted>(ADJUST, { input: { ...input, kind: 'ADJUSTMENT', amount: '-25.00', memo: 'Fee waived', idempotencyKey: 'waive-5100-0003' } });
    expect(credit.recordAccountAdjustment.userErrors).toEqual([]);
    expect((await balanceOf(account.id)).posted.amount).toBe('0.00');
    // Each adjustment made is in the audit log once, whatever the retries and refusals.
    const audited = await tenantRows<{ detail: Record<string, string> }>(
      platform,
      'norman',
      `SELECT detail FROM security_events WHERE kind = 'ADJUSTMENT_RECORDED' AND detail->>'serviceAccountId' = $1 ORDER BY detail->>'kind' DESC`,
      [account.id],
    );
    expect(audited.map((row) => row.detail)).toEqual([
      { serviceAccountId: account.id, kind: 'FEE', amountCents: '2500' },
      { serviceAccountId: account.id, kind: 'ADJUSTMENT', amountCents: '-2500' },
    ]);
    // Support staff cannot move money by hand.
    expect((await support.request(ADJUST, { input: { ...input, idempotencyKey: 'support-try' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records several adjustments to one account sent at once, each once', async () => {
    const account = await openAccount(support, { accountNumber: '5100-0004', city: 'Norman', region: 'OK', postalCode: '73069' });
    type Adjusted = { recordAccountAdjustment: { entry: { id: string } | null; userErrors: unknown[] } };
    const fees = ['1', '2', '3', '4', '5'].map((n) => ({ serviceAccountId: account.id, kind: 'FEE', amount: `${n}.00`, memo: `Fee ${n}`, idempotencyKey: `fee-5100-0004-${n}` }));
    const answers = await Promise.all(fees.map((input) => admin.request<Adjusted>(ADJUST, { input })));
    expect(answers.map((answer) => [answer.errors, answer.data?.recordAccountAdjustment.userErrors])).toEqual(fees.map(() => [undefined, []]));
    expect((await balanceOf(account.id)).posted.amount).toBe('15.00');
  });

  it('keeps the ledger append-only, even for the application role', async () => {
    await expect(asPayments((m) => m.query('UPDATE ledger_entries SET amount_cents = 1'))).rejects.toThrow(/append-only/);
    await expect(asPayments((m) => m.query('DELETE FROM ledger_entries'))).rejects.toThrow(/append-only/);
  });
});

describe("disconnection and restoration, Norman's way", () => {
  it('takes a past-due account through disconnection, full payment and restoration approval', async () => {
    const account = await openAccount(support, { accountNumber: '5200-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5301,5200-0001,2026-09-01,2026-09-22,50.00,30.00,', 'N-5302,5200-0001,2026-10-01,2026-10-22,45.00,30.00,'].join('\n'));
    const disconnect = () => support.data<{ markAccountDisconnected: { serviceAccount: { status: string } | null; userErrors: { code: string }[] } }>(MARK_DISCONNECTED, { id: account.id });
    const approve = () => support.data<{ approveRestoration: { serviceAccount: { status: string } | null; userErrors: { code: string }[] } }>(APPROVE_RESTORATION, { id: account.id });

    // Not eligible yet: staff cannot disconnect an account the rules have not flagged.
    expect((await disconnect()).markAccountDisconnected.userErrors[0]).toMatchObject({
      code: 'STATUS_CHANGE_NOT_ALLOWED',
      message: 'This cannot be done to an account whose status is "Active".',
    });

    // 62 days past due with $155.00 past due: the daily sweep flags it, once.
    await sweep();
    expect(await statusOf(account.id)).toBe('DISCONNECT_ELIGIBLE');
    await sweep();
    expect((await disconnect()).markAccountDisconnected).toEqual({ serviceAccount: { status: 'DISCONNECTED' }, userErrors: [] });
    expect((await approve()).approveRestoration.userErrors[0]?.code).toBe('STATUS_CHANGE_NOT_ALLOWED');

    // Part of the balance paid: still disconnected. The rest paid: restoration is requested at once.
    const partial = await pay(account.id, 10000n);
    expect(await statusOf(account.id)).toBe('DISCONNECTED');
    const rest = await pay(account.id, 5500n);
    expect(await statusOf(account.id)).toBe('RESTORATION_PENDING');

    // Staff approve only once the payment has posted ("processed and verified").
    expect((await approve()).approveRestoration.userErrors[0]?.code).toBe('PAYMENT_NOT_POSTED');
    await asPayments(async (m) => {
      await postPayment(m, scope, partial, 'posting-job');
      await postPayment(m, scope, rest, 'posting-job');
    });
    expect((await approve()).approveRestoration).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });

    const history = (await accountById(support, account.id)).statusHistory as { fromStatus: string | null; toStatus: string; reason: string; actor: string }[];
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
      [null, 'ACTIVE', 'OPENED'],
      ['ACTIVE', 'DISCONNECT_ELIGIBLE', 'PAST_DUE'],
      ['DISCONNECT_ELIGIBLE', 'DISCONNECTED', 'DISCONNECTED_FOR_NON_PAYMENT'],
      ['DISCONNECTED', 'RESTORATION_PENDING', 'PAID_IN_FULL'],
      ['RESTORATION_PENDING', 'ACTIVE', 'RESTORATION_APPROVED'],
    ]);
    const staffId = history[2]!.actor;
    expect(history[1]!.actor).toBe('system');
    expect(history[3]!.actor).toBe('system');
    expect(history[4]!.actor).toBe(staffId);
    expect(staffId).toMatch(/^[0-9a-f-]{36}$/);
    // What staff did, and only that, is in the audit log (opening the account too; not the sweep's or a payment's
    // changes, nor a refused one).
    const audited = await tenantRows<{ actor: string; detail: Record<string, string> }>(
      platform,
      'norman',
      `SELECT actor, detail FROM security_events WHERE kind = 'ACCOUNT_STATUS_CHANGED' AND detail->>'serviceAccountId' = $1 ORDER BY detail->>'reason'`,
      [account.id],
    );
    expect(audited).toEqual([
      { actor: staffId, detail: { serviceAccountId: account.id, from: 'DISCONNECT_ELIGIBLE', to: 'DISCONNECTED', reason: 'DISCONNECTED_FOR_NON_PAYMENT' } },
      { actor: staffId, detail: { serviceAccountId: account.id, to: 'ACTIVE', reason: 'OPENED' } },
      { actor: staffId, detail: { serviceAccountId: account.id, from: 'RESTORATION_PENDING', to: 'ACTIVE', reason: 'RESTORATION_APPROVED' } },
    ]);

    // Norman's look-up now asks for the last payment: the $55.00 that posted last.
    const found = await platform.client
      .asTenant('norman')
      .data<{ lookupAccount: { account: { status: string } | null } }>(LOOKUP, { input: { accountNumber: '5200-0001', lastPaymentAmount: '55.00' } });
    expect(found.lookupAccount.account?.status).toBe('ACTIVE');
  });

  it('withdraws the restoration request when the paying check comes back', async () => {
    const account = await openAccount(support, { accountNumber: '5200-0002', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5401,5200-0002,2026-09-01,2026-09-22,90.00,,'].join('\n'));
    await sweep();
    await support.data(MARK_DISCONNECTED, { id: account.id });
    const payment = await pay(account.id, 9000n);
    expect(await statusOf(account.id)).toBe('RESTORATION_PENDING');
    await asPayments((m) => reversePayment(m, scope, payment, { kind: 'ECHECK_RETURNED', returnCode: 'R02' }, 'processor'));
    expect(await statusOf(account.id)).toBe('DISCONNECTED');
  });

  it('withdraws the restoration request when the paying payment is refunded', async () => {
    const account = await openAccount(support, { accountNumber: '5200-0009', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5901,5200-0009,2026-09-01,2026-09-22,120.00,,'].join('\n'));
    await sweep();
    await support.data(MARK_DISCONNECTED, { id: account.id });
    const payment = await pay(account.id, 12000n);
    await asPayments((m) => postPayment(m, scope, payment, 'posting-job'));
    expect(await statusOf(account.id)).toBe('RESTORATION_PENDING');
    await asPayments((m) =>
      refundPayment(m, scope, {
        paymentId: payment,
        refundId: randomUUID(),
        amountCents: 12000n,
        memo: { kind: 'REFUNDED_BY_STAFF', reason: 'refund requested' },
        actor: 'staff',
        accountsInOrder: [account.id],
      }),
    );
    expect(await statusOf(account.id)).toBe('DISCONNECTED');
  });

  it('returns an eligible account to ACTIVE when it catches up before field work', async () => {
    const account = await openAccount(support, { accountNumber: '5200-0003', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5501,5200-0003,2026-09-01,2026-09-22,90.00,,'].join('\n'));
    await sweep();
    expect(await statusOf(account.id)).toBe('DISCONNECT_ELIGIBLE');
    await pay(account.id, 9000n);
    await sweep();
    expect(await statusOf(account.id)).toBe('ACTIVE');
  });

  it('counts a payment that commits while the sweep waits for the account: it is not flagged just after it was paid', async () => {
    const account = await openAccount(support, { accountNumber: '5200-0006', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5701,5200-0006,2026-09-01,2026-09-22,90.00,,'].join('\n'));
    // A payment of it all, its transaction holding the account (recordPendingPayment locks it) until told to commit.
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    const paying = asPayments(async (m) => {
      await recordPendingPayment(m, scope, { paymentId: randomUUID(), allocations: [{ serviceAccountId: account.id, amountCents: 9000n }], madeAt: clock.now(), expectedPostingDate: '2026-11-24' });
      await committing;
    });
    // The sweep finds the account owing (the payment is not committed), and must wait for it before judging it.
    const swept = sweep();
    // Committed only once the sweep waits on a lock (the account's, which the payment holds): not after a guessed time.
    await untilWaitingOnLocks(platform.db, '%');
    commit();
    await paying;
    await swept;
    expect(await statusOf(account.id)).toBe('ACTIVE');
  });

  it('has someone other than the clerk who took the cash approve the restoration it paid for (four eyes)', async () => {
    const account = await openAccount(support, { accountNumber: '5200-0010', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5951,5200-0010,2026-09-01,2026-09-22,50.00,30.00,', 'N-5952,5200-0010,2026-10-01,2026-10-22,45.00,30.00,'].join('\n'));
    await sweep();
    type Changed = { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] };
    expect((await support.data<{ markAccountDisconnected: Changed }>(MARK_DISCONNECTED, { id: account.id })).markAccountDisconnected.userErrors).toEqual([]);

    // The clerk takes the whole balance in cash at the counter: posted at once, and restoration is requested.
    const counter = await support.data<{ recordCounterPayment: { payment: { status: string } | null; userErrors: unknown[] } }>(
      'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { status } userErrors { code } } }',
      { input: { idempotencyKey: randomUUID(), allocations: [{ serviceAccountId: account.id, amount: '155.00' }], method: 'CASH', cashReceived: '155.00', receivedBy: 'Pat Clerk' } },
    );
    expect(counter.recordCounterPayment).toEqual({ payment: { status: 'POSTED' }, userErrors: [] });
    expect(await statusOf(account.id)).toBe('RESTORATION_PENDING');

    const approveAs = async (client: GraphQLTestClient) => (await client.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id: account.id })).approveRestoration;
    expect(await approveAs(support)).toEqual({
      serviceAccount: null,
      userErrors: [
        {
          field: ['serviceAccountId'],
          code: 'SECOND_STAFF_REQUIRED',
          message: 'You took the payment that paid this account, so another staff member must approve its restoration.',
        },
      ],
    });
    expect(await statusOf(account.id)).toBe('RESTORATION_PENDING');
    expect(await approveAs(admin)).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
  });

  it('leaves accounts under the minimum or not yet late enough alone', async () => {
    const small = await openAccount(support, { accountNumber: '5200-0004', city: 'Norman', region: 'OK', postalCode: '73069' });
    const recent = await openAccount(support, { accountNumber: '5200-0005', city: 'Norman', region: 'OK', postalCode: '73069' });
    await importCsv(support, [BILL_HEADER, 'N-5601,5200-0004,2026-09-01,2026-09-22,49.99,,', 'N-5602,5200-0005,2026-10-15,2026-11-01,500.00,,'].join('\n'));
    await sweep();
    expect(await statusOf(small.id)).toBe('ACTIVE');
    expect(await statusOf(recent.id)).toBe('ACTIVE');
  });
});
