import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { APPROVE_RESTORATION, BILL_HEADER, MARK_DISCONNECTED, accountById, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { VIEWER, bearer, registerCustomer, lastFinalCursor, tenantRows } from '../customers/customer-api';
import { deliverThroughCatcher } from '../notifications/notification-api';
import { startSmtpCatcher } from '../notifications/smtp-catcher';
import { VOID, newKey, type PaymentShape } from './payments-api';

/*
 * A cash or check payment recorded at Norman's counter in error is voided by
 * another staff member on the day it was taken: VOIDED, owed again, the payer
 * told, on the live feed and in the audit log, once, however often it is asked.
 */

// Noon in Norman (America/Chicago) on Monday 2026-11-23.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
/** Takes the money at the counter. */
let clerk: GraphQLTestClient;
let clerkId: string;
/** Another SUPPORT staff member: the second pair of eyes. */
let colleague: GraphQLTestClient;
let colleagueId: string;
let admin: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  clerk = await signInStaff(platform, 'norman', 'SUPPORT');
  colleague = await signInStaff(platform, 'norman', 'SUPPORT');
  admin = await signInStaff(platform, 'norman', 'ADMIN');
  const idOf = async (client: GraphQLTestClient) => (await client.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
  [clerkId, colleagueId] = [await idOf(clerk), await idOf(colleague)];
});
afterAll(() => platform.close());

/** A reason as staff write it, with a remark about the payer: it stays with the payment, never in the audit log. */
const REMARK = 'Rang up on the wrong account; the resident was upset about her neighbour';
const PAYER = 'counter-void@example.com';

type Payload = { payment: PaymentShape | null; userErrors: { field: string[]; code: string; message: string }[] };

let accounts = 0;
/** A fresh Norman account with two bills ($155.00, the first due 2026-09-22: past due beyond Norman's 30 days and $50.00). */
async function accountOwing(): Promise<string> {
  const number = `5300-${String(++accounts).padStart(4, '0')}`;
  const account = await openAccount(admin, { accountNumber: number, city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(admin, [BILL_HEADER, `N-${number}-1,${number},2026-09-01,2026-09-22,50.00,30.00,`, `N-${number}-2,${number},2026-10-01,2026-10-22,45.00,30.00,`].join('\n'));
  return account.id;
}

async function takeCash(serviceAccountId: string, amount: string): Promise<{ id: string; confirmationNumber: string }> {
  const { recordCounterPayment } = await clerk.data<{ recordCounterPayment: { payment: { id: string; confirmationNumber: string; status: string } | null; userErrors: unknown[] } }>(
    'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id confirmationNumber status } userErrors { code } } }',
    { input: { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId, amount }], method: 'CASH', cashReceived: amount, receivedBy: 'Pat Clerk', payerEmail: PAYER } },
  );
  if (recordCounterPayment.payment?.status !== 'POSTED') throw new Error(`not recorded: ${JSON.stringify(recordCounterPayment)}`);
  return recordCounterPayment.payment;
}

const voidAs = async (client: GraphQLTestClient, paymentId: string, reason = REMARK) => (await client.data<{ voidPayment: Payload }>(VOID, { input: { paymentId, reason } })).voidPayment;

interface Stored {
  status: string;
  voidable: boolean;
  history: { fromStatus: string | null; toStatus: string; actor: string; reason: string }[];
  operations: { id: string; kind: string; status: string; actor: string; reason: string }[];
}
const stored = async (paymentId: string, client = colleague): Promise<Stored> =>
  (
    await client.data<{ payment: Stored }>('query P($id: UUID!) { payment(id: $id) { status voidable history { fromStatus toStatus actor reason } operations { id kind status actor reason } } }', {
      id: paymentId,
    })
  ).payment;

const dueNow = async (serviceAccountId: string) => (await accountById(admin, serviceAccountId)).balance.amountDueNow.amount;
const statusOf = async (serviceAccountId: string) => (await accountById(admin, serviceAccountId)).status;
const count = async (sql: string, params: unknown[]) => Number((await tenantRows<{ n: string }>(platform, 'norman', `SELECT count(*)::text AS n FROM ${sql}`, params))[0]!.n);
const reversals = (paymentId: string) => count(`ledger_entries WHERE payment_id = $1 AND kind = 'PAYMENT_REVERSED'`, [paymentId]);
const voidedLogged = (paymentId: string) =>
  tenantRows<{ actor: string; client_ip: string; detail: Record<string, string> }>(
    platform,
    'norman',
    `SELECT actor, client_ip, detail FROM security_events WHERE kind = 'PAYMENT_VOIDED' AND detail->>'paymentId' = $1`,
    [paymentId],
  );
