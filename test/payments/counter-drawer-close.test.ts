import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { signInStaff, signInStaffMembers } from '../billing/billing-api';
import { VIEWER, bearer, signIn, tenantRows } from '../customers/customer-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { RECORD_AT_COUNTER, cashAtCounter, normanAccountOwing, recordAtCounter } from './counter-api';
import { VOID, newKey } from './payments-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * Closing a counter drawer at the end of the day: the clerk records what they counted (cash, and the checks' count and
 * total); the platform keeps it beside what the drawer should hold, with the over or short, a reason when it is off,
 * and an audit entry. One close per clerk per day of the city's calendar; once closed, the clerk takes no more money
 * that day and nobody voids a payment out of it, so the count stays true.
 */

// 10:00 in Norman (America/Chicago) on Tuesday 2026-12-01.
const NOW = new Date('2026-12-01T16:00:00Z');
const clock = new FixedClock(NOW);
const env = platformWithMailCatcher({ clock });
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(env.platform, 'norman', 'ADMIN');
});
const idOf = async (client: GraphQLTestClient) => (await client.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;

type Problem = { field: string[]; code: string; message: string };
const CLOSE_FIELDS = `id date clerkId expectedCash { amount } expectedChecksCount expectedChecks { amount } countedCash { amount } countedChecksCount countedChecks { amount }
  overShort { amount } reason closedAt`;
const CLOSE = `mutation Close($input: CloseCounterDrawerInput!) { closeCounterDrawer(input: $input) { close { ${CLOSE_FIELDS} } userErrors { field code message } } }`;
const MINE = `query Mine($date: LocalDate) { counterDrawer(date: $date) { clerkId total { amount } close { ${CLOSE_FIELDS} } } }`;
const ALL = `query All($date: LocalDate) { counterDrawers(date: $date) { clerkId total { amount } close { ${CLOSE_FIELDS} } } }`;
interface Close {
  id: string;
  date: string;
  clerkId: string;
  expectedCash: { amount: string };
  expectedChecksCount: number;
  expectedChecks: { amount: string };
  countedCash: { amount: string };
  countedChecksCount: number;
  countedChecks: { amount: string };
  overShort: { amount: string };
  reason: string | null;
  closedAt: string;
}
interface Closed {
  close: Close | null;
  userErrors: Problem[];
}

let accounts = 0;
const accountOwing = () => normanAccountOwing(admin, `5700-${String(++accounts).padStart(4, '0')}`);
const cash = cashAtCounter;
const check = (serviceAccountId: string, amount: string, checkNumber: string) => ({ ...cash(serviceAccountId, amount), method: 'CHECK', checkNumber, cashReceived: null });
const record = recordAtCounter;
async function taken(client: GraphQLTestClient, input: Record<string, unknown>): Promise<string> {
  const answer = await record(client, input);
  if (!answer.payment) throw new Error(`not recorded: ${JSON.stringify(answer.userErrors)}`);
  return answer.payment.id;
}
const close = async (client: GraphQLTestClient, input: Record<string, unknown>) => (await client.data<{ closeCounterDrawer: Closed }>(CLOSE, { input })).closeCounterDrawer;
const counted = (extra: Record<string, unknown> = {}) => ({ idempotencyKey: newKey('close'), countedCash: '0.00', countedChecksCount: 0, countedChecksTotal: '0.00', ...extra });

describe("closing a clerk's drawer", () => {
  let clerk: GraphQLTestClient;
  let colleague: GraphQLTestClient;
  let clerkId: string;
  let accountId: string;
  let standing: string;
  beforeAll(async () => {
    [clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT', 'SUPPORT'] as const);
    clerkId = await idOf(clerk);
    accountId = await accountOwing();
    standing = await taken(clerk, cash(accountId, '42.50'));
    await taken(clerk, check(accountId, '30.00', '1234'));
    const voided = await taken(clerk, cash(accountId, '5.00'));
    expect((await colleague.data<{ voidPayment: { userErrors: Problem[] } }>(VOID, { input: { paymentId: voided, reason: 'Wrong account' } })).voidPayment.userErrors).toEqual([]);
  });

  it('asks why when the count is off, and records nothing until told', async () => {
    expect(await close(clerk, counted({ countedCash: '40.00', countedChecksCount: 1, countedChecksTotal: '30.00' }))).toEqual({
      close: null,
      userErrors: [{ field: ['input', 'reason'], code: 'REQUIRED', message: 'The count is off from what the drawer should hold (short $2.50): say why.' }],
    });
    expect((await clerk.data<{ counterDrawer: { close: Close | null } }>(MINE)).counterDrawer.close).toBeNull();
  });

  it('keeps what was counted beside what the drawer should hold, with the over or short and the reason; audited; once per key', async () => {
    const input = counted({ countedCash: '40.00', countedChecksCount: 1, countedChecksTotal: '30.00', reason: 'A $2.50 roll of quarters missing' });
    const closed = await close(clerk, input);
    expect(closed.userErrors).toEqual([]);
    expect(closed.close).toMatchObject({
      date: '2026-12-01',
      clerkId,
      expectedCash: { amount: '42.50' },
      expectedChecksCount: 1,
      expectedChecks: { amount: '30.00' },
      countedCash: { amount: '40.00' },
      countedChecksCount: 1,
      countedChecks: { amount: '30.00' },
      overShort: { amount: '-2.50' },
      reason: 'A $2.50 roll of quarters missing',
    });
    // The same request again: the same close.
    expect((await close(clerk, input)).close?.id).toBe(closed.close!.id);
    // Another close of the same day is refused.
    expect((await close(clerk, counted({ countedCash: '42.50', countedChecksCount: 1, countedChecksTotal: '30.00' }))).userErrors).toEqual([
      { field: ['input'], code: 'DRAWER_CLOSED', message: 'Your drawer for December 1, 2026 is already closed.' },
    ]);
    const audit = await tenantRows<{ actor: string; detail: Record<string, unknown> }>(
      env.platform,
      'norman',
      `SELECT actor, detail FROM security_events WHERE kind = 'COUNTER_DRAWER_CLOSED' AND actor = $1`,
      [clerkId],
    );
    expect(audit).toEqual([
      {
        actor: clerkId,
        detail: { closeId: closed.close!.id, date: '2026-12-01', expectedCents: '7250', countedCents: '7000', overShortCents: '-250' },
      },
    ]);

    // The clerk and the ADMIN see it with the drawer.
    expect((await clerk.data<{ counterDrawer: { close: Close | null } }>(MINE)).counterDrawer.close?.id).toBe(closed.close!.id);
    const all = (await admin.data<{ counterDrawers: { clerkId: string; close: Close | null }[] }>(ALL)).counterDrawers;
    expect(all.find((d) => d.clerkId === clerkId)?.close?.overShort).toEqual({ amount: '-2.50' });
  });

  it('then takes no more money from the clerk that day, and none out of it by a void; a colleague still takes payments', async () => {
    const refused = await record(clerk, cash(accountId, '10.00'));
    expect(refused).toEqual({
      payment: null,
      userErrors: [{ field: ['input'], code: 'DRAWER_CLOSED', message: 'Your drawer for December 1, 2026 is closed: another clerk records this payment.' }],
    });
    const voidRefused = await colleague.data<{ voidPayment: { userErrors: Problem[] } }>(VOID, { input: { paymentId: standing, reason: 'Wrong account' } });
    expect(voidRefused.voidPayment.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'paymentId'], 'DRAWER_CLOSED']]);
    expect((await record(colleague, cash(accountId, '10.00'))).userErrors).toEqual([]);
    const [{ n }] = (await tenantRows<{ n: string }>(env.platform, 'norman', `SELECT count(*)::text AS n FROM payments p WHERE p.status = 'VOIDED' AND p.id = $1`, [standing])) as [{ n: string }];
    expect(n).toBe('0');
  });
});

