import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { VIEWER, tenantRows } from '../customers/customer-api';
import { BANK, REFUND, VOID, bankToken, cardToken, newKey, pay, voidAtProcessor, type PaymentShape } from './payments-api';

/*
 * Staff moving a resident's money is in the city's audit log: refunds, voids
 * and counter payments, each once, by the staff member, with ids and amounts
 * and nothing anyone typed. Norwalk's guests pay by card or e-check for the
 * refunds and voids; Norman's office takes the counter payments.
 */

// 10:00 in Norwalk, noon in Norman, on Monday 2026-11-23.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
/** How long the sandbox holds back the answer to a refund of $13.13; the gateway gives up on the processor well before. */
const HANG_MS = 2000;
let platform: TestPlatform;
let norwalkStaff: GraphQLTestClient;
let norwalkStaffId: string;
let normanStaff: GraphQLTestClient;
let normanStaffId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 1000, sandboxHangMs: HANG_MS });
  norwalkStaff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  norwalkStaffId = (await norwalkStaff.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
  normanStaff = await signInStaff(platform, 'norman', 'SUPPORT');
  normanStaffId = (await normanStaff.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
});
afterAll(() => platform.close());

const NORWALK_ACCOUNT = '10-1001-00';
const NORMAN_ACCOUNT = '2002-0933';
/** A reason with a personal remark in it, as staff do write: it belongs to the operation, never to the audit log. */
const REMARK = 'Caller mentioned her divorce; gave it back to end the call';

type Payload = { payment: PaymentShape | null; userErrors: { field: string[]; code: string }[] };
type Logged = { kind: string; actor: string; user_id: string | null; client_ip: string; detail: Record<string, string> };

const guestPays = async (amount: string, token: string) => {
  const paid = await pay(platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber: NORWALK_ACCOUNT, amount }], token, payerEmail: 'audit@example.com' });
  if (!paid.payment) throw new Error(`payment refused: ${JSON.stringify(paid.userErrors)}`);
  return paid.payment;
};
const refund = async (input: { paymentId: string; amount: string; reason: string; idempotencyKey: string }) => (await norwalkStaff.data<{ refundPayment: Payload }>(REFUND, { input })).refundPayment;
const voidIt = async (paymentId: string, reason = REMARK) => (await norwalkStaff.data<{ voidPayment: Payload }>(VOID, { input: { paymentId, reason } })).voidPayment;
/** The refunds and voids asked of a payment, oldest first. */
const operations = async (paymentId: string) =>
  (
    await norwalkStaff.data<{ payment: { operations: { id: string; kind: string; status: string }[] } }>('query Ops($id: UUID!) { payment(id: $id) { operations { id kind status } } }', {
      id: paymentId,
    })
  ).payment.operations;

/** Every staff money event in a city's log about one payment, smallest amount first. */
const loggedFor = (slug: string, paymentId: string) =>
  tenantRows<Logged>(
    platform,
    slug,
    `SELECT kind, actor, user_id, client_ip, detail FROM security_events
      WHERE kind IN ('PAYMENT_REFUNDED', 'PAYMENT_VOIDED', 'COUNTER_PAYMENT_RECORDED') AND detail->>'paymentId' = $1
      ORDER BY (detail->>'amountCents')::bigint`,
    [paymentId],
  );
const countOf = async (slug: string, kind: string) => Number((await tenantRows<{ n: string }>(platform, slug, 'SELECT count(*)::text AS n FROM security_events WHERE kind = $1', [kind]))[0]!.n);
/** The address a staff member signed in from: their requests' events carry the same. */
const signedInFrom = async (slug: string, userId: string) =>
  (await tenantRows<{ client_ip: string }>(platform, slug, `SELECT client_ip FROM security_events WHERE kind = 'LOGIN_SUCCEEDED' AND user_id = $1 LIMIT 1`, [userId]))[0]!.client_ip;
