import { DEV_PAY_CONNECTOR_CREDENTIALS, SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { callNorwalkToCard, refusedAtConnector, type KeyedCard, type PhoneCall, NORWALK_CUSTOMER_SERVICE } from './phone-call';

/*
 * `<Pay>` hands the card to the processor's Generic Pay Connector and reports
 * its answer to the line as `Result: payment-connector-error` with the
 * connector's `error_code` in `ConnectorError`. The line took every such code
 * for a card the processor refused: "The card processor did not accept that
 * card", and another card asked for. But the connector also answers with a
 * code when it is the fault (credentials the provider holds that it no longer
 * takes, a processor that timed out behind it, a request it cannot read):
 * every card of every caller is refused alike, and callers keyed card after
 * card, told each was refused, until they gave up, never told to try later or
 * put through to a person. Only a code that is about the card (its number,
 * expiry, security code, ZIP, a decline) offers another card; any other code is
 * told as the processor being unavailable: nothing was charged, try later, and
 * customer service (Norwalk publishes no hours: always put through).
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const UNAVAILABLE = ['We cannot take card payments right now, and nothing was charged. Please try again later.', 'Please hold while we transfer you to customer service.'];
const CARD_AGAIN = ['To enter a card again, press 1. To end the call, press 3.', 'To speak with customer service, press 0.'];

const payAtConnector = (call: PhoneCall, card: KeyedCard, credentials = DEV_PAY_CONNECTOR_CREDENTIALS) => refusedAtConnector(platform, call, card, credentials);

const callRow = async (sid: string) => (await tenantRows<{ outcome: string }>(platform, 'norwalk', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [sid]))[0];

it('tells a caller whose connector refuses the provider’s credentials that nothing was charged and to try later, not that their card was refused', async () => {
  const call = await callNorwalkToCard(platform, '2500');
  const { code, heard } = await payAtConnector(call, { number: SANDBOX_TEST_CARDS.visa }, { username: DEV_PAY_CONNECTOR_CREDENTIALS.username, password: 'rotated-yesterday' });
  expect(code).toBe('invalid_credentials');
  expect({ said: heard.said, asksForACard: heard.pay, dials: heard.dials }).toEqual({ said: UNAVAILABLE, asksForACard: false, dials: NORWALK_CUSTOMER_SERVICE });
  expect(await callRow(call.sid)).toEqual({ outcome: 'TRANSFERRED' });
});

it.each([
  ['the processor behind the connector timing out', 'processor_timeout'],
  ['the connector failing on its side', 'internal_error'],
  ['a connector answering only its HTTP status', '503'],
  ['a request the connector could not read', 'invalid_request'],
])('tells %s as no card’s fault', async (_why, code) => {
  const call = await callNorwalkToCard(platform, '2500');
  const heard = await call.payCallback({ Result: 'payment-connector-error', ConnectorError: code, PaymentError: 'Something went wrong.' });
  expect({ said: heard.said, asksForACard: heard.pay, dials: heard.dials }).toEqual({ said: UNAVAILABLE, asksForACard: false, dials: NORWALK_CUSTOMER_SERVICE });
});

it('says so in Spanish', async () => {
  const call = await callNorwalkToCard(platform, '2500', { language: 'es' });
  expect(call.last?.pay).toBe(true);
  const { heard } = await payAtConnector(call, { number: SANDBOX_TEST_CARDS.visa }, { username: 'someone-else', password: 'wrong' });
  expect(heard.said[0]).toBe('No podemos aceptar pagos con tarjeta en este momento, y no se cobró nada. Por favor, intente de nuevo más tarde.');
  expect(heard.dials).toBe(NORWALK_CUSTOMER_SERVICE);
});

// What each refusal says is phone-card-faults-said.test.ts's; here, that it is the card's to fix.
it.each([
  ['a number that is no card', { number: '4242424242424241' }, 'invalid_number', 'That card number is not valid.'],
  ['an expired card', { number: SANDBOX_TEST_CARDS.visa, expiry: '0120' }, 'card_expired', 'This card has expired.'],
  ['a security code too short', { number: SANDBOX_TEST_CARDS.visa, cvv: '12' }, 'invalid_cvc', 'That security code is not right.'],
])('still tells %s as a card the processor refused, and offers the card again', async (_why, card, expected, told) => {
  const call = await callNorwalkToCard(platform, '2500');
  const { code, heard } = await payAtConnector(call, card);
  expect(code).toBe(expected);
  expect(heard.said[0]).toMatch(new RegExp(`^${told} Nothing was charged\\.`));
  expect(heard.said.slice(1)).toEqual(CARD_AGAIN);
  expect((await call.press('1')).pay).toBe(true);
});
