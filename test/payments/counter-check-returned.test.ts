import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff, signInStaffMembers } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { newKey } from './payments-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * A paper check taken at the counter that the payer's bank sends back days later (insufficient funds, account closed,
 * payment stopped). The city's ADMIN records the return on the payment: it is RETURNED, what it paid is owed again, the
 * payer is told in their language, the audit log has it, and the city's totals show the return on the day it was
 * recorded while the day the check was taken, and its drawer, stay as they were balanced.
 */

// Morning of Tuesday 2026-12-01 in Norwalk (which speaks English and Spanish, and here takes payments at its office);
// the bank's return comes on Thursday.
const TUESDAY = new Date('2026-12-01T16:00:00Z');
const THURSDAY = new Date('2026-12-03T16:00:00Z');
const clock = new FixedClock(TUESDAY);
const env = platformWithMailCatcher({ clock });
let clerk: GraphQLTestClient;
let admin: GraphQLTestClient;
let spanishClerk: GraphQLTestClient;
beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
  [clerk, admin] = await signInStaffMembers(env.platform, 'norwalk', ['SUPPORT', 'ADMIN'] as const);
  spanishClerk = clerk.withHeaders({ 'accept-language': 'es' });
});
afterEach(() => clock.set(TUESDAY));

type Problem = { field: string[]; code: string; message: string };
interface Returned {
  payment: { id: string; status: string; total: { amount: string } } | null;
  userErrors: Problem[];
}
const RECORD = `mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id confirmationNumber } userErrors { code } } }`;
const RETURN = `mutation Returned($input: RecordReturnedCheckInput!) {
  recordReturnedCheck(input: $input) { payment { id status total { amount } } userErrors { field code message } }
}`;
const BALANCE = `query Balance($id: UUID!) { serviceAccount(id: $id) { balance { amountDueNow { amount } } } }`;
const TOTALS = `query Totals($from: LocalDate!, $to: LocalDate!) {
  paymentTotals(from: $from, to: $to) { days { date methods { methodKind received { count amount { amount } } returned { count amount { amount } } } } }
}`;
const DRAWER = `query Drawer($date: LocalDate) { counterDrawer(date: $date) { checks { inDrawer { amount } } total { amount } } }`;

let accounts = 0;
/** A fresh Norwalk account owing $150.00 on one bill. */
async function accountOwing(): Promise<string> {
  const number = `56-${String(++accounts).padStart(4, '0')}-00`;
  const account = await openAccount(admin, { accountNumber: number });
  await importCsv(admin, [BILL_HEADER, `R-${number}-1,${number},2026-11-20,2026-12-20,150.00,0.00,`].join('\n'));
  return account.id;
}

async function counter(client: GraphQLTestClient, input: Record<string, unknown>): Promise<{ id: string; confirmationNumber: string }> {
  const answer = (await client.data<{ recordCounterPayment: { payment: { id: string; confirmationNumber: string } | null; userErrors: unknown[] } }>(RECORD, { input })).recordCounterPayment;
  if (!answer.payment) throw new Error(`not recorded: ${JSON.stringify(answer.userErrors)}`);
  return answer.payment;
}
const checkOf = (serviceAccountId: string, amount: string, checkNumber: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: newKey('check'),
  allocations: [{ serviceAccountId, amount }],
  method: 'CHECK',
  checkNumber,
  receivedBy: 'Pat Clerk',
  ...extra,
});
const returnCheck = async (client: GraphQLTestClient, input: Record<string, unknown>) => (await client.data<{ recordReturnedCheck: Returned }>(RETURN, { input })).recordReturnedCheck;
const owed = async (id: string, client = admin) =>
  (await client.data<{ serviceAccount: { balance: { amountDueNow: { amount: string } } } }>(BALANCE, { id })).serviceAccount.balance.amountDueNow.amount;

