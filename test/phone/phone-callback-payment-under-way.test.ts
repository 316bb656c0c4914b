import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { callNorwalkToConfirm, callPayments, NORWALK_LINE, norwalkAccountOwing, PhoneCall, platformWithSlowProcessor } from './phone-call';

/*
 * A caller who hangs up while their payment is still with the processor, and
 * calls back, heard only "nothing is due at this time": not that the payment
 * they made is still being confirmed (it may yet be declined), so they paid
 * again or hung up believing it done. The line says so now, in their language.
 */
const file = platformWithSlowProcessor();

/** The account's last four digits as the line says them, one by one ("9, 4, 0, 0"): numbers of new accounts depend on what the database made before. */
const lastFourSaid = (keys: string) => keys.slice(-4).split('').join(', ');

it('tells a Spanish-speaking caller who calls back that the payment they left is still being confirmed', async () => {
  const account = await norwalkAccountOwing(file.platform, '13.13');
  const first = await callNorwalkToConfirm(file.platform, '1313', SANDBOX_TEST_CARDS.visa, { account: account.keys, language: 'es' });
  const told = await first.press('1');
  expect(told.text).toContain('se está confirmando con la compañía de la tarjeta');
  expect(await callPayments(file.platform, first)).toEqual([{ id: expect.any(String), status: 'PENDING' }]);
  await first.hangUp();

  const again = new PhoneCall(file.platform, NORWALK_LINE, first.from);
  await again.dial();
  await again.press('2');
  const summary = await again.press(account.keys);
  expect(summary.said.slice(0, 2)).toEqual([
    `Para la cuenta que termina en ${lastFourSaid(account.keys)}, no hay nada pendiente de pago en este momento.`,
    'Un pago a esta cuenta todavía se está confirmando con el procesador de pagos, y ya está descontado del monto a pagar.',
  ]);
  expect(summary.xml).not.toContain('language="en-US"');
  expect(await callPayments(file.platform, first)).toEqual([{ id: expect.any(String), status: 'PENDING' }]);
}, 60_000);

it('says nothing of a payment under way to a caller with none', async () => {
  const account = await norwalkAccountOwing(file.platform, '20.00');
  const call = new PhoneCall(file.platform, NORWALK_LINE);
  await call.dial();
  await call.press('2');
  const summary = await call.press(account.keys);
  expect(summary.text).not.toContain('todavía se está confirmando');
  expect(summary.said[0]).toMatch(new RegExp(`^Para la cuenta que termina en ${lastFourSaid(account.keys)}, el monto a pagar es \\$20\\.00, con vencimiento el `));
}, 60_000);
