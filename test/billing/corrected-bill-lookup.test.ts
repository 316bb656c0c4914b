import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { ADJUST, BILL_HEADER, accountById, importCsv, openAccount, platformWithStaff } from './billing-api';

/*
 * Bills are never altered: an ADMIN corrects one with an adjustment naming it.
 * A guest finds a bill by the number printed on it ("Pay a bill") and is
 * offered what the bill still owes, but that figure counted payments alone:
 * a $100 bill cancelled by a -$100 correction, the account owing $0.00, was
 * still offered at $100.00, and a guest paying it left the account $100 in
 * credit for a bill the city had cancelled (found by the bill-import
 * attacker). What a payable owes now counts the fees and corrections made
 * to it, in the look-up and in the payment's own check alike.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithStaff('norwalk', 'ADMIN', { clock });

const LOOKUP_PAYABLE = `mutation Find($input: LookupPayableInput!) { lookupPayable(input: $input) { payable { payableId amountDue { amount } total { amount } } userErrors { code } } }`;
type Found = { lookupPayable: { payable: { payableId: string; amountDue: { amount: string }; total: { amount: string } } | null; userErrors: unknown[] } };
const guestFinds = async (referenceNumber: string) =>
  (await env.platform.client.asTenant('norwalk').data<Found>(LOOKUP_PAYABLE, { input: { kind: 'UTILITY_BILL', referenceNumber } })).lookupPayable.payable;
const payableId = async (number: string) => (await tenantRows<{ id: string }>(env.platform, 'norwalk', 'SELECT id FROM payables WHERE reference_number = $1', [number]))[0]!.id;
const correct = async (serviceAccountId: string, bill: string, amount: string, memo: string) =>
  expect(
    (
      await env.staff.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, {
        input: { serviceAccountId, payableId: await payableId(bill), kind: 'ADJUSTMENT', amount, memo, idempotencyKey: newKey('correction') },
      })
    ).recordAccountAdjustment.userErrors,
  ).toEqual([]);

/** A Norwalk account (which takes credit) with one $100 bill. */
async function billed(accountNumber: string, bill: string) {
  const account = await openAccount(env.staff, { accountNumber });
  expect(await importCsv(env.staff, [BILL_HEADER, `${bill},${accountNumber},2026-11-01,2026-11-22,100.00,,`].join('\n'))).toMatchObject({ imported: 1 });
  return account;
}

it('offers a guest nothing to pay on a bill an ADMIN cancelled by a credit naming it, and takes no payment of it', async () => {
  const account = await billed('81-0001-00', 'P-8101');
  await correct(account.id, 'P-8101', '-100.00', 'Bill P-8101 issued in error (meter of the neighbour)');
  expect((await accountById(env.staff, account.id)).balance.amountDueNow.amount).toBe('0.00');

  // The resident keys the number printed on the bill into "Pay a bill".
  const found = await guestFinds('P-8101');
  expect({ due: found?.amountDue.amount, total: found?.total.amount }).toEqual({ due: '0.00', total: '100.00' });
  const paid = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('guest'),
    allocations: [{ payableId: found!.payableId, amount: '100.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'guest@example.com',
  });
  expect({ payment: paid.payment, codes: paid.userErrors.map((e) => e.code) }).toEqual({ payment: null, codes: ['EXCEEDS_AMOUNT_DUE'] });
  expect((await accountById(env.staff, account.id)).balance.credit.amount).toBe('0.00');
});

it('offers a guest only what is left of a bill corrected down in part, and more of one corrected up', async () => {
  const account = await billed('81-0002-00', 'P-8102');
  await correct(account.id, 'P-8102', '-40.00', 'Bill P-8102: estimated read corrected');
  expect((await accountById(env.staff, account.id)).balance.amountDueNow.amount).toBe('60.00');
  expect((await guestFinds('P-8102'))?.amountDue.amount).toBe('60.00');

  const other = await billed('81-0003-00', 'P-8103');
  await correct(other.id, 'P-8103', '15.00', 'Bill P-8103: sewer line left off');
  expect((await guestFinds('P-8103'))?.amountDue.amount).toBe('115.00');
});
