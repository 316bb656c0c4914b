import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { tenantRows } from '../customers/customer-api';
import { NORMAN_LINE, NORWALK_LINE, PhoneCall, platformWithTelnyxNorman, telnyxPayResult } from './phone-call';

/*
 * `<Pay>`'s result was read in Twilio's fields whatever the provider. Telnyx's TeXML `<Pay>` posts to its action a
 * normalized `PayResult` beside the raw `Result`, the token of a tokenize transaction as `TokenId` (its `token_id`),
 * and `cancelled` where Twilio says `caller-interrupted-with-star`: a Telnyx city never found the token of a card
 * read well, told every caller "We could not read that card", and took no payment by phone. Each provider's fields
 * are now mapped explicitly (pay-result.ts). SignalWire's cXML uses Twilio's names (phone-providers-signatures.test.ts
 * takes a payment on a SignalWire call).
 */

const file = platformWithTelnyxNorman();

/** Norman's demo accounts (keys) and their last payments (keys), one a test: each pays its amount due. */
const normanAccounts = [
  ['20010417', '10065'],
  ['20020933', '4000'],
];

/** A Norman call on Telnyx up to its card (`<Pay>`), verified on a demo account of its own. */
async function telnyxCallToCard(): Promise<PhoneCall> {
  const [account, lastPayment] = normanAccounts.shift()!;
  const call = Object.assign(new PhoneCall(file.platform, NORMAN_LINE), { signWith: file.signer, payResultAs: telnyxPayResult });
  await call.dial();
  await call.press(account!);
  await call.press(lastPayment!);
  await call.press('1');
  await call.chooseCard();
  expect(call.last!.pay).toBe(true);
  return call;
}

/** A Norwalk call on Twilio up to its card. */
async function twilioCallToCard(): Promise<PhoneCall> {
  const call = new PhoneCall(file.platform, NORWALK_LINE);
  await call.dial();
  await call.press('1');
  await call.press('10100100');
  await call.press('2');
  await call.press('1500');
  await call.chooseCard();
  expect(call.last!.pay).toBe(true);
  return call;
}

describe.each([
  ['Twilio', 'norwalk', twilioCallToCard],
  ['Telnyx (TeXML)', 'norman', telnyxCallToCard],
])('a card read on %s', (_provider, slug, toCard) => {
  it('is read back at the confirmation with its brand and last four, and paid', async () => {
    const call = await toCard();
    const confirm = await call.payWith(SANDBOX_TEST_CARDS.visa);
    expect(confirm.text).toContain(`Visa ending in ${SANDBOX_TEST_CARDS.visa.slice(-4).split('').join(', ')}`);
    expect((await call.press('1')).text).toContain('was accepted');
    const payments = await tenantRows<{ status: string }>(file.platform, slug, 'SELECT status FROM payments WHERE idempotency_key LIKE $1', [`phone:${call.sid}:%`]);
    expect(payments).toEqual([{ status: 'CAPTURED' }]);
  });

  it('stopped with the star key is told so, and the card asked again', async () => {
    const call = await toCard();
    const stopped = await call.payCallback({ Result: 'caller-interrupted-with-star' });
    expect(stopped.text).toContain('You stopped entering your card. Nothing was charged.');
  });
});