/** Nothing anyone typed and no account number in what the log keeps. */
function expectNothingTyped(rows: readonly Logged[], typed: readonly string[]): void {
  for (const row of rows) for (const text of typed) expect(JSON.stringify(row.detail)).not.toContain(text);
}

describe('PAYMENT_REFUNDED', () => {
  it('is written once per staff refund, by the staff member, with ids and amount; a retry under its key or a refusal writes none', async () => {
    const payment = await guestPays('50.00', await cardToken(platform));
    const first = { paymentId: payment.id, amount: '20.00', reason: REMARK, idempotencyKey: newKey('refund') };
    expect((await refund(first)).userErrors).toEqual([]);
    // The same refund again, once after it and twice at once: the first refund's answer, and no entry of their own.
    const retries = await Promise.all([refund(first), refund(first), refund(first)]);
    expect(retries.map((r) => [r.userErrors, r.payment?.refunded.amount])).toEqual([0, 1, 2].map(() => [[], '20.00']));
    // Refused: more than is left, no reason, the key reused for another amount.
    const refusals = await Promise.all([
      refund({ ...first, amount: '30.01', idempotencyKey: newKey('refund') }),
      refund({ ...first, amount: '5.00', reason: ' ', idempotencyKey: newKey('refund') }),
      refund({ ...first, amount: '5.00' }),
    ]);
    expect(refusals.map((r) => r.userErrors.map((e) => e.code))).toEqual([['REFUND_TOO_LARGE'], ['REQUIRED'], ['IDEMPOTENCY_KEY_REUSED']]);
    expect((await refund({ ...first, amount: '30.00', reason: 'Rest of it', idempotencyKey: newKey('refund') })).payment?.status).toBe('REFUNDED');

    const [partOne, partTwo] = await operations(payment.id);
    const logged = await loggedFor('norwalk', payment.id);
    const from = await signedInFrom('norwalk', norwalkStaffId);
    expect(logged).toEqual([
      { kind: 'PAYMENT_REFUNDED', actor: norwalkStaffId, user_id: null, client_ip: from, detail: { paymentId: payment.id, refundId: partOne!.id, amountCents: '2000' } },
      { kind: 'PAYMENT_REFUNDED', actor: norwalkStaffId, user_id: null, client_ip: from, detail: { paymentId: payment.id, refundId: partTwo!.id, amountCents: '3000' } },
    ]);
    expectNothingTyped(logged, [NORWALK_ACCOUNT, REMARK, 'Rest of it', payment.method.last4]);
  });

  it('is not written for a refund refused, nor while its answer is lost; it is, once, by the staff member, when reconciliation learns it went through', async () => {
    // Voided in the processor's dashboard: nothing moved, and nothing is given back (the refund finds it voided and
    // sends nothing to the processor).
    const voidedThere = await guestPays('20.00', await cardToken(platform));
    await voidAtProcessor(platform, voidedThere.id);
    const refused = await refund({ paymentId: voidedThere.id, amount: '5.00', reason: REMARK, idempotencyKey: newKey('refund') });
    expect(refused.userErrors.map((e) => e.code)).toEqual(['NOT_REFUNDABLE']);
    expect(await operations(voidedThere.id)).toEqual([]);
    expect(await loggedFor('norwalk', voidedThere.id)).toEqual([]);

    // The processor refunds $13.13 but its answer is held back past the gateway's wait: staff are told it is unconfirmed.
    const payment = await guestPays('40.00', await cardToken(platform));
    const unanswered = await refund({ paymentId: payment.id, amount: '13.13', reason: REMARK, idempotencyKey: newKey('refund') });
    expect(unanswered.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
    expect(await loggedFor('norwalk', payment.id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, HANG_MS + 200));
    clock.advance(61_000);
    try {
      await platform.runJob('payments.reconcile');
      await platform.runJob('payments.reconcile');
    } finally {
      clock.set(NOW);
    }
    const [operation] = await operations(payment.id);
    expect(operation).toMatchObject({ kind: 'REFUND', status: 'SUCCEEDED' });
    // Still the staff member's refund; the job that learned of it has no address, and is named in its place.
    expect(await loggedFor('norwalk', payment.id)).toEqual([
      { kind: 'PAYMENT_REFUNDED', actor: norwalkStaffId, user_id: null, client_ip: 'reconciliation', detail: { paymentId: payment.id, refundId: operation!.id, amountCents: '1313' } },
    ]);
  });
});

describe('PAYMENT_VOIDED', () => {
  it('is written once per staff void; none when asked again, when the payment can no longer be voided, or for a void made at the processor', async () => {
    const payment = await guestPays('12.00', await cardToken(platform));
    expect((await voidIt(payment.id)).payment?.status).toBe('VOIDED');
    expect((await voidIt(payment.id, 'again')).payment?.status).toBe('VOIDED');
    const [operation] = await operations(payment.id);
    const logged = await loggedFor('norwalk', payment.id);
    expect(logged).toEqual([
      {
        kind: 'PAYMENT_VOIDED',
        actor: norwalkStaffId,
        user_id: null,
        client_ip: await signedInFrom('norwalk', norwalkStaffId),
        detail: { paymentId: payment.id, voidId: operation!.id, amountCents: '1200' },
      },
    ]);
    expectNothingTyped(logged, [NORWALK_ACCOUNT, REMARK, payment.method.last4]);

    // Refunded in full, it can no longer be voided: the refund is logged, the refused void is not.
    const refunded = await guestPays('9.00', await cardToken(platform));
    expect((await refund({ paymentId: refunded.id, amount: '9.00', reason: REMARK, idempotencyKey: newKey('refund') })).userErrors).toEqual([]);
    expect((await voidIt(refunded.id)).userErrors.map((e) => e.code)).toEqual(['NOT_VOIDABLE']);
    expect((await loggedFor('norwalk', refunded.id)).map((row) => row.kind)).toEqual(['PAYMENT_REFUNDED']);

    // An e-check voided in the processor's own dashboard: the settlement job records the void, which no one of the city asked for.
    const echeck = await guestPays('11.00', await bankToken(platform, BANK.accounts.settles));
    await voidAtProcessor(platform, echeck.id);
    await platform.runJob('payments.settle-echecks');
    const [row] = await tenantRows<{ status: string }>(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [echeck.id]);
    expect(row).toEqual({ status: 'VOIDED' });
    expect(await loggedFor('norwalk', echeck.id)).toEqual([]);
  });
});

describe('COUNTER_PAYMENT_RECORDED', () => {
  type Recorded = { recordCounterPayment: { payment: { id: string } | null; userErrors: { field: string[]; code: string }[] } };
  const RECORD = `mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id } userErrors { field code } } }`;
  const record = async (input: Record<string, unknown>) => (await normanStaff.data<Recorded>(RECORD, { input })).recordCounterPayment;

  it('is written once per counter payment, with its method and amount; a retry under its key or a refusal writes none', async () => {
    const [account] = await tenantRows<{ id: string }>(platform, 'norman', 'SELECT id FROM service_accounts WHERE account_number = $1', [NORMAN_ACCOUNT]);
    const cash = { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: account!.id, amount: '25.00' }], method: 'CASH', cashReceived: '25.00', receivedBy: 'Pat Clerk' };
    const check = { ...cash, idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: account!.id, amount: '10.00' }], method: 'CHECK', checkNumber: '#4821', cashReceived: null };
    const before = await countOf('norman', 'COUNTER_PAYMENT_RECORDED');
    // A double click, and the check sent three times at once: one payment each.
    const [paidCash, cashAgain] = [await record(cash), await record(cash)];
    const checks = await Promise.all([record(check), record(check), record(check)]);
    expect(cashAgain.payment?.id).toBe(paidCash.payment?.id);
    expect(new Set(checks.map((c) => c.payment?.id)).size).toBe(1);
    // Refused: a check with no number, the key reused for another amount.
    const refusals = await Promise.all([
      record({ ...check, idempotencyKey: newKey('counter'), checkNumber: null }),
      record({ ...cash, allocations: [{ serviceAccountId: account!.id, amount: '26.00' }], cashReceived: '26.00' }),
    ]);
    expect(refusals.map((r) => r.userErrors.map((e) => e.code))).toEqual([['REQUIRED'], ['IDEMPOTENCY_KEY_REUSED']]);
    expect(await countOf('norman', 'COUNTER_PAYMENT_RECORDED')).toBe(before + 2);

    const cashId = paidCash.payment!.id;
    const checkId = checks[0].payment!.id;
    const from = await signedInFrom('norman', normanStaffId);
    const logged = [...(await loggedFor('norman', cashId)), ...(await loggedFor('norman', checkId))];
    expect(logged).toEqual([
      {
        kind: 'COUNTER_PAYMENT_RECORDED',
        actor: normanStaffId,
        user_id: null,
        client_ip: from,
        detail: { paymentId: cashId, amountCents: '2500', method: 'CASH', cashReceivedCents: '2500', changeCents: '0' },
      },
      { kind: 'COUNTER_PAYMENT_RECORDED', actor: normanStaffId, user_id: null, client_ip: from, detail: { paymentId: checkId, amountCents: '1000', method: 'CHECK' } },
    ]);
    expectNothingTyped(logged, [NORMAN_ACCOUNT, '4821', 'Pat Clerk']);
  });
});

