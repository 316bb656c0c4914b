import { autopayPlatform } from './autopay-platform';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import {
  CARDS,
  RUN_AUTOPAY,
  RUNS,
  UPDATE,
  at,
  autopayNotices,
  autopayPayments,
  enroll,
  myAccounts,
  newCustomer,
  openAccountWithBill,
  processorCharges,
  saveCard,
  type AutopayPayload,
  type Customer,
  type OutcomeShape,
  type RunShape,
} from './autopay-api';

/*
 * One Norwalk month (deduction on the 15th, retries 3 and 7 days later,
 * reminders 3 days before) with every way a deduction can go: charged,
 * declined three times then suspended, over the customer's maximum, over
 * the city's limit on one payment, nothing due, a closed account, an
 * unlinked one, and a card that expires before April's deduction.
 */

const env = autopayPlatform('2026-03-10T18:00:00Z');
const { clock, autopayRun } = env;
/** Visa card expiring this month: good for March 15, not for April 15. */
let robert: Customer;
/** Spanish-speaking; a card that is always declined. */
let ana: Customer;
/** At most $100.00 a month. */
let lena: Customer;
/** An account in credit. */
let kim: Customer;
/** Two new accounts: one the city closes, one he unlinks. */
let paul: Customer;
/** Spanish-speaking; owes more than the city takes in one payment ($10,000.00). */
let sofia: Customer;

/** A staff session started now: tokens last 15 minutes of the platform's clock, which these tests move by days. */
const admin = () => signInStaff(env.platform, 'norwalk', 'ADMIN');

beforeAll(async () => {
  await openAccountWithBill(env.platform, '10-2001-00', '60.00');
  await openAccountWithBill(env.platform, '10-2002-00', '70.00');
  await openAccountWithBill(env.platform, '10-2003-00', '12000.00');
  robert = await newCustomer(env.platform, { email: 'robert@example.com', accounts: ['10-1001-00'], expMonth: 3, expYear: 2026 });
  ana = await newCustomer(env.platform, { email: 'ana@example.com', accounts: ['10-1003-00'], card: CARDS.genericDecline, locale: 'ES' });
  lena = await newCustomer(env.platform, { email: 'lena@example.com', accounts: ['10-1002-00'] });
  kim = await newCustomer(env.platform, { email: 'kim@example.com', accounts: ['10-1004-00'] });
  paul = await newCustomer(env.platform, { email: 'paul@example.com', accounts: ['10-2001-00', '10-2002-00'] });
  sofia = await newCustomer(env.platform, { email: 'sofia@example.com', accounts: ['10-2003-00'], locale: 'ES' });

  for (const [customer, accountNumber, maxAmount] of [
    [robert, '10-1001-00', null],
    [ana, '10-1003-00', null],
    [lena, '10-1002-00', '100.00'],
    [kim, '10-1004-00', null],
    [paul, '10-2001-00', null],
    [paul, '10-2002-00', null],
    [sofia, '10-2003-00', null],
  ] as const) {
    const result = await enroll(await customer.client(), { serviceAccountId: customer.accounts[accountNumber]!, paymentMethodId: customer.cardId, maxAmount });
    expect([accountNumber, result.userErrors]).toEqual([accountNumber, []]);
  }
  const closed = await (
    await admin()
  ).data<{ closeServiceAccount: { userErrors: unknown[] } }>('mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { userErrors { code } } }', {
    id: paul.accounts['10-2001-00'],
  });
  expect(closed.closeServiceAccount.userErrors).toEqual([]);
  const unlinked = await (
    await paul.client()
  ).data<{ unlinkServiceAccount: { userErrors: unknown[] } }>('mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }', {
    id: paul.accounts['10-2002-00'],
  });
  expect(unlinked.unlinkServiceAccount.userErrors).toEqual([]);
});

const outcomesOf = (run: RunShape) => Object.fromEntries(run.outcomes.edges.map((e) => e.node).map((o) => [o.accountNumber, o]));
async function latestRun(): Promise<RunShape> {
  const { autopayRuns } = await (await admin()).data<{ autopayRuns: { edges: { node: RunShape }[] } }>(RUNS);
  return autopayRuns.edges[0]!.node;
}
const templates = async (customer: Customer) => (await autopayNotices(env.platform, 'norwalk', customer.email)).map((n) => n.template);
const enrolmentStatus = async (accountNumber: string) =>
  (
    await tenantRows<{ status: string }>(env.platform, 'norwalk', 'SELECT e.status FROM autopay_enrollments e JOIN service_accounts a ON a.id = e.service_account_id WHERE a.account_number = $1', [
      accountNumber,
    ])
  )[0]?.status;
