import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff, signInStaffMembers } from '../billing/billing-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { changeCitySettings } from '../tenants/city-settings';
import { newKey } from './payments-api';

/*
 * The city's returned-payment fee on a paper check its bank sent back: charged once with the return, on the ledger
 * with its memo in the reader's language, and told in the payer's notice. And a check is not "returned" on the day it
 * was taken: it is still in the clerk's drawer, so it is voided instead.
 */

// Tuesday 2026-12-01 in Norwalk (English and Spanish); the bank's return comes on Thursday.
const TUESDAY = new Date('2026-12-01T16:00:00Z');
const THURSDAY = new Date('2026-12-03T16:00:00Z');
const clock = new FixedClock(TUESDAY);
const env = platformWithMailCatcher({ clock });
let clerk: GraphQLTestClient;
let admin: GraphQLTestClient;
beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { counterPaymentsAccepted: true, returnedPaymentFee: '30.00' } });
  [clerk, admin] = await signInStaffMembers(env.platform, 'norwalk', ['SUPPORT', 'ADMIN'] as const);
});
afterEach(() => clock.set(TUESDAY));

type Problem = { field: string[]; code: string; message: string };
const RECORD = `mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id confirmationNumber } userErrors { code } } }`;
const RETURN = `mutation Returned($input: RecordReturnedCheckInput!) { recordReturnedCheck(input: $input) { payment { id status } userErrors { field code message } } }`;
const ACCOUNT = `query Account($id: UUID!) { serviceAccount(id: $id) { balance { amountDueNow { amount } } ledger(first: 20) { edges { node { kind amount { amount } memo memoLabel } } } } }`;
interface Account {
  serviceAccount: { balance: { amountDueNow: { amount: string } }; ledger: { edges: { node: { kind: string; amount: { amount: string }; memo: string | null; memoLabel: string | null } }[] } };
}

let accounts = 0;
async function accountOwing(): Promise<string> {
  const number = `57-${String(++accounts).padStart(4, '0')}-00`;
  const account = await openAccount(admin, { accountNumber: number });
  await importCsv(admin, [BILL_HEADER, `F-${number}-1,${number},2026-11-20,2026-12-20,150.00,0.00,`].join('\n'));
  return account.id;
}
async function checkTaken(accountId: string, amount: string, checkNumber: string, payerEmail?: string): Promise<{ id: string; confirmationNumber: string }> {
  const input = { idempotencyKey: newKey('check'), allocations: [{ serviceAccountId: accountId, amount }], method: 'CHECK', checkNumber, receivedBy: 'Pat Clerk', payerEmail };
  const answer = (await clerk.data<{ recordCounterPayment: { payment: { id: string; confirmationNumber: string } | null; userErrors: unknown[] } }>(RECORD, { input })).recordCounterPayment;
  if (!answer.payment) throw new Error(`not recorded: ${JSON.stringify(answer.userErrors)}`);
  return answer.payment;
}
const returnCheck = async (client: GraphQLTestClient, input: Record<string, unknown>) =>
  (await client.data<{ recordReturnedCheck: { payment: { id: string; status: string } | null; userErrors: Problem[] } }>(RETURN, { input })).recordReturnedCheck;
const accountOf = async (client: GraphQLTestClient, id: string) => (await client.data<Account>(ACCOUNT, { id })).serviceAccount;
const fees = (account: Account['serviceAccount']) => account.ledger.edges.map((e) => e.node).filter((n) => n.kind === 'FEE');

describe('a returned check, where the city charges a returned-payment fee', () => {
  it('adds the fee once, on the ledger with its memo in English and Spanish, and tells the payer', async () => {
    const accountId = await accountOwing();
    const payer = 'fee-check@example.com';
    const taken = await checkTaken(accountId, '60.00', '4401', payer);

    clock.set(THURSDAY);
    const thursdayAdmin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
    const input = { idempotencyKey: newKey('returned'), paymentId: taken.id, reason: 'INSUFFICIENT_FUNDS' };
    expect(await returnCheck(thursdayAdmin, input)).toEqual({ payment: { id: taken.id, status: 'RETURNED' }, userErrors: [] });
    // The $60.00 owed again, and the $30.00 fee.
    const account = await accountOf(thursdayAdmin, accountId);
    expect(account.balance.amountDueNow.amount).toBe('180.00');
    expect(fees(account)).toEqual([{ kind: 'FEE', amount: { amount: '30.00' }, memo: 'Returned check fee', memoLabel: 'Returned check fee' }]);
    expect(fees(await accountOf(thursdayAdmin.withHeaders({ 'accept-language': 'es' }), accountId)).map((fee) => fee.memoLabel)).toEqual(['Cargo por cheque devuelto']);

    // Sent again under its key: the same answer, no second fee.
    expect((await returnCheck(thursdayAdmin, input)).userErrors).toEqual([]);
    const after = await accountOf(thursdayAdmin, accountId);
    expect([after.balance.amountDueNow.amount, fees(after).length]).toEqual(['180.00', 1]);

    const told = (await env.deliveredTo(payer)).filter((m) => m.subject.includes(`${taken.confirmationNumber}`) && m.subject.includes('returned'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('A returned payment fee of $30.00 was added to your account.');
  });

  it('is refused on the day the check was taken, in English and Spanish: it is voided instead, and nothing is charged', async () => {
    const accountId = await accountOwing();
    const taken = await checkTaken(accountId, '20.00', '4402');
    const input = { idempotencyKey: newKey('returned'), paymentId: taken.id, reason: 'STOP_PAYMENT' };
    expect(await returnCheck(admin, input)).toEqual({
      payment: null,
      userErrors: [
        {
          field: ['input', 'paymentId'],
          code: 'NOT_RETURNABLE',
          message: 'A check comes back from its bank after the day it was taken: on that day, void it instead (another staff member does).',
        },
      ],
    });
    expect((await returnCheck(admin.withHeaders({ 'accept-language': 'es' }), input)).userErrors.map((e) => e.message)).toEqual([
      'Un cheque lo devuelve su banco después del día en que se recibió: ese día, anúlelo en su lugar (lo hace otro miembro del personal).',
    ]);
    const account = await accountOf(admin, accountId);
    expect([account.balance.amountDueNow.amount, fees(account)]).toEqual(['130.00', []]);
  });

  it('is offered (Payment.checkReturnable) to the ADMIN only, from the day after the check was taken', async () => {
    const accountId = await accountOwing();
    const taken = await checkTaken(accountId, '15.00', '4403');
    const returnable = async (client: GraphQLTestClient) =>
      (await client.data<{ payment: { checkReturnable: boolean } }>('query P($id: UUID!) { payment(id: $id) { checkReturnable } }', { id: taken.id })).payment.checkReturnable;
    expect([await returnable(admin), await returnable(clerk)]).toEqual([false, false]);
    clock.set(THURSDAY);
    const [thursdayClerk, thursdayAdmin] = await signInStaffMembers(env.platform, 'norwalk', ['SUPPORT', 'ADMIN'] as const);
    expect([await returnable(thursdayAdmin), await returnable(thursdayClerk)]).toEqual([true, false]);
    expect((await returnCheck(thursdayAdmin, { idempotencyKey: newKey('returned'), paymentId: taken.id, reason: 'OTHER', note: 'Signature missing' })).userErrors).toEqual([]);
    expect(await returnable(thursdayAdmin)).toBe(false);
  });
});
