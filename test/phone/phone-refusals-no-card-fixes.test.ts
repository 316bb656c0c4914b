import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { callNorwalkToCard, callNorwalkToConfirm, callPayments, NORWALK_LINE, norwalkAccountOwing, PhoneCall } from './phone-call';
import { changeCitySettings } from '../tenants/city-settings';
import { ADJUST, openAccount, signInStaff } from '../billing/billing-api';

/*
 * A payment refused for something no card changes must not send the caller
 * to key another card: every card is refused alike, and the caller went round
 * and round. More than the account owes, where the city takes no credit, is
 * told before the card and asks for another amount (as an amount over the
 * city's maximum does: phone-amount-due-over-max.test.ts), and an account
 * that owes nothing is offered no payment at all; a payment of the
 * account still being confirmed is said, and the call ends. A closed account
 * takes no credit whatever the city's rule, and the line holds it to that too.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // The gateway gives the processor 1 s; the sandbox's magic amounts ($13.14) hold their answer for 2.5 s.
  platform = await startTestPlatform({ processorTimeoutMs: 1000, sandboxHangMs: 2500 });
});
afterAll(() => platform.close());

const ENTER_AMOUNT = 'Enter the amount to pay in dollars and cents, then press pound. For example, for 50 dollars, press 5, 0, 0, 0, pound.';

/** After a refused amount, the caller keys $50.00, all that is owed, and pays it by card: one payment, taken. */
async function paysFiftyInstead(call: PhoneCall): Promise<void> {
  await call.press('5000');
  await call.chooseCard();
  expect(call.last?.pay).toBe(true);
  await call.payWith(SANDBOX_TEST_CARDS.visa);
  expect((await call.press('1')).text).toContain('Your payment of $50.00 was accepted.');
  expect(await callPayments(platform, call)).toEqual([expect.objectContaining({ status: 'CAPTURED' })]);
}

describe('a caller of a city that takes no credit', () => {
  beforeAll(() => changeCitySettings(platform, 'norwalk', { paymentRules: { accountCreditAllowed: false } }));
  afterAll(() => changeCitySettings(platform, 'norwalk', { paymentRules: { accountCreditAllowed: true } }));

  it('who keys more than the account owes is told so before any card, and asked for another amount', async () => {
    const account = await norwalkAccountOwing(platform, '50.00');
    const call = await callNorwalkToCard(platform, '50000', { account: account.keys });
    expect({ pay: call.last?.pay, said: call.last?.said }).toEqual({ pay: false, said: ['This account owes $50.00; this city does not take more than is owed.', ENTER_AMOUNT] });
    await paysFiftyInstead(call);
  }, 60_000);

  it('whose account owes nothing is offered no payment, which every amount would be refused, and may end the call', async () => {
    const account = await openAccount(await signInStaff(platform, 'norwalk', 'ADMIN'));
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    await call.press('1');
    const summary = await call.press(account.accountNumber.replace(/\D/g, ''));
    expect(summary.said).toEqual([expect.stringContaining('nothing is due at this time.'), 'To end the call, press 3.', 'To speak with customer service, press 0.']);
    const two = await call.press('2');
    expect({ pay: two.pay, said: two.said[0] }).toEqual({ pay: false, said: 'That is not one of the choices.' });
    const ended = await call.press('3');
    expect({ said: ended.said, hangsUp: ended.hangsUp }).toEqual({ said: ['Thank you for calling. Goodbye.'], hangsUp: true });
  });

  it('whose account came to owe less while they keyed their card is asked for another amount, not another card', async () => {
    const account = await norwalkAccountOwing(platform, '50.00');
    const call = await callNorwalkToConfirm(platform, '4000', SANDBOX_TEST_CARDS.visa, { account: account.keys });
    // Meanwhile another phone in the house pays $20.00 of it.
    const other = await callNorwalkToConfirm(platform, '2000', SANDBOX_TEST_CARDS.visa, { account: account.keys });
    expect((await other.press('1')).text).toContain('Your payment of $20.00 was accepted.');

    const refused = await call.press('1');
    expect({ pay: refused.pay, said: refused.said }).toEqual({
      pay: false,
      said: ['We could not take this payment. This account owes $30.00; this city does not take more than is owed.', ENTER_AMOUNT],
    });
    await call.press('3000');
    await call.chooseCard();
    expect(call.last?.pay).toBe(true);
    await call.payWith(SANDBOX_TEST_CARDS.mastercard);
    expect((await call.press('1')).text).toContain('Your payment of $30.00 was accepted.');
    expect(await callPayments(platform, call)).toEqual([expect.objectContaining({ status: 'CAPTURED' })]);
  }, 60_000);

  it('whose account came to owe less while they keyed their card has the next amount held to what it owes now, before any card', async () => {
    const account = await norwalkAccountOwing(platform, '50.00');
    const call = await callNorwalkToConfirm(platform, '4000', SANDBOX_TEST_CARDS.visa, { account: account.keys });
    const other = await callNorwalkToConfirm(platform, '2000', SANDBOX_TEST_CARDS.visa, { account: account.keys });
    expect((await other.press('1')).text).toContain('Your payment of $20.00 was accepted.');
    expect((await call.press('1')).said[0]).toBe('We could not take this payment. This account owes $30.00; this city does not take more than is owed.');

    // Before: $35.00 was held to the $50.00 owed when the account was verified, and the caller keyed a card to hear the same refusal.
    const again = await call.press('3500');
    expect({ pay: again.pay, said: again.said }).toEqual({ pay: false, said: ['This account owes $30.00; this city does not take more than is owed.', ENTER_AMOUNT] });
    expect(await callPayments(platform, call)).toEqual([]);
  }, 60_000);
});