/** Every notice in the city's outbox that autopay did not pay a cycle, by recipient. */
const skipNotices = () =>
  tenantRows<{ recipient: string; locale: string; data: Record<string, string> }>(
    env.platform,
    'norwalk',
    `SELECT recipient, locale, data FROM notification_outbox WHERE template = 'AUTOPAY_SKIPPED' AND channel = 'EMAIL' ORDER BY recipient`,
  );

describe('reminders', () => {
  it('tell each customer what will be taken, and warn when it is more than their maximum; nothing due, no reminder', async () => {
    at(clock, '2026-03-12T15:10:00Z');
    await autopayRun();
    const [toLena] = await autopayNotices(env.platform, 'norwalk', lena.email);
    expect(toLena).toMatchObject({ template: 'AUTOPAY_REMINDER', data: { amount: '$313.00', exceedsMaximum: 'true', last4: '4242' } });
    expect(toLena!.data.message).toBe(
      'Autopay would take $313.00 for account 10-1002-00, more than your autopay maximum of $100.00, so it will not pay it on March 15, 2026. Please make a one-time payment.',
    );
    const [toAna] = await autopayNotices(env.platform, 'norwalk', ana.email);
    expect(toAna).toMatchObject({ template: 'AUTOPAY_REMINDER', locale: 'es', data: { amount: '$346.55', last4: '0002' } });
    expect(toAna!.data.message).toBe('Su pago automático de $346.55 para la cuenta 10-1003-00 se cargará a su Visa terminada en 0 0 0 2 el 15 de marzo de 2026.');
    expect(await templates(kim)).toEqual([]);
  });

  it('promise nothing for an account the city has closed, or one the customer unlinked', async () => {
    expect(await templates(paul)).toEqual([]);
    // Nor does the account: the run will end its autopay without charging.
    expect((await myAccounts(await paul.client()))['10-2001-00']!.autopay).toMatchObject({ status: 'NOT_ENROLLED', method: null, nextDeductionDate: null });
  });
});

