import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { processorCharges } from '../payments/payments-api';
import { callNorwalkToConfirmAmountDue, callPayments, NORWALK_LINE, norwalkAccountOwing, PhoneCall, webhookBase } from './phone-call';

/*
 * A caller who chose "the amount due" is charged it only while it is still
 * what is due, counting payments still with the processor, and the check is
 * made as the payment is recorded, under the account's lock: two phones in
 * one house paying one account at once, or a second caller while the first
 * one's payment is with the processor, pay its amount due once. Both used to
 * be charged: the amount due was read again from billing's balance (which
 * does not show a payment the processor has not answered), outside any lock.
 * Here the sandbox's magic amounts ($13.13) hold the processor's answer for
 * 1.5 s.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ processorTimeoutMs: 5000, sandboxHangMs: 1500, phone: { answerWithinMs: 4000 } });
});
afterAll(() => platform.close());

const CHANGED_TO_NOTHING = 'Your amount due has changed since you chose it, and nothing was charged: it is now $0.00.';

/** What the processor was asked to charge for the account's payments, in cents. */
async function chargedFor(accountNumber: string): Promise<string[]> {
  const payments = await tenantRows<{ id: string }>(
    platform,
    'norwalk',
    `SELECT p.id FROM payments p JOIN payment_lines l ON l.tenant_id = p.tenant_id AND l.payment_id = p.id
      JOIN service_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.service_account_id WHERE a.account_number = $1`,
    [accountNumber],
  );
  const keys = new Set(payments.map((payment) => `payment-${payment.id}`));
  return (await processorCharges(platform)).filter((charge) => keys.has(charge.idempotencyKey)).map((charge) => charge.amount);
}

it('charges "the amount due" once when two callers confirm it for one account at the same moment; the other hears it is now nothing', async () => {
  const account = await norwalkAccountOwing(platform, '25.00');
  const first = await callNorwalkToConfirmAmountDue(platform, account.keys);
  const second = await callNorwalkToConfirmAmountDue(platform, account.keys);
  expect([first.last?.text, second.last?.text]).toEqual([expect.stringContaining('You are paying $25.00'), expect.stringContaining('You are paying $25.00')]);

  const heard = (await Promise.all([first.press('1'), second.press('1')])).map((answer) => answer.said[0]);
  expect(heard.sort()).toEqual(['Thank you. Your payment of $25.00 was accepted.', CHANGED_TO_NOTHING]);
  expect(await chargedFor(account.number)).toEqual(['2500']);
}, 60_000);

it('does not charge "the amount due" to a second caller while the first payment of it is still with the processor', async () => {
  const account = await norwalkAccountOwing(platform, '13.13');
  const first = await callNorwalkToConfirmAmountDue(platform, account.keys);
  const second = await callNorwalkToConfirmAmountDue(platform, account.keys);
  const firstHeard = first.press('1');
  // Recorded, and with the processor for a while yet.
  while ((await callPayments(platform, first)).length === 0) await new Promise((resolve) => setTimeout(resolve, 25));

  const secondHeard = await second.press('1');
  expect(secondHeard.said[0]).toBe(CHANGED_TO_NOTHING);
  expect(secondHeard.text).toContain('To make a payment anyway, press 2.');
  // Someone calling now hears that nothing is due: the payment under way is counted.
  const third = new PhoneCall(platform, NORWALK_LINE);
  await third.dial();
  await third.press('1');
  expect((await third.press(account.keys)).text).toContain('nothing is due at this time');

  expect((await firstHeard).said[0]).toBe('Thank you. Your payment of $13.13 was accepted.');
  expect(await callPayments(platform, second)).toEqual([]);
  expect(await chargedFor(account.number)).toEqual(['1313']);
}, 60_000);

it('still answers a confirmation of "the amount due" sent again, to another gateway at once, with its one payment', async () => {
  const account = await norwalkAccountOwing(platform, '42.50');
  const call = await callNorwalkToConfirmAmountDue(platform, account.keys);
  const other = await platform.startAnotherGateway();
  try {
    // The provider sends the same confirmation twice, and its load balancer gives each to a gateway of its own.
    const twin = Object.assign(new PhoneCall(platform, NORWALK_LINE, call.from), { sid: call.sid, base: webhookBase(other.gateway) });
    const confirmation = { ...call.params, Digits: '1' };
    const answers = await Promise.all([call.post(call.last!.action!, confirmation), twin.post(call.last!.action!, confirmation)]);
    expect(answers.map((answer) => answer.said[0])).toEqual(['Thank you. Your payment of $42.50 was accepted.', 'Thank you. Your payment of $42.50 was accepted.']);
    expect(answers[1].xml).toBe(answers[0].xml);
    expect(await callPayments(platform, call)).toEqual([expect.objectContaining({ status: 'CAPTURED' })]);
    expect(await chargedFor(account.number)).toEqual(['4250']);
  } finally {
    await other.close();
  }
}, 60_000);
