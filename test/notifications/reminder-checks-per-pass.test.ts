import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { ADJUST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { openAccountWithBill } from '../autopay/autopay-api';
import { countStatements } from '../gateway/statement-counter';
import { newKey } from '../payments/payments-api';
import { queueMessage } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * Right before an autopay reminder goes out, delivery reads billing for
 * whether its account was closed and whether what it announced was paid down
 * whole since (then it is withdrawn, not sent). It used to ask billing once
 * per reminder, each in a transaction of its own: a pass over the 3rd-of-month
 * backlog of a city's reminders cost five statements more per reminder. Billing
 * is now read once per claim, for all its reminders together, and each
 * reminder still gets its own answer.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let platform: TestPlatform;
let smtp: SmtpCatcher;
let staff: GraphQLTestClient;
let counter: ReturnType<typeof countStatements>;
const ACCOUNTS = Array.from({ length: 10 }, (_, i) => `10-87${String(i).padStart(2, '0')}-00`);
const CLOSED = ACCOUNTS[9]!;
/** When the reminders were queued: before the credits. */
const REMINDED_AT = '2026-03-12T15:10:00.000Z';

const CLOSE = `mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { userErrors { code } } }`;
const billingReads = (statements: readonly string[]) => statements.filter((s) => /\b(service_accounts|payment_allocations|ledger_entries)\b/.test(s));

async function creditWhole(account: string) {
  const [bill] = await tenantRows<{ id: string; service_account_id: string }>(platform, 'norwalk', 'SELECT id, service_account_id FROM payables WHERE reference_number = $1', [`B-${account}`]);
  const { recordAccountAdjustment } = await staff.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId: bill!.service_account_id, payableId: bill!.id, kind: 'ADJUSTMENT', amount: '-60.00', memo: 'Billed the wrong house', idempotencyKey: newKey('credit') },
  });
  expect(recordAccountAdjustment.userErrors).toEqual([]);
}

const remind = (account: string) =>
  queueMessage(platform, 'norwalk', {
    to: `owner.${account}@example.com`,
    template: 'AUTOPAY_REMINDER',
    accountNumbers: [account],
    data: {
      accountNumber: account,
      amount: '$60.00',
      deductionDate: '2026-03-15',
      amountDueCents: '6000',
      amountDueSince: REMINDED_AT,
      message: `$60.00 will be taken from your card for account ${account} on March 15, 2026.`,
    },
  });

async function outcomes(ids: readonly string[]): Promise<Record<string, string>> {
  const rows = await tenantRows<{ id: string; status: string; failure_reason: string | null }>(platform, 'norwalk', 'SELECT id, status, failure_reason FROM notification_outbox WHERE id = ANY($1)', [
    ids,
  ]);
  return Object.fromEntries(rows.map((r) => [r.id, r.failure_reason ?? r.status]));
}

/** One delivery pass over the reminders of `accounts`, claimed in that order; what became of each, and the statements it read billing with. */
async function passOver(accounts: readonly string[]) {
  const ids: string[] = [];
  for (const account of accounts) {
    // A millisecond apart: a claim takes the oldest due first, so the pass meets them in this order.
    clock.set(new Date(clock.now().getTime() + 1));
    ids.push(await remind(account));
  }
  const { statements } = await counter.during(() => platform.deliverNotifications());
  const became = await outcomes(ids);
  return { outcomes: accounts.map((account, i) => [account, became[ids[i]!]]), billingReads: billingReads(statements).length };
}

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ clock, notifications: { smtpUrl: smtp.url } });
  for (const account of ACCOUNTS) await openAccountWithBill(platform, account, '60.00');
  // March 13, after the reminders were queued: every other bill cancelled with a credit, and one account closed.
  clock.set(new Date('2026-03-13T16:00:00Z'));
  staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  for (const account of ACCOUNTS.filter((_, i) => i % 2 === 0)) await creditWhole(account);
  const [closing] = await tenantRows<{ id: string }>(platform, 'norwalk', 'SELECT id FROM service_accounts WHERE account_number = $1', [CLOSED]);
  const { closeServiceAccount } = await staff.data<{ closeServiceAccount: { userErrors: unknown[] } }>(CLOSE, { id: closing!.id });
  expect(closeServiceAccount.userErrors).toEqual([]);
  // Whatever the demo city had waiting goes first, so the passes measured carry only their reminders.
  await platform.deliverNotifications();
  counter = countStatements(platform.db);
}, 120_000);
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

it('reads billing as often for a pass of ten reminders as for a pass of two, and withdraws exactly those no longer true', async () => {
  const two = await passOver(ACCOUNTS.slice(0, 2));
  const ten = await passOver(ACCOUNTS);
  expect(two.outcomes).toEqual([
    [ACCOUNTS[0], 'WITHDRAWN'],
    [ACCOUNTS[1], 'SENT'],
  ]);
  expect(ten.outcomes).toEqual(ACCOUNTS.map((account, i) => [account, account === CLOSED || i % 2 === 0 ? 'WITHDRAWN' : 'SENT']));
  // Not vacuous: billing was read at all.
  expect(two.billingReads).toBeGreaterThan(0);
  expect(ten.billingReads).toBe(two.billingReads);
});

it('gives each reminder its own answer when one about a closed account comes before the others in the claim', async () => {
  // Billing is asked whether reminders were paid down only for those about open accounts: each of those must take its
  // own answer, not the one of the reminder after it, whatever the place of the closed account's reminder.
  const first = await passOver([CLOSED, ...ACCOUNTS.slice(0, 4)]);
  expect(first.outcomes).toEqual([
    [CLOSED, 'WITHDRAWN'],
    [ACCOUNTS[0], 'WITHDRAWN'],
    [ACCOUNTS[1], 'SENT'],
    [ACCOUNTS[2], 'WITHDRAWN'],
    [ACCOUNTS[3], 'SENT'],
  ]);
});