describe("March 15's run", () => {
  let outcomes: Record<string, OutcomeShape>;
  beforeAll(async () => {
    at(clock, '2026-03-15T07:10:00Z');
    await autopayRun();
    outcomes = outcomesOf(await latestRun());
  });

  it('charges what is due, and records a reason for every account it skips', () => {
    expect(Object.fromEntries(Object.entries(outcomes).map(([number, o]) => [number, [o.kind, o.reason, o.amount?.amount ?? null]]))).toEqual({
      '10-1001-00': ['CHARGED', null, '88.05'],
      '10-1002-00': ['SKIPPED', 'OVER_MAXIMUM', null],
      '10-1003-00': ['FAILED', 'GENERIC_DECLINE', '346.55'],
      '10-1004-00': ['SKIPPED', 'NOTHING_DUE', null],
      '10-2001-00': ['SKIPPED', 'ACCOUNT_CLOSED', null],
      '10-2002-00': ['SKIPPED', 'ACCOUNT_UNLINKED', null],
      '10-2003-00': ['SKIPPED', 'OVER_PAYMENT_LIMIT', null],
    });
  });

  it('ends the enrolment of a closed account, as of an unlinked one, so no month promises or skips it again', async () => {
    expect([await enrolmentStatus('10-2001-00'), await enrolmentStatus('10-2002-00')]).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it('tells the customers it skipped with money owed that it did not pay, how much and why, once however often it runs', async () => {
    await autopayRun();
    clock.advance(60_000);
    const rerun = await (await admin()).data<{ runAutopay: { userErrors: unknown[] } }>(RUN_AUTOPAY, { date: '2026-03-15' });
    expect(rerun.runAutopay.userErrors).toEqual([]);
    // Nobody charged, declined, owing nothing or unlinked is told: only these three, the closed account's final bill still owed.
    const notices = await skipNotices();
    expect(notices.map((n) => [n.recipient, n.locale, n.data.reason, n.data.amount, n.data.accountNumber, n.data.last4])).toEqual([
      ['lena@example.com', 'en', 'OVER_MAXIMUM', '$313.00', '10-1002-00', '4242'],
      ['paul@example.com', 'en', 'ACCOUNT_CLOSED', '$60.00', '10-2001-00', '4242'],
      ['sofia@example.com', 'es', 'OVER_PAYMENT_LIMIT', '$12,000.00', '10-2003-00', '4242'],
    ]);
    const [toLena, toPaul, toSofia] = notices;
    expect(toPaul!.data.message).toBe(
      'Autopay did not pay account 10-2001-00 this month: the $60.00 it owes is not taken by autopay once the account is closed: its autopay has ended. Please make a one-time payment by March 22, 2026.',
    );
    // The demo account's bills are dated from the day the test database was seeded: its due date is whatever that made it.
    expect(toLena!.data.message).toMatch(
      /^Autopay did not pay account 10-1002-00 this month: the \$313\.00 it owes is more than your autopay maximum of \$100\.00\. Please make a one-time payment( by \w+ \d+, \d{4})?\.$/,
    );
    expect(toSofia!.data).toMatchObject({ dueDate: '2026-03-22' });
    expect(toSofia!.data.message).toBe(
      'El pago automático no pagó la cuenta 10-2003-00 este mes: los $12,000.00 que debe superan los $10,000.00 que la ciudad acepta en un solo pago. Páguelo a más tardar el 22 de marzo de 2026, en partes de $10,000.00 o menos.',
    );
  });

  it('only charged the one it should have', async () => {
    expect((await processorCharges(env.platform)).map((c) => c.amount)).toEqual(['8805']);
  });

  it('schedules a retry for the declined card, and tells the customer in Spanish', async () => {
    expect(outcomes['10-1003-00']).toMatchObject({ attempt: 1, nextAttemptOn: '2026-03-18' });
    const failed = (await autopayNotices(env.platform, 'norwalk', ana.email)).filter((n) => n.template === 'AUTOPAY_FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ locale: 'es', data: { declineCode: 'GENERIC_DECLINE', nextAttemptOn: '2026-03-18', amount: '$346.55' } });
    expect(failed[0]!.data.message).toBe(
      'Su pago automático de $346.55 para la cuenta 10-1003-00 con su Visa terminada en 0 0 0 2 no se realizó: La tarjeta fue rechazada. Use otra tarjeta u otro método de pago. Lo intentaremos de nuevo el 18 de marzo de 2026.',
    );
    expect((await myAccounts(await ana.client()))['10-1003-00']?.autopay.status).toBe('ENROLLED');
  });

  it('warns, once, that the card will have expired by the next deduction', async () => {
    await autopayRun();
    const expiring = (await autopayNotices(env.platform, 'norwalk', robert.email)).filter((n) => n.template === 'AUTOPAY_CARD_EXPIRING');
    expect(expiring).toHaveLength(1);
    expect(expiring[0]).toMatchObject({ data: { last4: '4242', deductionDate: '2026-04-15' } });
    expect(expiring[0]!.data.message).toBe(
      'Your Visa ending in 4 2 4 2, which autopay uses for account 10-1001-00, expires before the next automatic payment on April 15, 2026. Please update your autopay payment method.',
    );
    expect((await myAccounts(await robert.client()))['10-1001-00']?.autopay.method).toMatchObject({ expMonth: 3, expYear: 2026, expiresBeforeNextDeduction: true });
  });
});

describe('a card that keeps being declined', () => {
  it('is retried on the 18th and the 22nd, then autopay is suspended, with a notice for each failure and for the suspension', async () => {
    at(clock, '2026-03-18T07:10:00Z');
    await autopayRun();
    expect(outcomesOf(await latestRun())['10-1003-00']).toMatchObject({ kind: 'FAILED', attempt: 2, nextAttemptOn: '2026-03-22' });
    at(clock, '2026-03-20T07:10:00Z');
    await autopayRun();
    at(clock, '2026-03-22T07:10:00Z');
    await autopayRun();
    await autopayRun();
    const last = (await latestRun()).outcomes.edges.map((e) => e.node).filter((o) => o.accountNumber === '10-1003-00');
    expect(last.map((o) => [o.kind, o.attempt, o.reason, o.nextAttemptOn])).toEqual([
      ['FAILED', 3, 'GENERIC_DECLINE', null],
      ['SUSPENDED', 3, 'PAYMENT_FAILED', null],
    ]);

    const payments = (await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === ana.accounts['10-1003-00']);
    expect(payments.map((p) => [p.status, p.idempotency_key.split('/').slice(2).join('/')])).toEqual([
      ['DECLINED', '2026-03/1'],
      ['DECLINED', '2026-03/2'],
      ['DECLINED', '2026-03/3'],
    ]);
    // The last failure and the suspension are written together, at the same moment.
    expect((await templates(ana)).sort()).toEqual(['AUTOPAY_FAILED', 'AUTOPAY_FAILED', 'AUTOPAY_FAILED', 'AUTOPAY_REMINDER', 'AUTOPAY_SUSPENDED']);
    const suspended = (await autopayNotices(env.platform, 'norwalk', ana.email)).find((n) => n.template === 'AUTOPAY_SUSPENDED')!;
    expect(suspended).toMatchObject({ locale: 'es', data: { reason: 'PAYMENT_FAILED' } });
    expect(suspended.data.message).toBe(
      'El pago automático de la cuenta 10-1003-00 está suspendido porque el pago falló en todos los intentos. Actualice su método de pago automático y haga un pago único por lo pendiente.',
    );
    expect((await myAccounts(await ana.client()))['10-1003-00']?.autopay).toMatchObject({
      status: 'SUSPENDED',
      label: 'Auto Pay: Suspended',
      suspendedReason: 'PAYMENT_FAILED',
      nextDeductionDate: null,
    });
  });

  it('starts again when the customer changes the card, from the next deduction on', async () => {
    at(clock, '2026-03-25T18:00:00Z');
    const me = (await ana.client()).withHeaders({ 'accept-language': 'es' });
    const cardId = await saveCard(env.platform, me, CARDS.visa);
    const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: ana.accounts['10-1003-00'], paymentMethodId: cardId } });
    expect(updateAutopay).toMatchObject({
      userErrors: [],
      currentCycleCovered: false,
      firstDeductionDate: '2026-04-15',
      autopay: { status: 'ENROLLED', label: 'Pago automático: Inscrito', suspendedReason: null, method: { last4: '4242' } },
    });
    expect(updateAutopay.notice).toBe(
      'El pago automático de este mes ya se realizó, así que no pagará los $346.55 pendientes ahora: haga un pago único por ese importe. El pago automático comienza el 15 de abril de 2026.',
    );
  });
});

