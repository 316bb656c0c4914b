import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { NORWALK_LINE, PhoneCall, callNorwalkToCard, NORWALK_CUSTOMER_SERVICE } from './phone-call';

/*
 * A caller who presses nothing three times running has gone, and the line
 * hangs up. A caller who presses only wrong keys was asked again for ever:
 * a dialler pressing 9, or a confused caller, held the city's toll-free
 * line (paid by the minute) and one of its channels for as long as it
 * liked. Three answers in a row the line cannot take (a key that is no
 * choice, an amount it cannot take) now put the caller through to customer
 * service, or tell its hours and end the call, as any other dead end does.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const NOT_A_CHOICE = 'That is not one of the choices.';
const TRANSFERRING = 'Please hold while we transfer you to customer service.';
/** Norwalk's billing division, where its line sends a caller it cannot help (it publishes no hours: always put through). */

const outcomeOf = async (call: PhoneCall) => (await tenantRows<{ outcome: string }>(platform, 'norwalk', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [call.sid]))[0]?.outcome;

it('puts a caller who presses three wrong keys running at the language menu through to customer service', async () => {
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  for (let i = 0; i < 2; i++) {
    const again = await call.press('9');
    expect({ first: again.said[0], dials: again.dials, hangsUp: again.hangsUp }).toEqual({ first: NOT_A_CHOICE, dials: null, hangsUp: false });
  }
  const third = await call.press('9');
  expect({ said: third.said, dials: third.dials }).toEqual({ said: [NOT_A_CHOICE, TRANSFERRING], dials: NORWALK_CUSTOMER_SERVICE });
  expect(await outcomeOf(call)).toBe('TRANSFERRED');
});

it('does not ask a caller keying amounts it cannot take for ever', async () => {
  const call = await callNorwalkToCard(platform, '000');
  expect(call.last?.said[0]).toBe('That amount is not valid.');
  expect((await call.press('000')).said[0]).toBe('That amount is not valid.');
  const third = await call.press('000');
  expect({ said: third.said, dials: third.dials }).toEqual({ said: ['That amount is not valid.', TRANSFERRING], dials: NORWALK_CUSTOMER_SERVICE });
});

it('counts only wrong keys in a row: an answer the line takes forgives the ones before it', async () => {
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('9');
  await call.press('9');
  expect((await call.press('1')).text).toContain('Please enter your account number');
  const menu = await call.press('10100100');
  expect(menu.text).toContain('For the account ending in 0, 1, 0, 0');
  await call.press('7');
  const again = await call.press('7');
  expect({ first: again.said[0], dials: again.dials, action: again.action !== null }).toEqual({ first: NOT_A_CHOICE, dials: null, action: true });
  await call.hangUp();
});