const notices = (confirmationNumber: string) =>
  tenantRows<{ template: string; recipient: string; status: string; failure_reason: string | null }>(
    platform,
    'norman',
    `SELECT template, recipient, status, failure_reason FROM notification_outbox WHERE data->>'confirmationNumber' = $1 ORDER BY created_at, template`,
    [confirmationNumber],
  );

describe('voiding a counter payment recorded in error', () => {
  it('on its day, by another staff member: VOIDED with its history, owed again, the payer told, on the feed, and one PAYMENT_VOIDED', async () => {
    const accountId = await accountOwing();
    const payment = await takeCash(accountId, '40.00');
    expect(await dueNow(accountId)).toBe('115.00');
    expect((await stored(payment.id)).voidable).toBe(true);

    const latest = await lastFinalCursor(platform, 'norman');
    const socket = colleague.openSocket();
    try {
      const feed = socket.subscribe<{ paymentFeed: { paymentId: string; status: string } }>('subscription Feed($after: String) { paymentFeed(after: $after) { paymentId status } }', {
        after: latest,
      });
      const voided = await voidAs(colleague, payment.id);
      expect(voided.userErrors).toEqual([]);
      expect(voided.payment?.status).toBe('VOIDED');
      expect((await feed.take(1)).map((event) => event.paymentFeed)).toEqual([{ paymentId: payment.id, status: 'VOIDED' }]);
    } finally {
      await socket.close();
    }

    const after = await stored(payment.id);
    expect(after.history.map((h) => [h.fromStatus, h.toStatus, h.actor])).toEqual([
      [null, 'PENDING', clerkId],
      ['PENDING', 'CAPTURED', clerkId],
      ['CAPTURED', 'POSTED', clerkId],
      ['POSTED', 'VOIDED', colleagueId],
    ]);
    expect(after.history[3]!.reason).toBe(REMARK);
    expect(after.operations).toEqual([{ id: expect.any(String), kind: 'VOID', status: 'SUCCEEDED', actor: colleagueId, reason: REMARK }]);
    expect(after.voidable).toBe(false);

    // The account owes the $40.00 again: the posting is reversed on its ledger, by the colleague.
    expect(await dueNow(accountId)).toBe('155.00');
    const ledger = ((await accountById(admin, accountId)).ledger as { edges: { node: { kind: string; amount: { amount: string }; recordedBy: string } }[] }).edges.map((e) => e.node);
    expect(ledger[0]).toMatchObject({ kind: 'PAYMENT_REVERSED', amount: { amount: '40.00' }, recordedBy: colleagueId });

    // The receipt still waiting to go out is not sent; the payer is told the payment was cancelled.
    expect(await notices(payment.confirmationNumber)).toEqual([
      { template: 'PAYMENT_RECEIPT', recipient: PAYER, status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' },
      { template: 'PAYMENT_VOIDED', recipient: PAYER, status: 'PENDING', failure_reason: null },
    ]);

    // The city's ADMIN sees who voided what, from where: ids and amount, not the reason.
    const [signedIn] = await tenantRows<{ client_ip: string }>(platform, 'norman', `SELECT client_ip FROM security_events WHERE kind = 'LOGIN_SUCCEEDED' AND user_id = $1 LIMIT 1`, [colleagueId]);
    expect(await voidedLogged(payment.id)).toEqual([{ actor: colleagueId, client_ip: signedIn!.client_ip, detail: { paymentId: payment.id, voidId: after.operations[0]!.id, amountCents: '4000' } }]);
  });

  it('reverses once: asked again, and five times at once, it answers with the voided payment', async () => {
    const accountId = await accountOwing();
    const payment = await takeCash(accountId, '25.00');
    const answers = await Promise.all(Array.from({ length: 5 }, () => voidAs(colleague, payment.id)));
    expect(answers.map((a) => [a.userErrors, a.payment?.status])).toEqual(Array.from({ length: 5 }, () => [[], 'VOIDED']));
    const again = await voidAs(admin, payment.id, 'once more');
    expect([again.userErrors, again.payment?.status]).toEqual([[], 'VOIDED']);

    expect(await reversals(payment.id)).toBe(1);
    expect(await dueNow(accountId)).toBe('155.00');
    const after = await stored(payment.id);
    expect(after.history.filter((h) => h.toStatus === 'VOIDED')).toHaveLength(1);
    expect(after.operations).toHaveLength(1);
    expect(await voidedLogged(payment.id)).toHaveLength(1);
    expect((await notices(payment.confirmationNumber)).filter((n) => n.template === 'PAYMENT_VOIDED')).toHaveLength(1);
  });

  it('is refused to the staff member who took it (four eyes), with nothing changed; another staff member voids it', async () => {
    const accountId = await accountOwing();
    const payment = await takeCash(accountId, '30.00');
    expect(await voidAs(clerk, payment.id)).toEqual({
      payment: null,
      userErrors: [{ field: ['input', 'paymentId'], code: 'SECOND_STAFF_REQUIRED', message: 'You took this payment, so another staff member must void it.' }],
    });
    expect((await stored(payment.id)).status).toBe('POSTED');
    expect(await reversals(payment.id)).toBe(0);
    expect(await dueNow(accountId)).toBe('125.00');
    expect((await voidAs(admin, payment.id)).payment?.status).toBe('VOIDED');
    expect(await dueNow(accountId)).toBe('155.00');
  });

  it('is refused after the day it was taken (city time), saying why, and nothing changes; until midnight it is still that day', async () => {
    const accountId = await accountOwing();
    const payment = await takeCash(accountId, '20.00');
    try {
      // 23:59 in Norman: still Monday. (Signed in then: the morning's sessions have expired.)
      clock.set(new Date('2026-11-24T05:59:00Z'));
      const lateShift = await signInStaff(platform, 'norman', 'SUPPORT');
      expect((await stored(payment.id, lateShift)).voidable).toBe(true);
      // Midnight in Norman: Tuesday, the day's deposit made up.
      clock.set(new Date('2026-11-24T06:00:00Z'));
      expect((await stored(payment.id, lateShift)).voidable).toBe(false);
      expect(await voidAs(lateShift, payment.id)).toEqual({
        payment: null,
        userErrors: [
          {
            field: ['input', 'paymentId'],
            code: 'NOT_VOIDABLE',
            message:
              "A cash or check payment can be voided only on the day it was taken (city time). It is now part of that day's deposit: give the money back at the office and record an adjustment on the account.",
          },
        ],
      });
    } finally {
      clock.set(NOW);
    }
    const after = await stored(payment.id);
    expect([after.status, after.history.length, after.operations]).toEqual(['POSTED', 3, []]);
    expect(await reversals(payment.id)).toBe(0);
    expect(await dueNow(accountId)).toBe('135.00');
    expect(await voidedLogged(payment.id)).toEqual([]);
    expect((await notices(payment.confirmationNumber)).map((n) => n.template)).toEqual(['PAYMENT_RECEIPT']);
  });
});

describe('a voided counter payment that paid for restoring service', () => {
  type Changed = { serviceAccount: { status: string } | null; userErrors: unknown[] };

  /** Past due, swept, disconnected by the clerk, then paid in full in cash at the counter: restoration requested. */
  async function disconnectedThenPaid(): Promise<{ accountId: string; paymentId: string }> {
    const accountId = await accountOwing();
    await platform.runJob('billing.disconnection-sweep');
    expect((await clerk.data<{ markAccountDisconnected: Changed }>(MARK_DISCONNECTED, { id: accountId })).markAccountDisconnected.userErrors).toEqual([]);
    const payment = await takeCash(accountId, '155.00');
    expect(await statusOf(accountId)).toBe('RESTORATION_PENDING');
    return { accountId, paymentId: payment.id };
  }

  it('withdraws a restoration request it opened: the account is DISCONNECTED again and owes it all, as when a payment is returned', async () => {
    const { accountId, paymentId } = await disconnectedThenPaid();
    expect((await voidAs(colleague, paymentId)).payment?.status).toBe('VOIDED');
    expect(await statusOf(accountId)).toBe('DISCONNECTED');
    expect(await dueNow(accountId)).toBe('155.00');
    const history = (await accountById(admin, accountId)).statusHistory as { toStatus: string; reason: string; actor: string }[];
    expect(history.at(-1)).toMatchObject({ toStatus: 'DISCONNECTED', reason: 'PAYMENT_RETURNED', actor: 'system' });
    // Nothing left to approve.
    expect((await admin.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id: accountId })).approveRestoration.serviceAccount).toBeNull();
  });

  it('leaves service restored already on, as a returned payment does: the account owes again, and the sweep finds it past due', async () => {
    const { accountId, paymentId } = await disconnectedThenPaid();
    expect((await admin.data<{ approveRestoration: Changed }>(APPROVE_RESTORATION, { id: accountId })).approveRestoration).toEqual({ serviceAccount: { status: 'ACTIVE' }, userErrors: [] });
    expect((await voidAs(colleague, paymentId)).payment?.status).toBe('VOIDED');
    expect(await statusOf(accountId)).toBe('ACTIVE');
    expect(await dueNow(accountId)).toBe('155.00');
    await platform.runJob('billing.disconnection-sweep');
    expect(await statusOf(accountId)).toBe('DISCONNECT_ELIGIBLE');
  });
});