describe("April 15's run", () => {
  it('suspends autopay on the expired card before trying it, with a notice, and charges the renewed one', async () => {
    at(clock, '2026-04-01T18:00:00Z'); // April's bill, imported the day it is issued
    await (await admin()).data(IMPORT_LIST, { bills: [{ billNumber: 'APR-1001', accountNumber: '10-1001-00', issueDate: '2026-04-01', dueDate: '2026-04-22', water: '90.00' }] });
    const chargesBefore = (await processorCharges(env.platform)).length;
    at(clock, '2026-04-15T07:10:00Z');
    await autopayRun();
    const outcomes = outcomesOf(await latestRun());
    expect(outcomes['10-1001-00']).toMatchObject({ kind: 'SUSPENDED', reason: 'CARD_EXPIRED', paymentId: null });
    expect(outcomes['10-1003-00']).toMatchObject({ kind: 'CHARGED', amount: { amount: '346.55' } });
    expect((await processorCharges(env.platform)).slice(chargesBefore).map((c) => c.amount)).toEqual(['34655']);
    expect((await autopayPayments(env.platform, 'norwalk')).filter((p) => p.service_account_id === robert.accounts['10-1001-00'])).toHaveLength(1);

    expect(await templates(robert)).toEqual(['AUTOPAY_REMINDER', 'AUTOPAY_CARD_EXPIRING', 'AUTOPAY_SUSPENDED']);
    const suspended = (await autopayNotices(env.platform, 'norwalk', robert.email)).at(-1)!;
    expect(suspended.data.message).toBe(
      'Autopay for account 10-1001-00 is suspended because your Visa ending in 4 2 4 2 has expired. Please update your autopay payment method, and make a one-time payment for what is due.',
    );
    expect((await myAccounts(await robert.client()))['10-1001-00']?.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'CARD_EXPIRED' });
  });

  it('neither reminds of nor skips the closed and unlinked accounts again, and tells of each skipped cycle once', async () => {
    const april = await latestRun();
    expect([outcomesOf(april)['10-2001-00'], outcomesOf(april)['10-2002-00']]).toEqual([undefined, undefined]);
    // Only March's word that the closed account's autopay ended.
    expect(await templates(paul)).toEqual(['AUTOPAY_SKIPPED']);
    expect((await skipNotices()).map((n) => [n.recipient, n.data.reason])).toEqual([
      ['lena@example.com', 'OVER_MAXIMUM'],
      ['lena@example.com', 'OVER_MAXIMUM'],
      ['paul@example.com', 'ACCOUNT_CLOSED'],
      ['sofia@example.com', 'OVER_PAYMENT_LIMIT'],
      ['sofia@example.com', 'OVER_PAYMENT_LIMIT'],
    ]);
  });

  it('keeps the history of every run append-only', async () => {
    await expect(tenantRows(env.platform, 'norwalk', 'UPDATE autopay_outcomes SET reason = NULL')).rejects.toThrow(/append-only/);
    await expect(tenantRows(env.platform, 'norwalk', 'DELETE FROM autopay_notices')).rejects.toThrow(/append-only/);
  });
});

describe('notices never carry a card number', () => {
  it('only the last four digits reach the outbox', async () => {
    const rows = await tenantRows<{ data: string }>(env.platform, 'norwalk', `SELECT data::text FROM notification_outbox WHERE template LIKE 'AUTOPAY_%'`);
    expect(rows.length).toBeGreaterThan(0);
    for (const number of Object.values(CARDS)) expect(rows.map((r) => r.data).join('\n')).not.toContain(number);
  });
});
