import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { callNorwalkToCard, NORWALK_CUSTOMER_SERVICE, norwalkAccountOwing, refusedAtConnector, type PhoneCall } from './phone-call';

/*
 * Card testing through the phone line. A card its bank declines as `<Pay>` reads it (the Generic Pay Connector answers
 * the tokenize request with insufficient_funds, generic_decline, ...) was told as a decline, but payments' card-testing
 * limits count declined charges only: no charge is made for it. Six `<Pay>`s a call held, and a tester called again
 * and again, from one number or many, six cards a call, each answered by its bank. Such a decline now counts where a
 * declined charge counts (per caller's number, per account from that number, and the account's backstop from anyone),
 * and the caller hears the same refusal and is put through to customer service. A card keyed wrong counts for nothing.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const declinedAtRead = (code: string) => ({ Result: 'payment-connector-error', ConnectorError: code, PaymentError: 'Your card was declined.' });

/** `count` cards declined at the read on `call`, another card asked for after each but the last. */
async function declinedAtReadTimes(call: PhoneCall, count: number, code = 'insufficient_funds') {
  let heard = await call.payCallback(declinedAtRead(code));
  for (let i = 1; i < count; i++) {
    expect((await call.press('1')).pay).toBe(true);
    heard = await call.payCallback(declinedAtRead(code));
  }
  return heard;
}

it("stops a caller at the fifth card declined at the read, and reads no card on the number's next call", async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const first = await callNorwalkToCard(platform, '1000', { account: account.keys });
  const fifth = await declinedAtReadTimes(first, 5);
  expect(fifth.said).toEqual(['The card was declined for insufficient funds.', 'Too many cards were declined. Nothing was charged.', 'Please hold while we transfer you to customer service.']);
  expect(fifth.dials).toBe(NORWALK_CUSTOMER_SERVICE);

  // The same number calling again, about another account: no card is read, and the caller is put through.
  const again = await callNorwalkToCard(platform, '1000', { from: first.from });
  expect(again.last?.pay).toBe(false);
  expect(again.last?.said[0]).toBe('Too many cards were declined. Nothing was charged.');
  expect(again.last?.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});

it('says so in Spanish', async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const call = await callNorwalkToCard(platform, '1000', { account: account.keys, language: 'es' });
  const fifth = await declinedAtReadTimes(call, 5, 'generic_decline');
  expect(fifth.said[1]).toBe('Se rechazaron demasiadas tarjetas. No se cobró nada.');
  expect(fifth.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});

it("counts declines at the read from many numbers against the account's backstop: the eleventh caller reads no card", async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  // Five numbers, two declines each: no number reaches its own limit, and the tenth decline spends the account's.
  for (let n = 0; n < 5; n++) {
    const call = await callNorwalkToCard(platform, '1000', { account: account.keys });
    const second = await declinedAtReadTimes(call, 2);
    expect({ n, pay: second.pay, dials: second.dials }).toEqual({ n, pay: false, dials: n < 4 ? null : NORWALK_CUSTOMER_SERVICE });
    if (n < 4) await call.hangUp();
  }
  const next = await callNorwalkToCard(platform, '1000', { account: account.keys });
  expect(next.last?.pay).toBe(false);
  expect(next.last?.said[0]).toBe('Too many cards were declined on this account. Nothing was charged.');
  expect(next.last?.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});

it('counts declines at the read of callers who withhold their number together against the account', async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  for (let n = 0; n < 2; n++) {
    const call = await callNorwalkToCard(platform, '1000', { account: account.keys, from: 'anonymous' });
    await declinedAtReadTimes(call, n === 0 ? 3 : 2);
    await call.hangUp();
  }
  const next = await callNorwalkToCard(platform, '1000', { account: account.keys, from: 'anonymous' });
  expect(next.last?.pay).toBe(false);
  expect(next.last?.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});

it('does not count a card keyed wrong (a number not valid, an expiry past) as a decline', async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const call = await callNorwalkToCard(platform, '1000', { account: account.keys });
  for (let i = 0; i < 5; i++) {
    const { code } = await refusedAtConnector(platform, call, i % 2 === 0 ? { number: '4242424242424241' } : { number: '4242424242424242', expiry: '0120' });
    expect(['invalid_number', 'card_expired']).toContain(code);
    expect((await call.press('1')).pay).toBe(true);
  }
  await call.hangUp();
  const again = await callNorwalkToCard(platform, '1000', { account: account.keys, from: call.from });
  expect(again.last?.pay).toBe(true);
});
