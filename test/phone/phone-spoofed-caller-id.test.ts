import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { callNorwalkToCard, keyNorwalkToMethod, NORWALK_LINE, norwalkAccountOwing, norwalkTextsTo, PhoneCall } from './phone-call';

/*
 * Caller ID is the caller's word, but the carriers check it: the provider says what STIR/SHAKEN found
 * (`StirVerstat`: TN-Validation-Passed-A/B/C, TN-Validation-Failed-A/B/C, No-TN-Validation). The line took a number
 * whose check failed (a spoofed one, someone else's) as the caller's own: it texted that stranger the receipt and the
 * payment's outcome, and counted the caller's declined cards against the stranger's number, so a tester spoofing a
 * resident's number locked the resident out of paying by phone. A number the carrier found spoofed is now a withheld
 * one (callerNumberOf), for the whole call, whatever its later webhooks say.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close(), 120_000);

/** A call from `from` whose first webhook says what the carrier's STIR/SHAKEN check of that number found (default: it failed). */
async function spoofedCall(from: string, verstat = 'TN-Validation-Failed-A'): Promise<PhoneCall> {
  const call = new PhoneCall(platform, NORWALK_LINE, from);
  await call.post('/phone/voice', { ...call.params, StirVerstat: verstat });
  return call;
}

const declinedAtRead = { Result: 'payment-connector-error', ConnectorError: 'generic_decline', PaymentError: 'Your card was declined.' };

/*
 * A number that passed with less than full attestation (TN-Validation-Passed-B: the carrier knows its customer, not
 * that the number is theirs; -C: it only passed the call on) was taken as the caller's as well: anyone whose carrier
 * signs B or C could call as a resident's number, have that resident texted their receipt (the amount, the account's
 * last four, the confirmation number), and spend the resident's decline limits. Only a number the carrier vouches for
 * (A) is the caller's; B and C are withheld ones, as a failed check is.
 */
it.each([
  ['found spoofed', 'TN-Validation-Failed-A', '+15625558101'],
  ['attested only B', 'TN-Validation-Passed-B', '+15625558105'],
  ['attested only C', 'TN-Validation-Passed-C', '+15625558106'],
])('texts nothing to a number the carrier %s, and offers no text', async (_found, verstat, victim) => {
  const call = await keyNorwalkToMethod(await spoofedCall(victim, verstat), '500');
  await call.payWith(SANDBOX_TEST_CARDS.visa);
  const receipt = await call.press('1');
  expect(receipt.text).toContain('Your payment of $5.00 was accepted.');
  expect(receipt.text).not.toContain('To receive it by text message, press 2.');
  expect(await call.hangUp()).toBe(204);
  expect(await norwalkTextsTo(platform, victim)).toEqual([]);
});

it.each([
  ['found spoofed', 'TN-Validation-Failed-A', '+15625558102'],
  ['attested only B', 'TN-Validation-Passed-B', '+15625558107'],
])("counts the declined cards of a caller whose number the carrier %s against no resident's number", async (_found, verstat, victim) => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const tester = await keyNorwalkToMethod(await spoofedCall(victim, verstat), '1000', { account: account.keys });
  await tester.chooseCard();
  for (let i = 0; i < 5 && tester.last?.pay; i++) {
    await tester.payCallback(declinedAtRead);
    if (i < 4) await tester.press('1');
  }
  expect(tester.last?.pay).toBe(false);

  // The resident whose number it was calls about their own account: their card is asked for.
  const resident = await callNorwalkToCard(platform, '1000', { from: victim, account: account.keys });
  expect(resident.last?.pay).toBe(true);
});

it('takes a number that passed the check, or was not checked, as the caller’s', async () => {
  for (const verstat of ['TN-Validation-Passed-A', 'No-TN-Validation']) {
    const from = verstat.endsWith('A') ? '+15625558103' : '+15625558104';
    const call = await keyNorwalkToMethod(await spoofedCall(from, verstat), '500');
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    expect((await call.press('1')).text).toContain('To receive it by text message, press 2.');
  }
});
