import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff, signInStaffMembers } from '../billing/billing-api';
import { VIEWER, tenantRows } from '../customers/customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { VOID, newKey } from './payments-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * Balancing a counter drawer at the end of the day: the cash a resident handed over and the change counted back are
 * kept with the payment (on its receipt and in the audit log), and each clerk's drawer for a day of the city's calendar
 * says what they should hold: cash and checks they took, the voids taken out, the check numbers. A clerk reads their
 * own; the city's ADMIN reads every clerk's.
 */

// 10:00 in Norman (America/Chicago) on Tuesday 2026-12-01.
const NOW = new Date('2026-12-01T16:00:00Z');
const clock = new FixedClock(NOW);
const env = platformWithMailCatcher({ clock });
let clerk: GraphQLTestClient;
let colleague: GraphQLTestClient;
let admin: GraphQLTestClient;
beforeAll(async () => {
  [clerk, colleague, admin] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT', 'SUPPORT', 'ADMIN'] as const);
});
const idOf = async (client: GraphQLTestClient) => (await client.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;

type Problem = { field: string[]; code: string; message: string };
interface Recorded {
  payment: { id: string; confirmationNumber: string; status: string; total: { amount: string }; cashReceived: { amount: string } | null; changeGiven: { amount: string } | null } | null;
  userErrors: Problem[];
}
const RECORD = `mutation Counter($input: RecordCounterPaymentInput!) {
  recordCounterPayment(input: $input) { payment { id confirmationNumber status total { amount } cashReceived { amount } changeGiven { amount } } userErrors { field code message } }
}`;
const record = async (client: GraphQLTestClient, input: Record<string, unknown>) => (await client.data<{ recordCounterPayment: Recorded }>(RECORD, { input })).recordCounterPayment;

let accounts = 0;
/** A fresh Norman account owing $150.00 on one bill. */
async function accountOwing(): Promise<string> {
  const number = `5400-${String(++accounts).padStart(4, '0')}`;
  const account = await openAccount(admin, { accountNumber: number, city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(admin, [BILL_HEADER, `D-${number}-1,${number},2026-11-20,2026-12-20,150.00,0.00,`].join('\n'));
  return account.id;
}

const cash = (serviceAccountId: string, amount: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: newKey('drawer'),
  allocations: [{ serviceAccountId, amount }],
  method: 'CASH',
  receivedBy: 'Pat Clerk',
  cashReceived: amount,
  ...extra,
});
const check = (serviceAccountId: string, amount: string, checkNumber: string, extra: Record<string, unknown> = {}) => ({
  ...cash(serviceAccountId, amount),
  cashReceived: null,
  ...extra,
  method: 'CHECK',
  checkNumber,
});

async function taken(client: GraphQLTestClient, input: Record<string, unknown>): Promise<NonNullable<Recorded['payment']>> {
  const answer = await record(client, input);
  if (!answer.payment) throw new Error(`not recorded: ${JSON.stringify(answer.userErrors)}`);
  return answer.payment;
}

describe('cash received and change given', () => {
  it('are kept with a cash payment, in integer cents: on the payment, in the audit log and on the emailed receipt', async () => {
    const payer = 'drawer-cash@example.com';
    const payment = await taken(clerk, cash(await accountOwing(), '42.50', { cashReceived: '50', payerEmail: payer }));
    expect(payment).toMatchObject({ status: 'POSTED', total: { amount: '42.50' }, cashReceived: { amount: '50.00' }, changeGiven: { amount: '7.50' } });

    const [audit] = await tenantRows<{ detail: Record<string, string> }>(
      env.platform,
      'norman',
      `SELECT detail FROM security_events WHERE kind = 'COUNTER_PAYMENT_RECORDED' AND detail->>'paymentId' = $1`,
      [payment.id],
    );
    expect(audit!.detail).toEqual({ paymentId: payment.id, amountCents: '4250', method: 'CASH', cashReceivedCents: '5000', changeCents: '750' });

    const [receipt] = (await env.deliveredTo(payer)).filter((m) => m.subject.includes(payment.confirmationNumber));
    expect(receipt!.text).toContain('Cash received: $50.00');
    expect(receipt!.text).toContain('Change given: $7.50');
  });

  it('are refused, at the field, in English and Spanish: cash short of the payment, an unreadable amount, and any for a check', async () => {
    const accountId = await accountOwing();
    expect(await record(clerk, cash(accountId, '42.50', { cashReceived: '40.00' }))).toEqual({
      payment: null,
      userErrors: [{ field: ['input', 'cashReceived'], code: 'CASH_SHORT', message: 'The cash received ($40.00) is less than the payment ($42.50).' }],
    });
    // In Spanish where the city speaks it (Norwalk, taking payments at its office for this).
    await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
    const norwalkClerk = (await signInStaff(env.platform, 'norwalk', 'SUPPORT')).withHeaders({ 'accept-language': 'es' });
    const found = await norwalkClerk.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('query { serviceAccounts(search: "10-1001-00", first: 1) { edges { node { id } } } }');
    const spanish = await record(norwalkClerk, cash(found.serviceAccounts.edges[0]!.node.id, '42.50', { cashReceived: '40.00' }));
    expect(spanish.userErrors).toEqual([{ field: ['input', 'cashReceived'], code: 'CASH_SHORT', message: 'El efectivo recibido ($40.00) es menos que el pago ($42.50).' }]);
    const checkInSpanish = await record(norwalkClerk, check(found.serviceAccounts.edges[0]!.node.id, '42.50', '12', { cashReceived: '50.00' }));
    expect(checkInSpanish.userErrors.map((e) => e.message)).toEqual(['El efectivo recibido es solo para pagos en efectivo; déjelo en blanco para un cheque.']);
    expect((await record(clerk, cash(accountId, '42.50', { cashReceived: 'fifty' }))).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'cashReceived'], 'INVALID_AMOUNT']]);
    expect((await record(clerk, cash(accountId, '42.50', { cashReceived: '-50.00' }))).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'cashReceived'], 'INVALID_AMOUNT']]);
    expect((await record(clerk, check(accountId, '42.50', '1001', { cashReceived: '50.00' }))).userErrors).toEqual([
      { field: ['input', 'cashReceived'], code: 'INVALID', message: 'Cash received is only for cash payments; leave it out for a check.' },
    ]);
    const [{ n }] = (await tenantRows<{ n: string }>(env.platform, 'norman', `SELECT count(*)::text AS n FROM payment_lines WHERE service_account_id = $1`, [accountId])) as [{ n: string }];
    expect(n).toBe('0');
  });

  it('are part of the request under its key: a retry with the same cash gets the payment, other cash under that key is refused', async () => {
    const input = cash(await accountOwing(), '20.00', { cashReceived: '20.00' });
    const first = await taken(clerk, input);
    expect(first.changeGiven).toEqual({ amount: '0.00' });
    expect((await taken(clerk, input)).id).toBe(first.id);
    expect((await record(clerk, { ...input, cashReceived: '100.00' })).userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('are null for a check; for cash, the cash handed over is required (REQUIRED, en and es), so every cash payment has its change', async () => {
    const accountId = await accountOwing();
    expect(await taken(clerk, check(accountId, '10.00', '2001'))).toMatchObject({ cashReceived: null, changeGiven: null });
    for (const missing of [{ cashReceived: null }, { cashReceived: '  ' }, {}]) {
      const { cashReceived: _given, ...input } = cash(accountId, '10.00', missing);
      expect(await record(clerk, { ...input, ...missing })).toEqual({
        payment: null,
        userErrors: [{ field: ['input', 'cashReceived'], code: 'REQUIRED', message: 'Enter the cash the resident handed over, at least the payment.' }],
      });
    }
    await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
    const norwalkClerk = (await signInStaff(env.platform, 'norwalk', 'SUPPORT')).withHeaders({ 'accept-language': 'es' });
    const found = await norwalkClerk.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('query { serviceAccounts(search: "10-1001-00", first: 1) { edges { node { id } } } }');
    const { cashReceived: _none, ...spanish } = cash(found.serviceAccounts.edges[0]!.node.id, '10.00');
    expect((await record(norwalkClerk, spanish)).userErrors.map((e) => e.message)).toEqual(['Indique el efectivo que entregó el residente, al menos el monto del pago.']);
  });
});

describe('a check recorded twice', () => {
  it('is refused on the same account while the first is standing (DUPLICATE_CHECK_NUMBER), and may be recorded again once that one is voided', async () => {
    const accountId = await accountOwing();
    const first = await taken(clerk, check(accountId, '30.00', '#0457'));
    // Another clerk, another key (a second window, a form typed again): the same paper check.
    const again = await record(colleague, check(accountId, '30.00', '457'));
    expect(again).toEqual({
      payment: null,
      userErrors: [
        {
          field: ['input', 'checkNumber'],
          code: 'DUPLICATE_CHECK_NUMBER',
          message: `Check #0457 is already recorded on this account (confirmation ${first.confirmationNumber}): one check is recorded once. If that one was recorded in error, void it on its day first, or adjust the account after.`,
        },
      ],
    });
    // Another account's check of that number is another resident's check.
    expect((await record(colleague, check(await accountOwing(), '30.00', '0457'))).userErrors).toEqual([]);
    const voided = await colleague.data<{ voidPayment: { userErrors: Problem[] } }>(VOID, { input: { paymentId: first.id, reason: 'Recorded on the wrong day' } });
    expect(voided.voidPayment.userErrors).toEqual([]);
    expect((await record(colleague, check(accountId, '30.00', '0457'))).userErrors).toEqual([]);
  });
});

describe('one check sent at two windows at once', () => {
  it('is recorded once: the other is refused DUPLICATE_CHECK_NUMBER', async () => {
    const accountId = await accountOwing();
    const answers = await Promise.all([clerk, colleague, clerk, colleague].map((client) => record(client, check(accountId, '25.00', '31337'))));
    expect(answers.filter((a) => a.payment !== null)).toHaveLength(1);
    expect(answers.flatMap((a) => a.userErrors.map((e) => e.code))).toEqual(['DUPLICATE_CHECK_NUMBER', 'DUPLICATE_CHECK_NUMBER', 'DUPLICATE_CHECK_NUMBER']);
  });
});

const DRAWER_FIELDS = `date clerkId clerkName
  cash { taken { count amount { amount } } voided { count amount { amount } } inDrawer { amount } }
  checks { taken { count amount { amount } } voided { count amount { amount } } inDrawer { amount } }
  cashReceived { amount } changeGiven { amount } total { amount } checkNumbers
  payments { confirmationNumber methodKind checkNumber amount { amount } status receivedBy }`;
const MY_DRAWER = `query Mine($date: LocalDate) { counterDrawer(date: $date) { ${DRAWER_FIELDS} } }`;
const ALL_DRAWERS = `query All($date: LocalDate) { counterDrawers(date: $date) { ${DRAWER_FIELDS} } }`;
interface Drawer {
  date: string;
  clerkId: string;
  clerkName: string | null;
  cash: { taken: { count: number; amount: { amount: string } }; voided: { count: number; amount: { amount: string } }; inDrawer: { amount: string } };
  checks: Drawer['cash'];
  cashReceived: { amount: string };
  changeGiven: { amount: string };
  total: { amount: string };
  checkNumbers: string[];
  payments: { confirmationNumber: string; methodKind: string; checkNumber: string | null; amount: { amount: string }; status: string; receivedBy: string }[];
}

describe("a clerk's drawer for a day of the city's calendar", () => {
  // Fresh staff, so the day's drawers hold only what this block takes.
  let a: GraphQLTestClient;
  let aId: string;
  let b: GraphQLTestClient;
  let bId: string;
  beforeAll(async () => {
    [a, b] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT', 'SUPPORT'] as const);
    [aId, bId] = [await idOf(a), await idOf(b)];
  });

  it("says what the clerk should hold: cash and checks taken, voids taken out, check numbers; the clerk's alone, by who signed in", async () => {
    try {
      // 23:30 the evening before (Monday, Norman time): not Tuesday's drawer.
      clock.set(new Date('2026-12-01T05:30:00Z'));
      await taken(a, cash(await accountOwing(), '99.00'));
    } finally {
      clock.set(NOW);
    }
    const accountId = await accountOwing();
    // A types a colleague's name as who received it: the drawer is still A's, who signed in and took it.
    await taken(a, cash(accountId, '42.50', { cashReceived: '50.00', receivedBy: 'Somebody Else' }));
    await taken(a, cash(accountId, '10.00', { cashReceived: '20.00' }));
    const voided = await taken(a, cash(accountId, '5.00'));
    await taken(a, check(accountId, '30.00', '1234'));
    await taken(a, check(accountId, '12.25', '0099'));
    await taken(b, cash(accountId, '7.00', { cashReceived: '10.00' }));
    expect((await b.data<{ voidPayment: { userErrors: Problem[] } }>(VOID, { input: { paymentId: voided.id, reason: 'Wrong account' } })).voidPayment.userErrors).toEqual([]);

    const mine = (await a.data<{ counterDrawer: Drawer }>(MY_DRAWER)).counterDrawer;
    expect(mine).toMatchObject({
      date: '2026-12-01',
      clerkId: aId,
      cash: { taken: { count: 3, amount: { amount: '57.50' } }, voided: { count: 1, amount: { amount: '5.00' } }, inDrawer: { amount: '52.50' } },
      checks: { taken: { count: 2, amount: { amount: '42.25' } }, voided: { count: 0, amount: { amount: '0.00' } }, inDrawer: { amount: '42.25' } },
      cashReceived: { amount: '70.00' },
      changeGiven: { amount: '17.50' },
      total: { amount: '94.75' },
      checkNumbers: ['1234', '0099'],
    });
    expect(mine.payments.map((p) => [p.methodKind, p.amount.amount, p.status, p.checkNumber])).toEqual([
      ['CASH', '42.50', 'POSTED', null],
      ['CASH', '10.00', 'POSTED', null],
      ['CASH', '5.00', 'VOIDED', null],
      ['CHECK', '30.00', 'POSTED', '1234'],
      ['CHECK', '12.25', 'POSTED', '0099'],
    ]);

    // The evening before is Monday's drawer.
    const monday = (await a.data<{ counterDrawer: Drawer }>(MY_DRAWER, { date: '2026-11-30' })).counterDrawer;
    expect([monday.cash.inDrawer.amount, monday.total.amount, monday.payments.length]).toEqual(['99.00', '99.00', 1]);

    const theirs = (await b.data<{ counterDrawer: Drawer }>(MY_DRAWER)).counterDrawer;
    expect([theirs.clerkId, theirs.cash.inDrawer.amount, theirs.checks.taken.count, theirs.changeGiven.amount]).toEqual([bId, '7.00', 0, '3.00']);
  });

  it("is every clerk's for the ADMIN, by name; SUPPORT may read only their own; a day with nothing is zeros", async () => {
    const all = (await admin.data<{ counterDrawers: Drawer[] }>(ALL_DRAWERS)).counterDrawers;
    const byClerk = new Map(all.map((drawer) => [drawer.clerkId, drawer]));
    expect(byClerk.get(aId)?.total.amount).toBe('94.75');
    expect(byClerk.get(bId)?.total.amount).toBe('7.00');
    expect(byClerk.get(aId)?.clerkName).toEqual(expect.any(String));
    expect(all.every((drawer) => drawer.date === '2026-12-01')).toBe(true);

    const refused = await a.request(ALL_DRAWERS);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const quiet = (await a.data<{ counterDrawer: Drawer }>(MY_DRAWER, { date: '2026-10-01' })).counterDrawer;
    expect([quiet.total.amount, quiet.cash.taken.count, quiet.payments]).toEqual(['0.00', 0, []]);
  });

  it('refuses a date outside the calendar, naming the field', async () => {
    const answer = await a.request(MY_DRAWER, { date: '0026-12-01' });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATE', field: 'date' });
  });

  it("shows nothing of another city's drawers, and a resident none at all", async () => {
    const norwalkAdmin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const theirs = (await norwalkAdmin.data<{ counterDrawers: Drawer[] }>(ALL_DRAWERS)).counterDrawers;
    const normanClerks = [aId, bId, await idOf(clerk), await idOf(colleague)];
    expect(theirs.filter((drawer) => normanClerks.includes(drawer.clerkId))).toEqual([]);
    const anonymous = await env.platform.client.asTenant('norman').request(MY_DRAWER);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