describe('the audit log page', () => {
  it('shows each kind to the ADMIN with a label in the request’s language and the staff member’s name', async () => {
    const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    const payment = await guestPays('15.00', await cardToken(platform));
    expect((await refund({ paymentId: payment.id, amount: '5.00', reason: REMARK, idempotencyKey: newKey('refund') })).userErrors).toEqual([]);
    expect((await voidIt((await guestPays('6.00', await cardToken(platform))).id)).userErrors).toEqual([]);
    const staffName = (await norwalkStaff.data<{ viewer: { user: { name: string } } }>(VIEWER)).viewer.user.name;

    type Node = { kind: string; label: string; actor: string; actorName: string | null };
    type Page = { auditLog: { edges: { node: Node }[] } };
    const LOG = '{ auditLog(first: 200) { edges { node { kind label actor actorName } } } }';
    // Events at one moment come in no particular order: each kind as shown, whichever of its events.
    const shown = async (client: GraphQLTestClient, kinds: readonly string[]) => {
      const nodes = (await client.data<Page>(LOG)).auditLog.edges.map((e) => e.node).filter((n) => kinds.includes(n.kind));
      return [...new Map(nodes.map((n) => [JSON.stringify(n), n])).values()].sort((a, b) => a.kind.localeCompare(b.kind));
    };
    const MOVED = ['PAYMENT_REFUNDED', 'PAYMENT_VOIDED'];
    expect(await shown(admin, MOVED)).toEqual([
      { kind: 'PAYMENT_REFUNDED', label: 'Payment refunded by staff', actor: norwalkStaffId, actorName: staffName },
      { kind: 'PAYMENT_VOIDED', label: 'Payment voided by staff', actor: norwalkStaffId, actorName: staffName },
    ]);
    expect((await shown(admin.withHeaders({ 'accept-language': 'es' }), MOVED)).map((n) => n.label)).toEqual(['Pago reembolsado por el personal', 'Pago anulado por el personal']);

    const normanAdmin = await signInStaff(platform, 'norman', 'ADMIN');
    expect((await shown(normanAdmin, ['COUNTER_PAYMENT_RECORDED'])).map((n) => n.label)).toEqual(['Cash or check payment recorded by staff']);
  });
});
