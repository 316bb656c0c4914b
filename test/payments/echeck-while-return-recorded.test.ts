import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { at, autopayPayments, myAccounts, newCustomer, openAccountWithBill, saveToken, enrolAutopay } from '../autopay/autopay-api';
import { tenantRows } from '../customers/customer-api';
import { untilWaitingOnLocks } from '../db/lock-waits';
import { changeCitySettings } from '../tenants/city-settings';
import { BANK, bankToken, newKey, pay, processorCharges, type MakePaymentResult } from './payments-api';

/*
 * An e-check that comes back R02 (account closed) blocks its bank account:
 * a later e-check from it is refused before the processor is asked
 * anything. That first read is made without the bank account's lock, which
 * the return takes as it is recorded; a new e-check made while the return is
 * being recorded reads the bank account as not yet blocked. It is read again
 * under the lock, as the e-check is recorded, and refused there: charged, it
 * would come back from the closed account too and cost the account paid a
 * second returned-payment fee. Autopay's debit from it is decided again
 * under the same lock, as its run records it.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, trustProxy: true });
  await changeCitySettings(platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' }, autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
});
afterAll(() => platform.close());

let nextAddress = 1;
const guestPaysFromClosedAccount = async (): Promise<MakePaymentResult> =>
  pay(platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${nextAddress++}` }), {
    idempotencyKey: newKey('closed'),
    allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
    token: await bankToken(platform, BANK.accounts.returnsAccountClosed),
    payerEmail: 'payer@example.com',
  });

/**
 * Runs the settlement job, which records the return, and `meanwhile` while it waits on the bank account's lock, held
 * here (as a slow return's own transaction would hold it) until `meanwhile` waits on it too: the return goes first.
 */
async function whileReturnIsRecorded<T>(paymentId: string, meanwhile: () => Promise<T>): Promise<T> {
  const [payment] = await tenantRows<{ tenant_id: string; fingerprint: string }>(platform, 'norwalk', 'SELECT tenant_id, method_fingerprint AS fingerprint FROM payments WHERE id = $1', [paymentId]);
  const holder = platform.db.createQueryRunner();
  await holder.connect();
  await holder.startTransaction();
  try {
    await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bank-account:${payment!.tenant_id}:${payment!.fingerprint}`]);
    const settlement = platform.runJob('payments.settle-echecks');
    await untilWaitingOnLocks(platform.db, '%pg_advisory_xact_lock%');
    let done = false;
    const answer = meanwhile().finally(() => (done = true));
    await untilWaitingOnLocks(platform.db, '%pg_advisory_xact_lock%', { n: 2, finished: () => done });
    await holder.commitTransaction();
    await settlement;
    return await answer;
  } finally {
    if (holder.isTransactionActive) await holder.rollbackTransaction();
    await holder.release();
  }
}

it('refuses an e-check from a bank account blocked by a return recorded while the e-check was being made, and does not charge it', async () => {
  at(clock, '2026-11-23T18:00:00Z');
  const first = await guestPaysFromClosedAccount();
  expect([first.payment?.status, first.userErrors]).toEqual(['AUTHORIZED', []]);
  const chargesBefore = (await processorCharges(platform)).length;

  // Two days on, the bank has returned it R02, and the same bank account pays the account again as that is recorded.
  at(clock, '2026-11-25T18:30:00Z');
  const second = await whileReturnIsRecorded(first.payment!.id, guestPaysFromClosedAccount);

  expect(second).toEqual({
    payment: null,
    receiptToken: null,
    userErrors: [{ field: ['input', 'token'], code: 'BANK_ACCOUNT_BLOCKED', message: 'This bank account cannot be used here after a returned payment. Please use another method.' }],
  });
  expect((await processorCharges(platform)).length).toBe(chargesBefore);
  const [bankAccount] = await tenantRows(platform, 'norwalk', 'SELECT status, reason FROM bank_accounts WHERE fingerprint = (SELECT method_fingerprint FROM payments WHERE id = $1)', [
    first.payment!.id,
  ]);
  expect(bankAccount).toEqual({ status: 'BLOCKED', reason: 'R02' });
});

it("does not take autopay's debit from a bank account blocked by a return recorded as the run charges, and suspends autopay", async () => {
  // Ana pays one account by autopay from her bank account, and two days before its deduction day pays her other
  // account once from the same bank account. That account was closed: the bank returns the e-check (R02) as the
  // deduction day's run charges.
  at(clock, '2026-03-01T18:00:00Z');
  await openAccountWithBill(platform, '10-3401-00', '40.00');
  await openAccountWithBill(platform, '10-3402-00', '30.00');
  const ana = await newCustomer(platform, { email: 'ana.closed.bank@example.com', accounts: ['10-3401-00', '10-3402-00'] });
  const bankId = await saveToken(await ana.client(), await bankToken(platform, '000555550002'));
  await enrolAutopay(ana, ana.accounts['10-3401-00']!, { paymentMethodId: bankId });
  at(clock, '2026-03-13T18:00:00Z');
  const once = await pay(await ana.client(), { idempotencyKey: newKey('once'), allocations: [{ serviceAccountId: ana.accounts['10-3402-00'], amount: '30.00' }], savedMethodId: bankId });
  expect([once.payment?.status, once.userErrors]).toEqual(['AUTHORIZED', []]);
  const chargesBefore = (await processorCharges(platform)).length;

  at(clock, '2026-03-15T18:30:00Z');
  await whileReturnIsRecorded(once.payment!.id, () => platform.runJob('autopay.run', {}, { timeoutMs: 15_000 }));

  // No debit from the closed account, and the next run suspends her autopay before trying one.
  expect((await processorCharges(platform)).length).toBe(chargesBefore);
  expect((await autopayPayments(platform, 'norwalk')).filter((p) => p.service_account_id === ana.accounts['10-3401-00'])).toEqual([]);
  await platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect((await myAccounts(await ana.client()))['10-3401-00']!.autopay).toMatchObject({ status: 'SUSPENDED' });
  expect((await processorCharges(platform)).length).toBe(chargesBefore);
});
