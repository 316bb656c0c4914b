import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { BILL_HEADER, MARK_DISCONNECTED, accountById, importCsv, openAccount, signInStaff } from './billing-api';

/*
 * A resident pays a past-due account in full; the card is charged, but the
 * processor answers late and the payment is in doubt ("being confirmed").
 * Billing learns of a payment only once it is charged, so the balance still
 * shows the debt. Staff recording the disconnection then cut off a household
 * that paid in time, and reconciliation later turned it into a restoration
 * request waiting for approval. A disconnection waits for the payment.
 */

const clock = new FixedClock(new Date('2026-11-23T20:00:00Z'));
let platform: TestPlatform;
let support: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: 1500 });
  support = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const rules = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation R($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { userErrors { field code } } }',
    { input: { disconnectionRules: { daysPastDue: 30, minimumPastDueAmount: '10.00' } } },
  );
  expect(rules.updateTenant.userErrors).toEqual([]);
});
afterAll(() => platform.close());

type Marked = { markAccountDisconnected: { serviceAccount: { status: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };

it('refuses to record a disconnection while the resident’s payment in full is still being confirmed (found by review: cut off, then a restoration to wait for)', async () => {
  const account = await openAccount(support, { accountNumber: '66-0001-00', addressLine1: '600 Elm St' });
  await importCsv(support, [BILL_HEADER, 'W-66001,66-0001-00,2026-09-01,2026-09-22,13.13,,'].join('\n'));
  await platform.runJob('billing.disconnection-sweep');
  expect((await accountById(support, account.id)).status).toBe('DISCONNECT_ELIGIBLE');
  // The sandbox holds its answer to $13.13 past the gateway's wait: charged, but in doubt.
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '66-0001-00', amount: '13.13' }],
    token: await cardToken(platform),
    payerEmail: 'paid.in.full@example.com',
  });
  expect(paid.payment?.status).toBe('UNKNOWN');
  clock.advance(60_000);

  const marked = await support.data<Marked>(MARK_DISCONNECTED, { id: account.id });
  expect(marked.markAccountDisconnected).toEqual({
    serviceAccount: null,
    userErrors: [
      {
        field: ['serviceAccountId'],
        code: 'PAYMENT_BEING_CONFIRMED',
        message: 'A payment to this account is still being confirmed with the payment processor; do not disconnect it until it is settled.',
      },
    ],
  });
  expect((await accountById(support, account.id)).status).toBe('DISCONNECT_ELIGIBLE');

  // Reconciliation finds it charged: the account owes nothing and was never cut off.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  const after = await accountById(support, account.id);
  expect(after.balance.amountDueNow.amount).toBe('0.00');
  expect(after.status).not.toMatch(/DISCONNECTED|RESTORATION_PENDING/);
}, 60_000);

it('does not flag an account for disconnection while its payment in full is being confirmed, and flags it once that payment failed', async () => {
  const account = await openAccount(support, { accountNumber: '66-0002-00', addressLine1: '602 Elm St' });
  await importCsv(support, [BILL_HEADER, 'W-66002,66-0002-00,2026-09-01,2026-09-22,13.14,,'].join('\n'));
  // The sandbox holds its answer to $13.14 past the gateway's wait, then charges nothing.
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '66-0002-00', amount: '13.14' }],
    token: await cardToken(platform),
    payerEmail: 'paid.in.time@example.com',
  });
  expect(paid.payment?.status).toBe('UNKNOWN');
  clock.advance(60_000);
  await platform.runJob('billing.disconnection-sweep');
  // Before: DISCONNECT_ELIGIBLE, on the field crews' list while the payment might have gone through.
  expect((await accountById(support, account.id)).status).toBe('ACTIVE');

  await new Promise((resolve) => setTimeout(resolve, 1600));
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  await platform.runJob('billing.disconnection-sweep');
  expect((await accountById(support, account.id)).status).toBe('DISCONNECT_ELIGIBLE');
}, 60_000);
