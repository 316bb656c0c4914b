import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { bearer, registerCustomer } from '../customers/customer-api';
import { BANK, REFUND, bankToken, cardToken, newKey, pay, refundAtProcessor } from '../payments/payments-api';
import { ADJUST, signInStaff } from './billing-api';

/*
 * A Norwalk resident reads their account's ledger in Spanish. The platform
 * writes some memos itself (a returned e-check's reason and its fee, a refund
 * made in the processor's dashboard) and stores them in English, so the
 * table reads on its own; `memoLabel` says them in the request's language.
 * What staff typed (an adjustment's reason) is theirs, shown as typed.
 */

// 10:00 in Norwalk on Monday 2026-11-23.
const NOW = new Date('2026-11-23T18:00:00Z');
const clock = new FixedClock(NOW);
let platform: TestPlatform;
let resident: GraphQLTestClient;
let accountId: string;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  await platform.operator.data('mutation { updateTenant(slug: "norwalk", input: { paymentRules: { returnedPaymentFee: "25.00" } }) { userErrors { code } } }');
  const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'memo-reader@example.com', name: 'Maria Lopez' });
  resident = bearer(platform.client.asTenant('norwalk'), session);
  const { linkServiceAccount } = await resident.data<{ linkServiceAccount: { serviceAccount: { id: string } } }>(
    'mutation { linkServiceAccount(input: { accountNumber: "10-1001-00", serviceHouseNumber: "12700" }) { serviceAccount { id } } }',
  );
  accountId = linkServiceAccount.serviceAccount.id;
});
afterAll(() => platform.close());

/** Runs the jobs at another moment, then comes back to NOW. */
async function at(iso: string, ...jobs: string[]): Promise<void> {
  clock.set(new Date(iso));
  try {
    for (const job of jobs) await platform.runJob(job);
  } finally {
    clock.set(NOW);
  }
}

type Entry = { kind: string; amount: { amount: string }; memo: string | null; memoLabel: string | null };
const LEDGER = '{ viewer { serviceAccounts { id ledger(first: 20) { edges { node { kind amount { amount } memo memoLabel } } } } } }';
async function ledgerAsRead(locale: 'en' | 'es'): Promise<string[][]> {
  const { viewer } = await resident.withHeaders({ 'accept-language': locale }).data<{ viewer: { serviceAccounts: { id: string; ledger: { edges: { node: Entry }[] } }[] } }>(LEDGER);
  const account = viewer.serviceAccounts.find((a) => a.id === accountId)!;
  return account.ledger.edges.map(({ node }) => [node.kind, node.amount.amount, node.memo ?? '', node.memoLabel ?? '']).filter(([kind]) => kind !== 'BILL_ISSUED' && kind !== 'PAYMENT_POSTED');
}

it("says the platform's own ledger memos in the reader's language, and what staff typed as typed", async () => {
  // An e-check from an empty bank account, posted on its day and returned R01 by the bank on Wednesday.
  const echeck = await pay(resident, {
    idempotencyKey: newKey('memo'),
    allocations: [{ serviceAccountId: accountId, amount: '10.00' }],
    token: await bankToken(platform, BANK.accounts.returnsInsufficientFunds),
  });
  expect(echeck.userErrors).toEqual([]);
  await at('2026-11-24T18:00:00Z', 'payments.post');
  await at('2026-11-25T18:00:00Z', 'payments.settle-echecks');
  // A card payment the city refunded in part from the processor's own dashboard, found on its posting day.
  const card = await pay(resident, { idempotencyKey: newKey('memo'), allocations: [{ serviceAccountId: accountId, amount: '15.00' }], token: await cardToken(platform) });
  expect(card.payment?.status).toBe('CAPTURED');
  await refundAtProcessor(platform, card.payment!.id, 500n);
  await at('2026-11-25T18:00:00Z', 'payments.post', 'payments.post');
  // A correction a clerk wrote, in Spanish, for the resident.
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const typed = 'Lectura del medidor corregida';
  const { recordAccountAdjustment } = await staff.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
    input: { serviceAccountId: accountId, kind: 'ADJUSTMENT', amount: '-3.00', memo: typed, idempotencyKey: newKey('adjust') },
  });
  expect(recordAccountAdjustment.userErrors).toEqual([]);
  // A refund a clerk gave, with a reason for the city's records only: its label is no way round that.
  const { refundPayment } = await staff.data<{ refundPayment: { userErrors: unknown[] } }>(REFUND, {
    input: { paymentId: card.payment!.id, amount: '2.00', reason: 'Vecino conflictivo', idempotencyKey: newKey('refund') },
  });
  expect(refundPayment.userErrors).toEqual([]);

  expect(await ledgerAsRead('es')).toEqual([
    ['REFUND', '2.00', '', ''],
    ['ADJUSTMENT', '-3.00', typed, typed],
    ['REFUND', '5.00', 'refunded at the processor', 'Reembolsado en el procesador'],
    ['FEE', '25.00', 'Returned payment fee (R01)', 'Cargo por pago devuelto (R01)'],
    ['PAYMENT_REVERSED', '10.00', 'e-check returned R01', 'Cheque electrónico devuelto por el banco (R01)'],
  ]);
  expect((await ledgerAsRead('en')).map(([kind, , , label]) => [kind, label])).toEqual([
    ['REFUND', ''],
    ['ADJUSTMENT', typed],
    ['REFUND', 'Refunded at the processor'],
    ['FEE', 'Returned payment fee (R01)'],
    ['PAYMENT_REVERSED', 'E-check returned by the bank (R01)'],
  ]);
});
