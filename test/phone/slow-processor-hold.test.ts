import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { ADJUST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { VOID, processorCharges } from '../payments/payments-api';
import { callNorwalkToConfirm, callPayments, norwalkTextsTo, simulateNorwalkCall, webhookBase, type Heard, type PhoneCall } from './phone-call';

/*
 * The provider gives up on a webhook that takes longer than 15 s, and a
 * payment can wait on the processor longer than that. The line answers a
 * confirmation it cannot settle in time with "please hold" and a redirect
 * back to itself, as often as the payment needs, up to a limit; the payment
 * goes on meanwhile, and each look again is the same payment by its
 * idempotency key, never a second charge.
 *
 * Here the line answers within 100 ms and the sandbox's magic amounts hold
 * the processor's answer for 800 ms (3 s for the platform of the limit,
 * past its three waits, which took over 1.3 s in a loaded clean-clone run):
 * short, as every payment here waits them out, yet
 * long enough that a hold's answer and a hang-up after it (about 300 ms on a
 * loaded machine) come well before the processor's.
 */

const HOLD = 'Your payment is still being processed. Please stay on the line.';

const callRow = async (platform: TestPlatform, sid: string) =>
  (
    await tenantRows<{ outcome: string; step: string; ended_at_step: string | null; payment_id: string | null; holds: number | null; over: boolean }>(
      platform,
      'norwalk',
      `SELECT outcome, step, ended_at_step, payment_id, (state->>'holds')::int AS holds, state IS NULL AS over FROM phone_calls WHERE call_sid = $1`,
      [sid],
    )
  )[0];

/** `read` until `done` says its value is it (what goes on after a webhook has answered), or 10 s. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() >= end) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The processor's charges of a payment (its charge key is the payment's id). */
const chargesOf = async (platform: TestPlatform, paymentId: string) => (await processorCharges(platform)).filter((charge) => charge.idempotencyKey === `payment-${paymentId}`);

/**
 * The texts Norwalk queued for the caller once nothing is left to queue one: the webhooks sent have answered, and the
 * payments the line started have settled and written what follows (a text may be queued after a webhook has
 * answered). A second text of the same outcome (the hang-up and the payment's settling both telling it) is there by then.
 */
async function textsTo(platform: TestPlatform, call: PhoneCall) {
  await platform.settleBackgroundWork();
  return norwalkTextsTo(platform, call.from);
}

/** The answers the line gave to one key press, the provider following each redirect. */
const answersOf = (heard: Heard): Heard[] => [...heard.redirectedFrom, heard];

describe('a payment the processor is slow to answer', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ jobs: true, processorTimeoutMs: 5000, sandboxHangMs: 800, phone: { answerWithinMs: 100, maxHolds: 40 } });
  });
  afterAll(() => platform.close());

  /** A call whose caller hangs up at the hold, the provider's status callback lost: it goes on until its state expires. */
  async function heldAndLeftUntilExpired(): Promise<{ call: PhoneCall; held: Heard; paymentId: string }> {
    const call = await callNorwalkToConfirm(platform, '1313');
    call.followRedirects = false;
    const held = await call.press('1');
    expect(held.said).toEqual([HOLD]);
    await platform.settleBackgroundWork();
    const payments = await callPayments(platform, call);
    expect(payments).toEqual([{ id: expect.any(String), status: 'CAPTURED' }]);
    await tenantRows(platform, 'norwalk', "UPDATE phone_calls SET expires_at = now() - interval '1 minute' WHERE call_sid = $1", [call.sid]);
    return { call, held, paymentId: payments[0]!.id };
  }

  it('holds the caller instead of keeping the webhook past its limit, then reads the receipt: one charge', async () => {
    const call = await callNorwalkToConfirm(platform, '1313');
    const heard = await call.press('1');
    const answers = answersOf(heard);
    // The first answer comes before the processor's: a hold and a redirect, nothing decided.
    expect(answers.length).toBeGreaterThan(1);
    expect(answers[0]!.said).toEqual([HOLD]);
    expect(answers[0]!.redirect).toMatch(/^\/phone\/voice\?city=norwalk&seq=\d+&nonce=[\w-]+$/);
    expect(answers.slice(0, -1).every((answer) => answer.redirect !== null && answer.text === HOLD)).toBe(true);
    expect(heard.redirect).toBeNull();
    expect(heard.text).toContain('Your payment of $13.13 was accepted.');

    const payments = await callPayments(platform, call);
    expect(payments).toEqual([{ id: expect.any(String), status: 'CAPTURED' }]);
    expect(await chargesOf(platform, payments[0]!.id)).toHaveLength(1);
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', step: 'RECEIPT', payment_id: payments[0]!.id, holds: null });
  });

  it('puts a payment that settles after its caller hung up during a hold on the call, and texts the caller its receipt', async () => {
    const call = await callNorwalkToConfirm(platform, '1313');
    call.followRedirects = false;
    expect((await call.press('1')).said).toEqual([HOLD]);
    await call.hangUp();
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'PAYING', payment_id: null });

    const row = await until(
      () => callRow(platform, call.sid),
      (r) => r?.outcome === 'PAID',
    );
    const payments = await callPayments(platform, call);
    expect(payments).toEqual([{ id: expect.any(String), status: 'CAPTURED' }]);
    expect(row).toMatchObject({ outcome: 'PAID', ended_at_step: null, payment_id: payments[0]!.id });
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }]);
  });

  it('puts a payment that settled after its caller hung up during a hold on the call when the expiry job ends it (no status callback came), and texts its receipt', async () => {
    const { call, paymentId } = await heldAndLeftUntilExpired();
    await platform.runJob('phone.expire-calls');
    // Before: ABANDONED at PAYING, no payment on the call, and no text.
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', ended_at_step: null, payment_id: paymentId, over: true });
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }]);
  });

  it('puts a payment that settled after its caller hung up during a hold on the call, and texts its receipt, when a late webhook finds the call expired first', async () => {
    const { call, held, paymentId } = await heldAndLeftUntilExpired();
    // The provider follows the hold's redirect very late (or retries it): the caller is long gone.
    const late = await call.post(held.redirect!, call.params);
    expect({ said: late.said, hangsUp: late.hangsUp }).toEqual({ said: ['This call has timed out. Please call again. Goodbye.'], hangsUp: true });
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', ended_at_step: null, payment_id: paymentId, over: true });
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }]);
  });

  it('keeps a stopping gateway until a payment its caller holds for has settled; the call goes on at another gateway and hears it', async () => {
    const other = await platform.startAnotherGateway();
    const call = await callNorwalkToConfirm(platform, '1313');
    call.followRedirects = false;
    call.base = webhookBase(other.gateway);
    const held = await call.press('1');
    expect(held.said).toEqual([HOLD]);
    await other.close();
    // Nothing left in doubt by the stop: the charge went through and is recorded.
    const payments = await callPayments(platform, call);
    expect(payments).toEqual([{ id: expect.any(String), status: 'CAPTURED' }]);
    expect(await chargesOf(platform, payments[0]!.id)).toHaveLength(1);

    call.base = webhookBase(platform.gateway);
    expect((await call.post(held.redirect!, call.params)).text).toContain('Your payment of $13.13 was accepted.');
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', step: 'RECEIPT', payment_id: payments[0]!.id });
    expect(platform.logLines().filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it.each([
    ['the gateway that took it, which waited on it', false],
    ['another gateway, which reads it as recorded', true],
  ])('tells a caller whose payment staff voided while they held, back at %s, that it was cancelled, and takes the next card as a payment of its own', async (_where, elsewhere) => {
    const other = elsewhere ? await platform.startAnotherGateway() : null;
    const call = await callNorwalkToConfirm(platform, '1313');
    call.followRedirects = false;
    if (other) call.base = webhookBase(other.gateway);
    const held = await call.press('1');
    expect(held.said).toEqual([HOLD]);
    await other?.close();
    const [captured] = await until(
      () => callPayments(platform, call),
      (rows) => rows[0]?.status === 'CAPTURED',
    );
    const staff = await signInStaff(platform, 'norwalk');
    const { voidPayment } = await staff.data<{ voidPayment: { payment: { status: string } } }>(VOID, { input: { paymentId: captured!.id, reason: 'keyed on the wrong account' } });
    expect(voidPayment.payment.status).toBe('VOIDED');

    call.base = webhookBase(platform.gateway);
    call.followRedirects = true;
    const told = await call.post(held.redirect!, call.params);
    expect(told.said[0]).toBe('This payment was cancelled, and no money will be taken for it.');
    expect(told.text).toContain('To try a different card, press 1.');
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'IN_PROGRESS', step: 'DECLINED', payment_id: null });

    await call.press('1');
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    expect((await call.press('1')).text).toContain('Your payment of $13.13 was accepted.');
    const payments = await callPayments(platform, call);
    expect(payments).toHaveLength(2);
    const paid = payments.find((payment) => payment.id !== captured!.id);
    expect(payments).toEqual(
      expect.arrayContaining([
        { id: captured!.id, status: 'VOIDED' },
        { id: paid!.id, status: 'CAPTURED' },
      ]),
    );
    for (const payment of payments) expect(await chargesOf(platform, payment.id)).toHaveLength(1);
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', payment_id: paid!.id });
  });

  it('puts a payment that settled while its caller held on the call, and texts its receipt, when the caller hangs up before hearing it', async () => {
    const call = await callNorwalkToConfirm(platform, '1313');
    call.followRedirects = false;
    expect((await call.press('1')).said).toEqual([HOLD]);
    const [payment] = await until(
      () => callPayments(platform, call),
      (rows) => rows[0]?.status === 'CAPTURED',
    );
    await call.hangUp();
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', ended_at_step: null, payment_id: payment!.id });
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }]);
    expect(platform.logLines().filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('texts a decline given while its caller held to a caller who hangs up before hearing it, and leaves the call abandoned', async () => {
    const call = await callNorwalkToConfirm(platform, '1313', SANDBOX_TEST_CARDS.genericDecline);
    call.followRedirects = false;
    expect((await call.press('1')).said).toEqual([HOLD]);
    await until(
      () => callPayments(platform, call),
      (rows) => rows[0]?.status === 'DECLINED',
    );
    await call.hangUp();
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'PAYING', payment_id: null });
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_FAILED', amount: '$13.13' }]);
  });

  it('is followed by the phone simulator as the provider follows it: the hold, then the receipt', async () => {
    const keys = ['1', '10100100#', '2', '1313#', '1', `${SANDBOX_TEST_CARDS.visa}#`, '1230#', '123#', '90650#', '1', '3'];
    const { end, printed } = await simulateNorwalkCall(platform, keys, '+15625550199');
    expect(end).toBe('HUNG_UP_BY_LINE');
    expect(printed).toContain(HOLD);
    expect(printed.indexOf('Your payment of $13.13 was accepted.')).toBeGreaterThan(printed.indexOf(HOLD));
  });

  it('reads a decline given late after the hold, and holds the next card from the start again: the holds are per payment', async () => {
    const call = await callNorwalkToConfirm(platform, '1313', SANDBOX_TEST_CARDS.genericDecline);
    const declined = await call.press('1');
    expect(answersOf(declined)[0]!.said).toEqual([HOLD]);
    expect(declined.text).toContain('declined');
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'IN_PROGRESS', step: 'DECLINED', holds: null });

    await call.press('1');
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    const paid = await call.press('1');
    expect(answersOf(paid)[0]!.said).toEqual([HOLD]);
    expect(paid.text).toContain('Your payment of $13.13 was accepted.');
    expect((await callPayments(platform, call)).map((p) => p.status).sort()).toEqual(['CAPTURED', 'DECLINED']);
  });

  it('texts a caller who hung up during a hold that the payment was declined, and leaves the call abandoned', async () => {
    const call = await callNorwalkToConfirm(platform, '1313', SANDBOX_TEST_CARDS.genericDecline);
    call.followRedirects = false;
    expect((await call.press('1')).said).toEqual([HOLD]);
    await call.hangUp();
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_FAILED', amount: '$13.13' }]);
    expect(await callPayments(platform, call)).toEqual([{ id: expect.any(String), status: 'DECLINED' }]);
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'PAYING', payment_id: null });
  });

  it('reads a payment the processor timed out on, after the hold, as being confirmed: nothing was charged', async () => {
    const call = await callNorwalkToConfirm(platform, '1314');
    const heard = await call.press('1');
    expect(answersOf(heard)[0]!.said).toEqual([HOLD]);
    expect(heard.text).toContain('Your payment of $13.14 is being confirmed');
    const payments = await callPayments(platform, call);
    expect(payments).toEqual([{ id: expect.any(String), status: 'UNKNOWN' }]);
    expect(await chargesOf(platform, payments[0]!.id)).toEqual([]);
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', step: 'RECEIPT', payment_id: payments[0]!.id });
  });
});

