import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { accountById, signInStaff } from '../billing/billing-api';
import { VIEWER, bearer, registerCustomer, lastFinalCursor, tenantRows } from '../customers/customer-api';
import { newCustomer } from '../autopay/autopay-api';
import { REFUND, STAFF_PAYMENT, VOID, newKey, processorCharges } from './payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { untilWaitingOnLocks } from '../db/lock-waits';

// Issue 13 item 7: staff record cash and checks taken at Norman's office, as payments like any other.

let platform: TestPlatform;
let normanStaff: GraphQLTestClient;
let staffUserId: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  normanStaff = await signInStaff(platform, 'norman', 'SUPPORT');
  staffUserId = (await normanStaff.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;
});
afterAll(() => platform.close());

const COUNTER_FIELDS = `id confirmationNumber status statusLabel total { amount } receivedBy expectedPostingDate
  method { kind brand last4 checkNumber label } allocations { serviceAccountId amount { amount } }`;
const RECORD = `mutation Counter($input: RecordCounterPaymentInput!) {
  recordCounterPayment(input: $input) { payment { ${COUNTER_FIELDS} } userErrors { field code message } }
}`;
const ACCOUNTS = `query Find($search: String) { serviceAccounts(search: $search, first: 5) { edges { node { id accountNumber balance { amountDueNow { amount } } } } } }`;

interface CounterPayment {
  id: string;
  confirmationNumber: string;
  status: string;
  statusLabel: string;
  total: { amount: string };
  receivedBy: string | null;
  expectedPostingDate: string;
  method: { kind: string; brand: string | null; last4: string; checkNumber: string | null; label: string };
  allocations: { serviceAccountId: string; amount: { amount: string } }[];
}
type Recorded = { payment: CounterPayment | null; userErrors: { field: string[]; code: string; message: string }[] };

const record = async (client: GraphQLTestClient, input: Record<string, unknown>) => (await client.data<{ recordCounterPayment: Recorded }>(RECORD, { input })).recordCounterPayment;

async function accountId(client: GraphQLTestClient, accountNumber: string): Promise<string> {
  const found = await client.data<{ serviceAccounts: { edges: { node: { id: string; accountNumber: string } }[] } }>(ACCOUNTS, { search: accountNumber });
  return found.serviceAccounts.edges.find((edge) => edge.node.accountNumber === accountNumber)!.node.id;
}

const cash = (serviceAccountId: string, amount: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: newKey('counter'),
  allocations: [{ serviceAccountId, amount }],
  method: 'CASH',
  receivedBy: 'Pat Clerk',
  cashReceived: amount,
  ...extra,
});

