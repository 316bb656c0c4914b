import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { signInStaff, signInStaffMembers } from '../billing/billing-api';
import { VIEWER, tenantRows } from '../customers/customer-api';
import { holdRows, untilWaitingOnLocks } from '../db/lock-waits';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { cashAtCounter, normanAccountOwing, recordAtCounter } from './counter-api';
import { VOID, newKey } from './payments-api';

/*
 * A closed counter drawer opened again by the city's ADMIN (a miscount found, a payment to void before the deposit):
 * with a reason, audited, never by the clerk who counted it, never by SUPPORT. The close is kept as counted; the drawer
 * then takes the clerk's payments and voids again until it is closed anew, against what it then holds.
 */

// 10:00 in Norman (America/Chicago) on Tuesday 2026-12-01.
const clock = new FixedClock(new Date('2026-12-01T16:00:00Z'));
const env = platformWithMailCatcher({ clock });
const TODAY = '2026-12-01';
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(env.platform, 'norman', 'ADMIN');
});
const idOf = async (client: GraphQLTestClient) => (await client.data<{ viewer: { user: { id: string } } }>(VIEWER)).viewer.user.id;

type Problem = { field: string[]; code: string; message: string };
const CLOSE_FIELDS = 'id expectedCash { amount } countedCash { amount } overShort { amount } reason reopenedAt reopenedBy reopenReason';
const CLOSE = `mutation Close($input: CloseCounterDrawerInput!) { closeCounterDrawer(input: $input) { close { ${CLOSE_FIELDS} } userErrors { field code message } } }`;
const REOPEN = `mutation Reopen($input: ReopenCounterDrawerInput!) { reopenCounterDrawer(input: $input) { close { ${CLOSE_FIELDS} } userErrors { field code message } } }`;
const MINE = `query Mine { counterDrawer { total { amount } close { id } closes { ${CLOSE_FIELDS} } } }`;
interface Close {
  id: string;
  expectedCash: { amount: string };
  countedCash: { amount: string };
  overShort: { amount: string };
  reason: string | null;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
}
type Answer = { close: Close | null; userErrors: Problem[] };

let accounts = 0;
const accountOwing = () => normanAccountOwing(admin, `5800-${String(++accounts).padStart(4, '0')}`);
const [cash, record] = [cashAtCounter, recordAtCounter];
const close = async (client: GraphQLTestClient, countedCash: string) =>
  (await client.data<{ closeCounterDrawer: Answer }>(CLOSE, { input: { idempotencyKey: newKey('close'), countedCash, countedChecksCount: 0, countedChecksTotal: '0.00' } })).closeCounterDrawer;
const reopen = async (client: GraphQLTestClient, input: Record<string, unknown>) => (await client.data<{ reopenCounterDrawer: Answer }>(REOPEN, { input })).reopenCounterDrawer;