describe('a payment still unanswered when the hold runs out', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // Each hold waits 400 ms for the answer: long enough for the payment to be recorded on a busy machine, and the two
    // together still end well before the processor answers (3 s).
    platform = await startTestPlatform({ processorTimeoutMs: 5000, sandboxHangMs: 3000, phone: { answerWithinMs: 400, maxHolds: 2 } });
  });
  afterAll(() => platform.close());

  it('is read as being confirmed, and goes through once: the call holds its payment', async () => {
    const call = await callNorwalkToConfirm(platform, '1313');
    const heard = await call.press('1');
    expect(answersOf(heard).map((answer) => answer.text)).toEqual([HOLD, HOLD, expect.stringContaining('Your payment of $13.13 is being confirmed')]);
    const [payment] = await callPayments(platform, call);
    expect(payment).toMatchObject({ status: 'PENDING' });
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', step: 'RECEIPT', payment_id: payment!.id });

    // The payment the first webhook started goes on without the call.
    expect(
      await until(
        () => callPayments(platform, call),
        (rows) => rows[0]?.status !== 'PENDING',
      ),
    ).toEqual([{ id: payment!.id, status: 'CAPTURED' }]);
    expect(await chargesOf(platform, payment!.id)).toHaveLength(1);
  });

  it('texts the decline of a payment read as being confirmed to a caller who asked for a text', async () => {
    const call = await callNorwalkToConfirm(platform, '1313', SANDBOX_TEST_CARDS.genericDecline);
    expect((await call.press('1')).text).toContain('Your payment of $13.13 is being confirmed');
    expect((await call.press('2')).said).toContain('We will send you a text message at the number you are calling from as soon as your payment is confirmed.');
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_FAILED', amount: '$13.13' }]);
    expect(await callPayments(platform, call)).toEqual([{ id: expect.any(String), status: 'DECLINED' }]);
  });

  it('does not tell the caller of a disconnected account that restoration was requested while the payment is being confirmed', async () => {
    // Ana's disconnected account is brought to owe $10.00 by a credit, so a $13.14 payment pays it in full.
    const [account] = await tenantRows<{ id: string; owed: string }>(
      platform,
      'norwalk',
      "SELECT a.id, (SELECT coalesce(sum(e.amount_cents), 0) FROM ledger_entries e WHERE e.service_account_id = a.id)::text AS owed FROM service_accounts a WHERE a.account_number = '10-1003-00'",
    );
    const credit = 1000n - BigInt(account!.owed);
    const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
    const adjusted = await admin.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
      input: {
        serviceAccountId: account!.id,
        kind: 'ADJUSTMENT',
        amount: `-${(-credit / 100n).toString()}.${(-credit % 100n).toString().padStart(2, '0')}`,
        memo: 'Leaves $10.00 owed',
        idempotencyKey: `adjust-${Date.now()}`,
      },
    });
    expect(adjusted.recordAccountAdjustment.userErrors).toEqual([]);

    // The sandbox holds its answer to $13.14 past the holds, then charges nothing.
    const call = await callNorwalkToConfirm(platform, '1314', SANDBOX_TEST_CARDS.visa, { account: '10100300' });
    const heard = await call.press('1');
    expect(heard.text).toContain('Your payment of $13.14 is being confirmed');
    // Before: 'Because this payment pays the full balance, restoration of service has been requested', and none was.
    expect(heard.text).not.toContain('restoration');
    const [after] = await tenantRows<{ status: string }>(platform, 'norwalk', "SELECT status FROM service_accounts WHERE account_number = '10-1003-00'");
    expect(after!.status).toBe('DISCONNECTED');
  });

  it('says plainly that it could not confirm a payment not even recorded yet, and not to pay again before checking', async () => {
    // The test before left its payment (13.14) with the processor: settled first, or its settling would wait on the lock too.
    await until(
      async () => (await tenantRows<{ n: number }>(platform, 'norwalk', `SELECT count(*)::int AS n FROM payments WHERE status = 'PENDING'`))[0]!.n,
      (n) => n === 0,
    );
    const call = await callNorwalkToConfirm(platform, '2000');
    // Another session keeps new payments out (as a stalled database would): the payment cannot record itself.
    const blocker = platform.db.createQueryRunner();
    await blocker.connect();
    let heard: Heard;
    try {
      await blocker.startTransaction();
      await blocker.query('LOCK TABLE payments IN SHARE MODE');
      heard = await call.press('1');
      expect(await callPayments(platform, call)).toEqual([]);
      // One payment waits on the lock, whatever the number of looks again: they wait on it rather than pay again.
      const [waiting] = await blocker.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'payments'::regclass AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(waiting).toEqual({ n: 1 });
      // Read while the payment still cannot record itself: let go, $20.00 is charged at once and the call turns PAID.
      expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'ENDED', ended_at_step: 'PAYING', payment_id: null });
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    expect(answersOf(heard).map((answer) => answer.text)).toEqual([HOLD, HOLD, expect.stringContaining('could not confirm your payment')]);
    expect(heard.text).toContain('before you pay again');
    expect(heard.hangsUp).toBe(true);

    // Let go, the payment the first webhook started records itself and is charged, once; the call says so, and so does a text.
    const payments = await until(
      () => callPayments(platform, call),
      (rows) => rows[0]?.status === 'CAPTURED',
    );
    expect(payments).toEqual([{ id: expect.any(String), status: 'CAPTURED' }]);
    expect(await chargesOf(platform, payments[0]!.id)).toHaveLength(1);
    expect(
      await until(
        () => callRow(platform, call.sid),
        (row) => row?.outcome === 'PAID',
      ),
    ).toMatchObject({ payment_id: payments[0]!.id, ended_at_step: null });
    expect(await textsTo(platform, call)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$20.00' }]);
  });
});