describe('recordCounterPayment', () => {
  it('records cash as a payment like any other: posted at once, its history, events, ledger and balance, and no processor call', async () => {
    const id = await accountId(normanStaff, '2002-0933');
    const before = await accountById(normanStaff, id);
    const chargesBefore = (await processorCharges(platform)).length;
    const latest = await lastFinalCursor(platform, 'norman');
    const socket = normanStaff.openSocket();
    try {
      const feed = socket.subscribe<{ paymentFeed: { status: string; paymentId: string; payment: { method: { kind: string; label: string } } | null } }>(
        'subscription Feed($after: String) { paymentFeed(after: $after) { status paymentId payment { method { kind label } } } }',
        { after: latest },
      );
      const { payment, userErrors } = await record(normanStaff, cash(id, '50.00'));
      expect(userErrors).toEqual([]);
      expect(payment).toMatchObject({
        status: 'POSTED',
        statusLabel: 'Posted',
        total: { amount: '50.00' },
        receivedBy: 'Pat Clerk',
        method: { kind: 'CASH', brand: null, last4: '', checkNumber: null, label: 'Cash' },
        allocations: [{ serviceAccountId: id, amount: { amount: '50.00' } }],
      });
      expect(payment!.confirmationNumber).toMatch(/^[A-Z0-9-]{8,}$/);

      const events = (await feed.take(3)).map((event) => event.paymentFeed);
      expect(events.map((event) => [event.status, event.paymentId])).toEqual([
        ['PENDING', payment!.id],
        ['CAPTURED', payment!.id],
        ['POSTED', payment!.id],
      ]);
      expect(events[2]!.payment?.method).toEqual({ kind: 'CASH', label: 'Cash' });

      const { payment: stored } = await normanStaff.data<{ payment: { history: { fromStatus: string | null; toStatus: string; actor: string; reason: string }[] } }>(STAFF_PAYMENT, {
        id: payment!.id,
      });
      expect(stored.history.map((h) => [h.fromStatus, h.toStatus, h.actor])).toEqual([
        [null, 'PENDING', staffUserId],
        ['PENDING', 'CAPTURED', staffUserId],
        ['CAPTURED', 'POSTED', staffUserId],
      ]);
      expect(stored.history[1]!.reason).toBe('cash received at the counter by Pat Clerk');

      const after = await accountById(normanStaff, id);
      const ledger = (after.ledger as { edges: { node: { kind: string; amount: { amount: string }; recordedBy: string } }[] }).edges.map((e) => e.node);
      expect(ledger[0]).toMatchObject({ kind: 'PAYMENT_POSTED', amount: { amount: '-50.00' }, recordedBy: staffUserId });
      const owed = (account: typeof before) => Math.round(Number((account.balance as { posted: { amount: string } }).posted.amount) * 100);
      expect(owed(before) - owed(after)).toBe(5000);
      // Cash never goes near the processor.
      expect((await processorCharges(platform)).length).toBe(chargesBefore);
    } finally {
      await socket.close();
    }
  });

  it('records a check with its number, and queues a receipt to the account holder’s email, saying "Check #1234"', async () => {
    const norman = platform.client.asTenant('norman');
    const { session } = await registerCustomer(norman, { username: 'counter_holder', email: 'holder@example.com', name: 'Emily Johnson', phone: '405-555-0177' });
    const linked = await bearer(norman, session).data<{ linkServiceAccount: { serviceAccount: { id: string } | null } }>(
      'mutation Link($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { id } } }',
      { input: { accountNumber: '2001-0417', lastPaymentAmount: '100.65' } },
    );
    const id = linked.linkServiceAccount.serviceAccount!.id;
    const { payment, userErrors } = await record(normanStaff, cash(id, '20.00', { method: 'CHECK', checkNumber: '#1234', cashReceived: null }));
    expect(userErrors).toEqual([]);
    expect(payment!.method).toEqual({ kind: 'CHECK', brand: null, last4: '1234', checkNumber: '1234', label: 'Check #1234' });
    const receipts = await tenantRows<{ data: { confirmationNumber: string; method: string } }>(
      platform,
      'norman',
      `SELECT data FROM notification_outbox WHERE recipient = 'holder@example.com' AND template = 'PAYMENT_RECEIPT'`,
    );
    expect(receipts.map((r) => [r.data.confirmationNumber, r.data.method])).toEqual([[payment!.confirmationNumber, 'Check #1234']]);

    // The money is in the office's drawer, not at a processor: it is given back there, and the console offers no refund.
    // Recorded in error, it is voided on its day by another staff member (counter-payment-void.test.ts), not the one who took it.
    const offered = await normanStaff.data<{ payment: unknown }>('query A($id: UUID!) { payment(id: $id) { refundable voidable } }', { id: payment!.id });
    expect(offered.payment).toEqual({ refundable: false, voidable: true });
    const refund = await normanStaff.data<{ refundPayment: Recorded }>(REFUND, { input: { paymentId: payment!.id, amount: '5.00', reason: 'overpaid', idempotencyKey: newKey('refund') } });
    expect(refund.refundPayment.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'paymentId'], 'NOT_REFUNDABLE']]);
    const voided = await normanStaff.data<{ voidPayment: Recorded }>(VOID, { input: { paymentId: payment!.id, reason: 'mistake' } });
    expect(voided.voidPayment.userErrors.map((e) => e.code)).toEqual(['SECOND_STAFF_REQUIRED']);
  });

  it("sends the receipt in the account holder's language, whether the clerk types their email or leaves it blank", async () => {
    // Norwalk speaks Spanish too; it takes payments in person for this test only.
    const counterPayments = (counterPaymentsAccepted: boolean) => changeCitySettings(platform, 'norwalk', { paymentRules: { counterPaymentsAccepted } });
    await counterPayments(true);
    try {
      const ana = await newCustomer(platform, { email: 'titular@example.com', accounts: ['10-1003-00'], locale: 'ES' });
      const clerk = await signInStaff(platform, 'norwalk', 'SUPPORT');
      const blank = await record(clerk, cash(ana.accounts['10-1003-00']!, '5.00'));
      const typed = await record(clerk, cash(ana.accounts['10-1003-00']!, '6.00', { payerEmail: 'Titular@example.com' }));
      const receipts = await tenantRows<{ locale: string }>(
        platform,
        'norwalk',
        `SELECT locale FROM notification_outbox WHERE template = 'PAYMENT_RECEIPT' AND data->>'confirmationNumber' = ANY($1) ORDER BY created_at`,
        [[blank.payment!.confirmationNumber, typed.payment!.confirmationNumber]],
      );
      expect(receipts.map((r) => r.locale)).toEqual(['es', 'es']);
    } finally {
      await counterPayments(false);
    }
  });

  it('records one payment for ten concurrent requests with one key, and refuses the key for another request', async () => {
    const id = await accountId(normanStaff, '2004-2650');
    const input = cash(id, '7.25');
    const results = await Promise.all(Array.from({ length: 10 }, () => record(normanStaff, input)));
    expect(results.map((r) => r.userErrors)).toEqual(Array.from({ length: 10 }, () => []));
    expect(new Set(results.map((r) => r.payment!.id)).size).toBe(1);
    const rows = await tenantRows<{ n: string }>(platform, 'norman', 'SELECT count(*)::text AS n FROM payments WHERE idempotency_key = $1', [input.idempotencyKey]);
    expect(rows[0]!.n).toBe('1');
    const entries = await tenantRows<{ n: string }>(platform, 'norman', `SELECT count(*)::text AS n FROM ledger_entries WHERE payment_id = $1 AND kind = 'PAYMENT_POSTED'`, [results[0]!.payment!.id]);
    expect(entries[0]!.n).toBe('1');

    const reused = await record(normanStaff, { ...input, allocations: [{ serviceAccountId: id, amount: '8.00' }], cashReceived: '8.00' });
    expect(reused.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'idempotencyKey'], 'IDEMPOTENCY_KEY_REUSED']]);
  });

  it('answers the next clerk who sends a held attempt again with the payment already recorded, not a second payment or a refusal', async () => {
    // One computer at the counter: the answer to Sally's press was lost, she signed out, and Arthur sends the held form.
    const id = await accountId(normanStaff, '2004-2650');
    const input = cash(id, '25.00', { receivedBy: 'Sally, window 2' });
    const sally = await record(normanStaff, input);
    const arthur = await record(await signInStaff(platform, 'norman', 'ADMIN'), input);
    expect(arthur).toEqual({ payment: sally.payment, userErrors: [] });
    const rows = await tenantRows<{ n: string }>(platform, 'norman', 'SELECT count(*)::text AS n FROM payments WHERE idempotency_key = $1', [input.idempotencyKey]);
    expect(rows[0]!.n).toBe('1');
  });

  it('says what is wrong with each field, at its path', async () => {
    const id = await accountId(normanStaff, '2004-2650');
    const problems = async (input: Record<string, unknown>) => (await record(normanStaff, input)).userErrors.map((e) => [e.field.join('.'), e.code]);
    expect(await problems(cash(id, '1.00', { method: 'CHECK', cashReceived: null }))).toEqual([['input.checkNumber', 'REQUIRED']]);
    expect(await problems(cash(id, '1.00', { method: 'CHECK', checkNumber: '12-34', cashReceived: null }))).toEqual([['input.checkNumber', 'INVALID_CHECK_NUMBER']]);
    expect(await problems(cash(id, '1.00', { checkNumber: '1234' }))).toEqual([['input.checkNumber', 'INVALID']]);
    expect(await problems(cash(id, '0', { receivedBy: '  ', cashReceived: '1.00' }))).toEqual([
      ['input.allocations.0.amount', 'INVALID_AMOUNT'],
      ['input.receivedBy', 'REQUIRED'],
    ]);
    expect(await problems(cash(id, '1.00', { payerEmail: 'nope' }))).toEqual([['input.payerEmail', 'INVALID_EMAIL']]);
    expect(await problems(cash(id, '1.00', { payerEmail: '4111 1111 1111 1111@example.com' }))).toEqual([['input.payerEmail', 'CARD_NUMBER_NOT_ACCEPTED']]);
    expect(await problems({ ...cash(id, '1.00'), allocations: [] })).toEqual([['input.allocations', 'REQUIRED']]);
    // An account of another city is no account here.
    const norwalkAccount = await accountId(await signInStaff(platform, 'norwalk', 'SUPPORT'), '10-1001-00');
    expect(await problems(cash(norwalkAccount, '1.00'))).toEqual([['input.allocations.0.serviceAccountId', 'ACCOUNT_NOT_FOUND']]);
    const count = await tenantRows<{ n: string }>(platform, 'norman', `SELECT count(*)::text AS n FROM payments WHERE method_kind IN ('CASH', 'CHECK') AND amount_cents = 100`);
    expect(count[0]!.n).toBe('0');
  });

  it('is for staff of a city that takes payments in person', async () => {
    const norwalkStaff = await signInStaff(platform, 'norwalk', 'ADMIN');
    const norwalkAccount = await accountId(norwalkStaff, '10-1001-00');
    const refused = await record(norwalkStaff, cash(norwalkAccount, '5.00'));
    expect(refused.userErrors.map((e) => [e.field, e.code, e.message])).toEqual([[['input'], 'COUNTER_PAYMENTS_NOT_ACCEPTED', 'This city does not take payments in person.']]);

    const id = await accountId(normanStaff, '2004-2650');
    const guest = await platform.client.asTenant('norman').request(RECORD, { input: cash(id, '5.00') });
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const norman = platform.client.asTenant('norman');
    const { session } = await registerCustomer(norman, { username: 'counter_resident', email: 'resident@example.com', name: 'Res Ident', phone: '405-555-0188' });
    const resident = await bearer(norman, session).request(RECORD, { input: cash(id, '5.00') });
    expect(resident.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("takes its accounts' locks in the one order every payment takes them: a writer holding the first account does not deadlock it", async () => {
    const UPDATE = `mutation Update($input: UpdateTenantInput!) { updateTenant(slug: "norman", input: $input) { userErrors { code } } }`;
    const noCredit = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(UPDATE, { input: { paymentRules: { accountCreditAllowed: false } } });
    expect(noCredit.updateTenant.userErrors).toEqual([]);
    try {
      // A bill of the account first in id order, and a general amount to the one after it: the amount check locks the bill
      // and the second account; recording the payment then locks both accounts.
      const [first, second] = [await accountId(normanStaff, '2001-0417'), await accountId(normanStaff, '2002-0933')].sort();
      const [bill] = await tenantRows<{ id: string }>(platform, 'norman', 'SELECT id FROM payables WHERE service_account_id = $1 ORDER BY due_date DESC LIMIT 1', [first]);
      const input = {
        ...cash(first!, '1.00', { cashReceived: '2.00' }),
        allocations: [
          { payableId: bill!.id, amount: '1.00' },
          { serviceAccountId: second, amount: '1.00' },
        ],
      };
      let answer: Promise<Recorded> | undefined;
      await platform.db.transaction(async (manager) => {
        const [tenant] = await manager.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norman'");
        await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant!.id]);
        await manager.query(`SET LOCAL lock_timeout = '5s'`);
        await manager.query('SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE', [first]);
        answer = record(normanStaff, input);
        // Once the payment waits for the first account, this test (a posting, say) goes on to the second one.
        await untilWaitingOnLocks(platform.db, '%');
        await manager.query('SELECT id FROM service_accounts WHERE id = $1 FOR UPDATE', [second]);
      });
      const recorded = await answer!;
      expect(recorded.userErrors).toEqual([]);
      expect(recorded.payment?.allocations.map((a) => a.amount.amount)).toEqual(['1.00', '1.00']);
    } finally {
      await platform.operator.data(UPDATE, { input: { paymentRules: { accountCreditAllowed: true } } });
    }
  });

  it('charges no convenience fee on cash or a check: the fee is the price of paying online', async () => {
    const UPDATE = `mutation Update($input: UpdateTenantInput!) { updateTenant(slug: "norman", input: $input) { userErrors { code } } }`;
    const fee = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(UPDATE, { input: { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '2.50' } } } });
    expect(fee.updateTenant.userErrors).toEqual([]);
    try {
      const id = await accountId(normanStaff, '2002-0933');
      const recorded = await record(normanStaff, { ...cash(id, '5.00'), method: 'CHECK', checkNumber: '2001', cashReceived: null });
      expect(recorded.userErrors).toEqual([]);
      expect(recorded.payment?.total.amount).toBe('5.00');
    } finally {
      await platform.operator.data(UPDATE, { input: { paymentRules: { convenienceFee: { kind: 'NONE' } } } });
    }
  });

  it('a city turns counter payments on and off in its settings; CASH is never an online method', async () => {
    const UPDATE = `mutation Update($slug: String!, $input: UpdateTenantInput!) { updateTenant(slug: $slug, input: $input) { tenant { paymentRules { counterPaymentsAccepted } } userErrors { field code } } }`;
    const operator = platform.operator;
    const on = await operator.data<{ updateTenant: { tenant: { paymentRules: { counterPaymentsAccepted: boolean } } } }>(UPDATE, {
      slug: 'norwalk',
      input: { paymentRules: { counterPaymentsAccepted: true } },
    });
    expect(on.updateTenant.tenant.paymentRules.counterPaymentsAccepted).toBe(true);
    const norwalkStaff = await signInStaff(platform, 'norwalk', 'SUPPORT');
    const recorded = await record(norwalkStaff, cash(await accountId(norwalkStaff, '10-1002-00'), '3.00'));
    expect(recorded.payment?.status).toBe('POSTED');
    await operator.data(UPDATE, { slug: 'norwalk', input: { paymentRules: { counterPaymentsAccepted: false } } });

    const online = await operator.data<{ updateTenant: { userErrors: { field: string[]; code: string }[] } }>(UPDATE, {
      slug: 'norwalk',
      input: { autopayRules: { methodsAllowedOnline: ['CARD', 'CASH'] } },
    });
    expect(online.updateTenant.userErrors).toEqual([{ field: ['input', 'autopayRules', 'methodsAllowedOnline', '1'], code: 'INVALID' }]);
  });
});
