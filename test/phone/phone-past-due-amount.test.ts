import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { BILL_HEADER, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { NORWALK_LINE, PhoneCall } from './phone-call';

/*
 * October's $50.00 bill, due October 22, is unpaid; November's $40.00 bill
 * is due December 6. On November 23 the caller heard "the amount due is
 * $90.00, due December 6, 2026": the next bill's date (the balance's
 * nextDueDate) read as the date of the whole amount, so they would wait two
 * weeks while the account heads for disconnection. The past-due part is to
 * be paid now, by billing's one rule (amountDueTerms), as autopay's skipped
 * notice, the portal's balance and the guest look-up say it.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
  staff = await signInStaff(platform, 'norwalk', 'ADMIN');
});
afterAll(() => platform.close());

const OCTOBER = '2026-10-01,2026-10-22,30.00,15.00,5.00';
const NOVEMBER = '2026-11-15,2026-12-06,25.00,10.00,5.00';

/** A new Norwalk account with these bills (issue date, due date, water, sewer, trash): its id, and its number as keyed. */
async function accountBilled(accountNumber: string, ...bills: string[]): Promise<{ readonly id: string; readonly keys: string }> {
  const account = await openAccount(staff, { accountNumber });
  const imported = await importCsv(staff, [BILL_HEADER, ...bills.map((bill, i) => `${accountNumber}-${i},${accountNumber},${bill}`)].join('\n'));
  expect(imported.imported).toBe(bills.length);
  return { id: account.id, keys: accountNumber.replace(/\D/g, '') };
}

/** What the caller hears once the account is verified, in English (1) or Spanish (2). */
async function summaryHeard(keys: string, language: '1' | '2' = '1'): Promise<PhoneCall> {
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press(language);
  await call.press(keys);
  return call;
}

it('tells a caller the past-due part of the amount due is to be paid now, not that all of it is due on the next bill’s date', async () => {
  const account = await accountBilled('77-4242-00', OCTOBER, NOVEMBER);
  const summary = (await summaryHeard(account.keys)).last!;
  expect(summary.said[0]).toBe('For the account ending in 4, 2, 0, 0, the amount due is $90.00, of which $50.00 is past due: please pay now.');
  expect(summary.text).not.toContain('December 6');

  const spanish = (await summaryHeard(account.keys, '2')).last!;
  expect(spanish.said[0]).toBe('Para la cuenta que termina en 4, 2, 0, 0, el monto a pagar es $90.00, del cual $50.00 ya está vencido: por favor pague ahora.');
}, 60_000);

it('tells a caller whose whole amount due is past due to pay it now', async () => {
  const account = await accountBilled('77-4244-00', OCTOBER);
  expect((await summaryHeard(account.keys)).last!.said[0]).toBe('For the account ending in 4, 4, 0, 0, the amount due is $50.00, and it is past due: please pay now.');
  expect((await summaryHeard(account.keys, '2')).last!.said[0]).toBe('Para la cuenta que termina en 4, 4, 0, 0, el monto a pagar es $50.00, y ya está vencido: por favor pague ahora.');
}, 60_000);

it('gives the next bill’s date once the past-due part is paid, while that payment is still to post', async () => {
  const account = await accountBilled('77-4246-00', OCTOBER, NOVEMBER);
  const call = await summaryHeard(account.keys);
  await call.press('2');
  await call.press('5000');
  await call.chooseCard();
  expect(call.last?.pay).toBe(true);
  expect((await call.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('You are paying $50.00');
  expect((await call.press('1')).text).toContain('Your payment of $50.00 was accepted.');

  expect((await summaryHeard(account.keys)).last!.said[0]).toBe('For the account ending in 4, 6, 0, 0, the amount due is $40.00, due December 6, 2026.');
}, 60_000);

it('gives the portal the same terms: the past-due part to pay now, and no due date while there is one', async () => {
  const account = await accountBilled('77-4248-00', OCTOBER, NOVEMBER);
  const { serviceAccount } = await staff.data<{ serviceAccount: { balance: Record<string, unknown> } }>(
    'query Balance($id: UUID!) { serviceAccount(id: $id) { balance { amountDueNow { amount } pastDueNow { amount } dueDate nextDueDate } } }',
    { id: account.id },
  );
  expect(serviceAccount.balance).toEqual({ amountDueNow: { amount: '90.00' }, pastDueNow: { amount: '50.00' }, dueDate: null, nextDueDate: '2026-12-06' });

  const { lookupAccount } = await platform.client
    .asTenant('norwalk')
    .data<{ lookupAccount: { account: Record<string, unknown> } }>(
      'mutation Lookup($input: LookupAccountInput!) { lookupAccount(input: $input) { account { amountDue { amount } pastDueNow { amount } dueDate } } }',
      { input: { accountNumber: '77-4248-00' } },
    );
  expect(lookupAccount.account).toEqual({ amountDue: { amount: '90.00' }, pastDueNow: { amount: '50.00' }, dueDate: null });
}, 60_000);