describe('a close sent while a payment is being recorded', () => {
  it('waits for it, and counts it: no payment is left out of the count', async () => {
    const [clerk] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT'] as const);
    const clerkId = await idOf(clerk);
    // The same clerk signed in a second time (another window): the close comes from there.
    const [{ username }] = (await tenantRows<{ username: string }>(env.platform, 'norman', 'SELECT username FROM users WHERE id = $1', [clerkId])) as [{ username: string }];
    const second = await signIn(env.platform.client.asTenant('norman'), username);
    const otherWindow = bearer(env.platform.client.asTenant('norman'), second.session!);
    const [{ id: firstSession }] = (await tenantRows<{ id: string }>(env.platform, 'norman', 'SELECT id FROM sessions WHERE user_id = $1 ORDER BY created_at LIMIT 1', [clerkId])) as [{ id: string }];
    const accountId = await accountOwing();
    // The payment's window's session held: the payment, recorded, waits on it before it commits (its sender is read
    // again under lock), and the close is sent meanwhile.
    const letGo = await holdRows(env.platform.db, 'norman', 'SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [firstSession]);
    let paid = false;
    const paying = record(clerk, cash(accountId, '11.00')).finally(() => (paid = true));
    await untilWaitingOnLocks(env.platform.db, '%', { finished: () => paid });
    let closed = false;
    const closing = close(otherWindow, counted({ reason: 'Closing as a payment comes' })).finally(() => (closed = true));
    await untilWaitingOnLocks(env.platform.db, '%', { n: 2, finished: () => closed || paid });
    await letGo();
    const [payment, closeAnswer] = await Promise.all([paying, closing]);
    expect(payment.userErrors).toEqual([]);
    expect(closeAnswer.close?.expectedCash).toEqual({ amount: '11.00' });
  });

  it('refuses a payment the clerk sends once it is closed', async () => {
    const [clerk] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT'] as const);
    expect((await close(clerk, counted())).userErrors).toEqual([]);
    expect((await record(clerk, cash(await accountOwing(), '11.00'))).userErrors.map((e) => e.code)).toEqual(['DRAWER_CLOSED']);
  });
});

describe('a void out of a drawer and a payment into it at once', () => {
  it('both go through, in either order: the drawer and the accounts are locked in one order', async () => {
    const [clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT', 'SUPPORT'] as const);
    const accountId = await accountOwing();
    for (let round = 0; round < 5; round++) {
      const earlier = await taken(clerk, cash(accountId, '3.00'));
      const [voided, paid] = await Promise.all([
        // A SUPPORT colleague's void reads the accounts first (closed ones are the ADMIN's to give back from); the ADMIN's does not.
        (round % 2 === 0 ? colleague : admin).request<{ voidPayment: { userErrors: Problem[] } }>(VOID, { input: { paymentId: earlier, reason: 'Wrong amount' } }),
        clerk.request<{ recordCounterPayment: { userErrors: Problem[] } }>(RECORD_AT_COUNTER, { input: cash(accountId, '4.00') }),
      ]);
      expect([voided.errors, voided.data?.voidPayment.userErrors, paid.errors, paid.data?.recordCounterPayment.userErrors]).toEqual([undefined, [], undefined, []]);
    }
  });
});

describe('refusals', () => {
  it('refuses a day not yet come, and says why in Spanish where the city speaks it', async () => {
    const [clerk] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT'] as const);
    expect((await close(clerk, counted({ date: '2026-12-02' }))).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'date'], 'INVALID_DATE']]);

    await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true } });
    const spanish = (await signInStaff(env.platform, 'norwalk', 'SUPPORT')).withHeaders({ 'accept-language': 'es' });
    expect((await close(spanish, counted({ countedCash: '1.00' }))).userErrors).toEqual([
      { field: ['input', 'reason'], code: 'REQUIRED', message: 'El conteo no coincide con lo que la caja debería tener (sobran $1.00): diga por qué.' },
    ]);
    expect((await close(spanish, counted())).userErrors).toEqual([]);
    const norwalkAccount = (await spanish.data<{ serviceAccounts: { edges: { node: { id: string } }[] } }>('query { serviceAccounts(search: "10-1001-00", first: 1) { edges { node { id } } } }'))
      .serviceAccounts.edges[0]!.node.id;
    expect((await record(spanish, cash(norwalkAccount, '5.00'))).userErrors.map((e) => e.message)).toEqual(['Su caja del 1 de diciembre de 2026 está cerrada: otro empleado registra este pago.']);
  });
});