describe('a caller of a closed account, in a city that takes credit', () => {
  const CLOSE = 'mutation Close($id: UUID!) { closeServiceAccount(serviceAccountId: $id) { serviceAccount { status } userErrors { code } } }';

  /** A new Norwalk account owing `amount` (dollars; null: nothing), then closed: its number as keyed. */
  async function closedAccountOwing(amount: string | null): Promise<string> {
    const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
    const account = await openAccount(staff);
    if (amount) {
      const input = { serviceAccountId: account.id, kind: 'ADJUSTMENT', amount, memo: 'Final bill', idempotencyKey: `final-${account.id}` };
      expect((await staff.data<{ recordAccountAdjustment: { userErrors: unknown[] } }>(ADJUST, { input })).recordAccountAdjustment.userErrors).toEqual([]);
    }
    expect((await staff.data<{ closeServiceAccount: { serviceAccount: { status: string } } }>(CLOSE, { id: account.id })).closeServiceAccount.serviceAccount.status).toBe('CLOSED');
    return account.accountNumber.replace(/\D/g, '');
  }

  it('who keys more than its final bill is told so before any card, as the payment would tell them, and asked for another amount', async () => {
    const call = await callNorwalkToCard(platform, '6000', { account: await closedAccountOwing('50.00') });
    expect({ pay: call.last?.pay, said: call.last?.said }).toEqual({ pay: false, said: ['This account is closed and owes $50.00; it takes no more than it owes.', ENTER_AMOUNT] });
    await paysFiftyInstead(call);
  }, 60_000);

  it('whose account owes nothing is offered no payment, which every amount would be refused, and may end the call', async () => {
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    await call.press('1');
    const summary = await call.press(await closedAccountOwing(null));
    expect(summary.said).toEqual([expect.stringContaining('nothing is due at this time.'), 'To end the call, press 3.', 'To speak with customer service, press 0.']);
    const two = await call.press('2');
    expect({ pay: two.pay, said: two.said[0] }).toEqual({ pay: false, said: 'That is not one of the choices.' });
    const ended = await call.press('3');
    expect({ said: ended.said, hangsUp: ended.hangsUp }).toEqual({ said: ['Thank you for calling. Goodbye.'], hangsUp: true });
  });
});

it('tells a caller refused because a payment of the account is being confirmed why, and ends the call rather than offer another card', async () => {
  const account = await norwalkAccountOwing(platform, '50.00');
  // The processor does not answer this one in time: it is in doubt until reconciliation settles it.
  const first = await callNorwalkToConfirm(platform, '1314', SANDBOX_TEST_CARDS.visa, { account: account.keys });
  expect((await first.press('1')).text).toContain('Your payment of $13.14 is being confirmed');

  const second = await callNorwalkToConfirm(platform, '2000', SANDBOX_TEST_CARDS.visa, { account: account.keys });
  const refused = await second.press('1');
  expect(refused.said).toEqual([
    'We could not take this payment. A payment to this account is still being confirmed with the payment processor. So that you are not charged twice, please wait a few minutes and check for its receipt before paying again.',
    'Thank you for calling. Goodbye.',
  ]);
  expect(refused.hangsUp).toBe(true);
  expect(await callPayments(platform, second)).toEqual([]);
}, 60_000);