describe("reopening a clerk's closed drawer", () => {
  it('opens it again with a reason, audited, the close kept; the clerk takes money again and closes anew', async () => {
    const [clerk, colleague] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT', 'SUPPORT'] as const);
    const clerkId = await idOf(clerk);
    const accountId = await accountOwing();
    const first = await record(clerk, cash(accountId, '20.00'));
    const firstClose = (await close(clerk, '20.00')).close!;
    expect((await record(clerk, cash(accountId, '5.00'))).userErrors.map((e) => e.code)).toEqual(['DRAWER_CLOSED']);

    const input = { idempotencyKey: newKey('reopen'), clerkId, date: TODAY, reason: 'Counted before the last resident paid' };
    const answer = await reopen(admin, input);
    expect(answer.userErrors).toEqual([]);
    expect(answer.close).toMatchObject({ id: firstClose.id, countedCash: { amount: '20.00' }, reopenedBy: await idOf(admin), reopenReason: 'Counted before the last resident paid' });
    expect(answer.close!.reopenedAt).not.toBeNull();
    // Sent again under its key: the same answer.
    expect(await reopen(admin, input)).toEqual(answer);
    // Once open, there is nothing to reopen.
    expect((await reopen(admin, { ...input, idempotencyKey: newKey('reopen') })).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'date'], 'DRAWER_OPEN']]);

    const audit = await tenantRows<{ actor: string; detail: Record<string, string> }>(env.platform, 'norman', `SELECT detail FROM security_events WHERE kind = 'COUNTER_DRAWER_REOPENED'`);
    expect(audit.map((row) => row.detail)).toEqual([{ closeId: firstClose.id, clerkId, date: TODAY }]);

    // Open again: the clerk takes a payment, a colleague voids the first, and the clerk closes anew against what it holds.
    expect((await record(clerk, cash(accountId, '5.00'))).userErrors).toEqual([]);
    const voided = await colleague.data<{ voidPayment: { userErrors: Problem[] } }>(VOID, { input: { paymentId: first.payment!.id, reason: 'Wrong account' } });
    expect(voided.voidPayment.userErrors).toEqual([]);
    const again = await close(clerk, '5.00');
    expect(again.userErrors).toEqual([]);
    expect(again.close).toMatchObject({ expectedCash: { amount: '5.00' }, overShort: { amount: '0.00' }, reopenedAt: null });
    const mine = (await clerk.data<{ counterDrawer: { close: { id: string }; closes: Close[] } }>(MINE)).counterDrawer;
    expect(mine.close.id).toBe(again.close!.id);
    expect(mine.closes.map((c) => [c.id, c.reopenReason])).toEqual([
      [firstClose.id, 'Counted before the last resident paid'],
      [again.close!.id, null],
    ]);
  });

  it('is refused to SUPPORT, to the clerk who counted it, without a reason, and for a drawer not closed', async () => {
    const [clerk, support] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT', 'SUPPORT'] as const);
    const clerkId = await idOf(clerk);
    expect((await close(clerk, '0.00')).userErrors).toEqual([]);
    const input = { idempotencyKey: newKey('reopen'), clerkId, date: TODAY, reason: 'Miscount' };
    expect((await support.request(REOPEN, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const [counter] = await signInStaffMembers(env.platform, 'norman', ['ADMIN'] as const);
    expect((await close(counter, '0.00')).userErrors).toEqual([]);
    expect(await reopen(counter, { ...input, clerkId: await idOf(counter) })).toEqual({
      close: null,
      userErrors: [{ field: ['input', 'clerkId'], code: 'SECOND_STAFF_REQUIRED', message: 'Another administrator reopens your drawer: a count is never reopened by the one who made it.' }],
    });
    expect((await reopen(admin, { ...input, reason: '  ' })).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'reason'], 'REQUIRED']]);
    expect((await reopen(admin, { ...input, date: '2026-11-30' })).userErrors).toEqual([
      { field: ['input', 'date'], code: 'DRAWER_OPEN', message: 'This drawer for November 30, 2026 is open: there is no close to reopen.' },
    ]);
    // Still closed: none of these reopened it.
    expect((await clerk.data<{ counterDrawer: { close: { id: string } | null } }>(MINE)).counterDrawer.close).not.toBeNull();
  });

  it('and a payment sent at that moment: refused while closed, or taken once reopened, never lost', async () => {
    const [clerk] = await signInStaffMembers(env.platform, 'norman', ['SUPPORT'] as const);
    const clerkId = await idOf(clerk);
    const accountId = await accountOwing();
    expect((await close(clerk, '0.00')).userErrors).toEqual([]);
    // The account held: the payment waits on it inside its transaction, the reopening is sent meanwhile.
    const letGo = await holdRows(env.platform.db, 'norman', 'SELECT 1 FROM service_accounts WHERE id = $1 FOR UPDATE', [accountId]);
    let paid = false;
    const paying = record(clerk, cash(accountId, '7.00')).finally(() => (paid = true));
    await untilWaitingOnLocks(env.platform.db, '%', { finished: () => paid });
    const reopened = await reopen(admin, { idempotencyKey: newKey('reopen'), clerkId, date: TODAY, reason: 'A resident is waiting' });
    await letGo();
    const payment = await paying;
    expect(reopened.userErrors).toEqual([]);
    const total = (await clerk.data<{ counterDrawer: { total: { amount: string } } }>(MINE)).counterDrawer.total.amount;
    // Either the payment is in the drawer, or it was refused as the drawer was closed when it looked: nothing half-done.
    if (payment.userErrors.length === 0) expect(total).toBe('7.00');
    else expect([payment.userErrors.map((e) => e.code), total]).toEqual([['DRAWER_CLOSED'], '0.00']);
  });
});
