import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { bankToken, newKey, pay, type MakePaymentResult } from './payments-api';

/*
 * A resident's e-checks came back twice for want of funds (R01) within 90 days, and the city blocked the bank account.
 * The bank wrote that the second return was its own error, and the city's ADMIN lifted the block: the very next R01
 * blocked it again, since the two returns from before the lift still counted within the 90 days. A lift now starts the
 * count afresh: the first R01 after it is forgiven, as a first one is, and a second blocks the account again.
 *
 * And the resident was never told: not that the city blocked the bank account (only that a payment came back), nor
 * that it was unblocked. Each is now emailed to whoever paid from it and whoever keeps it in their wallet, in their
 * language, with the city's branding, through the notifications service's outbox. Its payer hears of the block in the
 * return's own email (PAYMENT_RETURNED with `bankAccountBlocked`), one email saying both, not two in a row.
 */

const clock = new FixedClock(new Date('2026-12-01T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, trustProxy: true });
}, 120_000);
afterAll(() => platform.close());

/** At the sandbox bank, an account ending 0001 comes back R01. */
const EMPTY = '000444440001';
const BLOCKS = 'query Blocked { blockedBankAccounts(first: 20) { edges { node { id last4 blockedBecause } } } }';
const LIFT = 'mutation Lift($input: LiftBankAccountBlockInput!) { liftBankAccountBlock(input: $input) { userErrors { field code message } } }';

let nextAddress = 1;
const guestPays = async (language: 'en' | 'es' = 'en'): Promise<MakePaymentResult> =>
  pay(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}`, 'accept-language': language }), {
    idempotencyKey: newKey('nsf'),
    allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
    token: await bankToken(platform, EMPTY),
    payerEmail: 'nsf.holder@example.com',
  });

/** Pays from the empty account, and the bank returns it two days on. */
async function bouncesOn(iso: string, language: 'en' | 'es' = 'en'): Promise<void> {
  clock.set(new Date(iso));
  const paid = await guestPays(language);
  expect([paid.payment?.status, paid.userErrors]).toEqual(['AUTHORIZED', []]);
  clock.set(new Date(new Date(iso).getTime() + 2 * 24 * 60 * 60 * 1000));
  await platform.runJob('payments.settle-echecks');
}

const blocks = async () =>
  (
    await (await signInStaff(platform, 'norwalk', 'SUPPORT')).data<{ blockedBankAccounts: { edges: { node: { id: string; last4: string; blockedBecause: string } }[] } }>(BLOCKS)
  ).blockedBankAccounts.edges.map((e) => e.node);
const bankAccountNotices = () =>
  tenantRows<{ recipient: string; locale: string; template: string; data: Record<string, string> }>(
    platform,
    'norwalk',
    "SELECT recipient, locale, template, data FROM notification_outbox WHERE template LIKE 'BANK_ACCOUNT_%' AND channel = 'EMAIL' ORDER BY created_at, template",
  );
/** The returns' emails, oldest first: to whom, in what language, and the block each announced (null: none). */
const returnNotices = () =>
  tenantRows<{ recipient: string; locale: string; blocked: string | null }>(
    platform,
    'norwalk',
    "SELECT recipient, locale, data->>'bankAccountBlocked' AS blocked FROM notification_outbox WHERE template = 'PAYMENT_RETURNED' AND channel = 'EMAIL' ORDER BY created_at",
  );

it('blocks the bank account at its second R01 in 90 days, and emails its payer that it is blocked, in their language', async () => {
  await bouncesOn('2026-12-01T18:00:00Z');
  expect(await blocks()).toEqual([]);
  await bouncesOn('2026-12-04T18:00:00Z', 'es');
  expect(await blocks()).toMatchObject([{ last4: '0001', blockedBecause: 'R01' }]);
  // One email to the payer says both: the second return, and the block it brought.
  expect(await returnNotices()).toEqual([
    { recipient: 'nsf.holder@example.com', locale: 'en', blocked: null },
    { recipient: 'nsf.holder@example.com', locale: 'es', blocked: 'R01' },
  ]);
  expect(await bankAccountNotices()).toEqual([]);
});

it('emails the payer when staff lift the block, and starts the count of R01 returns afresh', async () => {
  clock.set(new Date('2026-12-08T18:00:00Z'));
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const [block] = await blocks();
  const lifted = await admin.data<{ liftBankAccountBlock: { userErrors: unknown[] } }>(LIFT, { input: { bankAccountId: block!.id, reason: 'Bank letter: second return sent in error' } });
  expect(lifted.liftBankAccountBlock.userErrors).toEqual([]);
  expect((await bankAccountNotices()).map((n) => [n.template, n.recipient, n.data])).toEqual([['BANK_ACCOUNT_UNBLOCKED', 'nsf.holder@example.com', { bankAccount: '0001' }]]);

  // The first R01 after the lift is forgiven, as a first one is: the two before it no longer count.
  await bouncesOn('2026-12-09T18:00:00Z');
  expect(await blocks()).toEqual([]);
  // A second one after the lift blocks the account again, and says so again.
  await bouncesOn('2026-12-12T18:00:00Z');
  expect(await blocks()).toMatchObject([{ last4: '0001', blockedBecause: 'R01' }]);
  expect((await returnNotices()).map((n) => n.blocked)).toEqual([null, 'R01', null, 'R01']);
  expect((await bankAccountNotices()).map((n) => n.template)).toEqual(['BANK_ACCOUNT_UNBLOCKED']);
});