describe('a caller who hangs up while the line waits on the payment', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ phone: { answerWithinMs: 5000, maxHolds: 1 } });
  });
  afterAll(() => platform.close());

  it('gets the payment on the call and its receipt texted when it is recorded after the hang-up and goes through before the webhook stops waiting', async () => {
    const call = await callNorwalkToConfirm(platform, '2000');
    const blocker = platform.db.createQueryRunner();
    await blocker.connect();
    let answered: Promise<Heard>;
    try {
      await blocker.startTransaction();
      // The payment cannot record itself yet, so the hang-up finds none to tell of.
      await blocker.query('LOCK TABLE payments IN SHARE MODE');
      answered = call.press('1');
      await until(
        async () =>
          (
            await blocker.query(
              `SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'payments'::regclass AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            )
          )[0].n as number,
        (n) => n === 1,
      );
      await call.hangUp();
      expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'CONFIRM', payment_id: null });
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    // The webhook hears the payment within its wait, but the call has moved on without it: the hang-up moved its seq on,
    // so the webhook's answer does not bring the call back.
    expect((await answered).status).toBe(200);
    const payments = await callPayments(platform, call);
    expect(payments).toEqual([{ id: expect.any(String), status: 'CAPTURED' }]);
    expect(await callRow(platform, call.sid)).toMatchObject({ outcome: 'PAID', ended_at_step: null, payment_id: payments[0]!.id, over: true });
    expect(await norwalkTextsTo(platform, call.from)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$20.00' }]);
  });
});