describe('who may void a counter payment', () => {
  it('is city staff only: not a guest, not a resident, not another city’s staff', async () => {
    const payment = await takeCash(await accountOwing(), '10.00');
    const input = { paymentId: payment.id, reason: 'not mine to void' };
    const norman = platform.client.asTenant('norman');
    expect((await norman.request(VOID, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const { session } = await registerCustomer(norman, { username: 'void_resident', email: 'void-resident@example.com', name: 'Res Ident', phone: '405-555-0199' });
    expect((await bearer(norman, session).request(VOID, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const norwalkStaff = await signInStaff(platform, 'norwalk', 'ADMIN');
    expect((await norwalkStaff.data<{ voidPayment: Payload }>(VOID, { input })).voidPayment.userErrors.map((e) => e.code)).toEqual(['PAYMENT_NOT_FOUND']);
    const after = await stored(payment.id);
    expect([after.status, after.operations]).toEqual(['POSTED', []]);
    expect(await reversals(payment.id)).toBe(0);
  });

  it("is the platform's operator when the city has no other staff member at hand: the operator voids it, named as the actor, and takes no money itself", async () => {
    const operator = platform.operator.asTenant('norman');
    const accountId = await accountOwing();
    const payment = await takeCash(accountId, '50.00');
    expect((await voidAs(clerk, payment.id)).userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);

    const answer = await operator.request<{ voidPayment: Payload }>(VOID, { input: { paymentId: payment.id, reason: REMARK } });
    expect(answer.errors).toBeUndefined();
    expect([answer.data?.voidPayment.userErrors, answer.data?.voidPayment.payment?.status]).toEqual([[], 'VOIDED']);
    expect(await dueNow(accountId)).toBe('155.00');
    const after = await stored(payment.id);
    expect(after.history.at(-1)).toMatchObject({ fromStatus: 'POSTED', toStatus: 'VOIDED', actor: 'platform-operator' });
    expect(after.operations).toEqual([{ id: expect.any(String), kind: 'VOID', status: 'SUCCEEDED', actor: 'platform-operator', reason: REMARK }]);
    const ledger = ((await accountById(admin, accountId)).ledger as { edges: { node: { kind: string; recordedBy: string } }[] }).edges.map((e) => e.node);
    expect(ledger[0]).toMatchObject({ kind: 'PAYMENT_REVERSED', recordedBy: 'platform-operator' });
    expect((await voidedLogged(payment.id)).map((event) => event.actor)).toEqual(['platform-operator']);

    // Four eyes hold: the operator cannot take a counter payment, so it is never the one who took what it voids.
    const recorded = await operator.request('mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { userErrors { code } } }', {
      input: { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: accountId, amount: '10.00' }], method: 'CASH', cashReceived: '10.00', receivedBy: 'Operator' },
    });
    expect(recorded.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await dueNow(accountId)).toBe('155.00');
  });

  it("answers the operator's void with the payment's operations, as it answers staff's", async () => {
    const VOID_WITH_OPERATIONS = `mutation Void($input: VoidPaymentInput!) { voidPayment(input: $input) {
      payment { status operations { kind status actor reason } } userErrors { code } } }`;
    const payment = await takeCash(await accountOwing(), '50.00');
    const answer = await platform.operator.asTenant('norman').request<{ voidPayment: unknown }>(VOID_WITH_OPERATIONS, { input: { paymentId: payment.id, reason: REMARK } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.voidPayment).toEqual({
      payment: { status: 'VOIDED', operations: [{ kind: 'VOID', status: 'SUCCEEDED', actor: 'platform-operator', reason: REMARK }] },
      userErrors: [],
    });
  });
});

describe('what the payer of a voided counter payment is told', () => {
  it('that the money handed over at the office will be applied or returned, with the city’s number: not that nothing was taken and to pay again', async () => {
    const payment = await takeCash(await accountOwing(), '75.00');
    expect((await voidAs(colleague, payment.id)).payment?.status).toBe('VOIDED');

    const smtp = await startSmtpCatcher();
    try {
      const voided = (await deliverThroughCatcher(platform, smtp)).filter(
        (m) => m.envelopeTo.includes(PAYER) && m.parsed.subject === `Your payment ${payment.confirmationNumber} was cancelled - City of Norman`,
      );
      expect(voided).toHaveLength(1);
      const text = voided[0]!.parsed.text ?? '';
      expect(text).toContain(
        `The payment ${payment.confirmationNumber} of $75.00 recorded at the office on November 23, 2026 was cancelled because it was recorded in error. If you paid this amount at the office, City of Norman will apply it correctly or return it to you. If you have questions, call (405) 217-7739.`,
      );
      expect(text).not.toContain('no money will be taken');
      expect(text).not.toContain('make a new payment');
    } finally {
      await smtp.close();
    }
  });
});