describe('a counter check its bank returned', () => {
  it('is reversed on the day recorded: RETURNED, owed again, the payer told in their language, audited; its own day and drawer unchanged', async () => {
    const accountId = await accountOwing();
    const payer = 'returned-check@example.com';
    // Taken in Spanish: the payer's receipt, and so their later notices, are in Spanish.
    const taken = await counter(spanishClerk, checkOf(accountId, '60.00', '1201', { payerEmail: payer }));
    expect(await owed(accountId)).toBe('90.00');
    const tuesdayBefore = await admin.data(TOTALS, { from: '2026-12-01', to: '2026-12-01' });
    const drawerBefore = await clerk.data(DRAWER, { date: '2026-12-01' });

    clock.set(THURSDAY);
    // Signed in on Thursday: Tuesday's tokens have long expired.
    const thursdayAdmin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const input = { idempotencyKey: newKey('returned'), paymentId: taken.id, reason: 'INSUFFICIENT_FUNDS', note: 'Bank letter of Dec 3' };
    const answer = await returnCheck(thursdayAdmin, input);
    expect(answer).toEqual({ payment: { id: taken.id, status: 'RETURNED', total: { amount: '60.00' } }, userErrors: [] });
    expect(await owed(accountId, thursdayAdmin)).toBe('150.00');

    // A retry under the key answers with the same payment and reverses nothing again.
    expect(await returnCheck(thursdayAdmin, input)).toEqual(answer);
    expect(await owed(accountId, thursdayAdmin)).toBe('150.00');
    // Another key for the same check: it is returned already.
    const again = await returnCheck(thursdayAdmin, { ...input, idempotencyKey: newKey('returned') });
    expect(again.payment).toBeNull();
    expect(again.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'paymentId'], 'NOT_RETURNABLE']]);

    const audit = await tenantRows<{ detail: Record<string, string> }>(
      env.platform,
      'norwalk',
      `SELECT detail FROM security_events WHERE kind = 'COUNTER_CHECK_RETURNED' AND detail->>'paymentId' = $1`,
      [taken.id],
    );
    expect(audit.map((row) => row.detail)).toEqual([{ paymentId: taken.id, amountCents: '6000', reason: 'INSUFFICIENT_FUNDS' }]);

    const told = (await env.deliveredTo(payer)).filter((m) => m.subject.startsWith(`Su pago ${taken.confirmationNumber} fue devuelto`));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(`Su banco devolvió su pago ${taken.confirmationNumber} de $60.00, así que los $60.00 que pagó se deben de nuevo.`);

    // Thursday shows the return; Tuesday's totals and drawer are as they were balanced.
    const thursday = await thursdayAdmin.data<{ paymentTotals: { days: { date: string; methods: { methodKind: string; returned: { count: number; amount: { amount: string } } }[] }[] } }>(TOTALS, {
      from: '2026-12-03',
      to: '2026-12-03',
    });
    const checks = thursday.paymentTotals.days.flatMap((d) => d.methods.filter((m) => m.methodKind === 'CHECK'));
    expect(checks.map((m) => m.returned)).toEqual([{ count: 1, amount: { amount: '60.00' } }]);
    clock.set(TUESDAY);
    expect(await admin.data(TOTALS, { from: '2026-12-01', to: '2026-12-01' })).toEqual(tuesdayBefore);
    expect(await clerk.data(DRAWER, { date: '2026-12-01' })).toEqual(drawerBefore);
  });

  it('is refused, at the payment, in English and Spanish, for cash; another city sees no such payment; SUPPORT may not record one', async () => {
    const accountId = await accountOwing();
    const cash = await counter(clerk, { ...checkOf(accountId, '10.00', '1'), method: 'CASH', checkNumber: null, cashReceived: '10.00' });
    const check = await counter(clerk, checkOf(accountId, '10.00', '2'));
    clock.set(THURSDAY);
    const [thursdayClerk, thursdayAdmin] = await signInStaffMembers(env.platform, 'norwalk', ['SUPPORT', 'ADMIN'] as const);
    const input = { idempotencyKey: newKey('returned'), paymentId: cash.id, reason: 'INSUFFICIENT_FUNDS' };
    expect(await returnCheck(thursdayAdmin, input)).toEqual({
      payment: null,
      userErrors: [{ field: ['input', 'paymentId'], code: 'NOT_RETURNABLE', message: 'Only a check taken at the counter can be recorded as returned by its bank.' }],
    });
    expect((await returnCheck(thursdayAdmin.withHeaders({ 'accept-language': 'es' }), input)).userErrors.map((e) => e.message)).toEqual([
      'Solo un cheque recibido en ventanilla puede registrarse como devuelto por su banco.',
    ]);

    const refused = await thursdayClerk.request(RETURN, { input: { ...input, paymentId: check.id } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const normanAdmin = await signInStaff(env.platform, 'norman', 'ADMIN');
    expect((await returnCheck(normanAdmin, { ...input, paymentId: check.id })).userErrors.map((e) => e.code)).toEqual(['PAYMENT_NOT_FOUND']);
    expect(await owed(accountId, thursdayAdmin)).toBe('130.00');
  });

  it('answers one key sent for two checks at once with one return and IDEMPOTENCY_KEY_REUSED, never an internal error', async () => {
    const accountId = await accountOwing();
    const [first, second] = [await counter(clerk, checkOf(accountId, '10.00', '301')), await counter(clerk, checkOf(accountId, '12.00', '302'))];
    clock.set(THURSDAY);
    const thursdayAdmin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const idempotencyKey = newKey('returned');
    // The account held (a posting, say): both returns get as far as reversing the payment before either is recorded.
    const letGo = await holdRows(env.platform.db, 'norwalk', 'SELECT 1 FROM service_accounts WHERE id = $1 FOR UPDATE', [accountId]);
    let settled = 0;
    const answers = Promise.all(
      [first, second].map((payment) =>
        thursdayAdmin.request<{ recordReturnedCheck: Returned }>(RETURN, { input: { idempotencyKey, paymentId: payment.id, reason: 'STOP_PAYMENT' } }).finally(() => settled++),
      ),
    );
    await untilWaitingOnLocks(env.platform.db, '%', { n: 2, finished: () => settled === 2 });
    await letGo();
    const both = await answers;
    const [a, b] = [both[0]!, both[1]!];
    expect([a.errors, b.errors]).toEqual([undefined, undefined]);
    const codes = [a, b].map((answer) => answer.data!.recordReturnedCheck.userErrors.map((e) => e.code));
    expect(codes.sort()).toEqual([[], ['IDEMPOTENCY_KEY_REUSED']]);
    // $150.00 less the two checks, and one of them owed again: reversed once.
    expect(['138.00', '140.00']).toContain(await owed(accountId, thursdayAdmin));
  });
});
