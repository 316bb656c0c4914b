import { SANDBOX_BANK } from '@platform/processor-sandbox';
import { callNorwalkToMethod, callPayments, NORWALK_LINE, norwalkAccountOwing, PhoneCall, platformWithSlowProcessor } from './phone-call';

/*
 * An e-check the processor does not answer at once (held for review, or slow) was told to its caller as a card payment
 * is: "being confirmed with the card company", in both languages, and a caller calling back heard the same of it. A
 * caller who paid from a bank account has no card company; the words now fit the method.
 */
const file = platformWithSlowProcessor();

/** A caller who keyed $13.13 from a bank account and confirmed it, told how it went. */
async function echeckHeldBack(language: 'en' | 'es'): Promise<{ readonly call: PhoneCall; readonly keys: string; readonly said: string }> {
  const account = await norwalkAccountOwing(file.platform, '13.13');
  const call = await callNorwalkToMethod(file.platform, '1313', { account: account.keys, language });
  await call.press('2');
  await call.payWithBank(SANDBOX_BANK.routingNumber, SANDBOX_BANK.accounts.settles);
  const told = await call.press('1');
  expect(await callPayments(file.platform, call)).toEqual([{ id: expect.any(String), status: 'PENDING' }]);
  return { call, keys: account.keys, said: told.text };
}

it('tells a caller whose e-check is being confirmed that it is, naming no card company', async () => {
  const { said } = await echeckHeldBack('en');
  expect(said).toContain('Thank you. Your payment of $13.13 from your bank account is being confirmed.');
  expect(said).not.toContain('card');
}, 60_000);

it('says so in Spanish, and a caller calling back hears of a payment being confirmed without a card company', async () => {
  const { call, keys, said } = await echeckHeldBack('es');
  expect(said).toContain('Gracias. Su pago de $13.13 desde su cuenta bancaria se está confirmando.');
  expect(said).not.toContain('tarjeta');
  await call.hangUp();

  const again = new PhoneCall(file.platform, NORWALK_LINE, call.from);
  await again.dial();
  await again.press('2');
  const summary = await again.press(keys);
  expect(summary.said[1]).toBe('Un pago a esta cuenta todavía se está confirmando con el procesador de pagos, y ya está descontado del monto a pagar.');
}, 60_000);
