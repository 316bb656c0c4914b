import { SANDBOX_BANK } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { changeCitySettings } from '../tenants/city-settings';
import { callNorwalkToCard, callPayments, norwalkAccountOwing } from './phone-call';

/*
 * A card the processor declines as `<Pay>` reads it (its connector answers with the bank's decline: insufficient
 * funds, a generic decline) was told as a card keyed wrong: "To enter a card again, press 1. To end the call, press 3."
 * The same decline at the charge offers the bank account too, where the city takes e-checks
 * (phone-declined-card-then-bank.test.ts): a caller with no other card had to hang up and call again. A decline is a
 * decline wherever the processor says it, so both now offer the same choice; a card keyed wrong (a digit slipped, an
 * expiry past) is still offered again as before.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const DECLINED_MENU = {
  en: 'To try a different card, press 1. To pay from a bank account by electronic check, press 2. To end the call, press 3.',
  es: 'Para intentar con otra tarjeta, oprima 1. Para pagar desde una cuenta bancaria con cheque electrónico, oprima 2. Para terminar la llamada, oprima 3.',
};

const declinedAtRead = (code: string) => ({ Result: 'payment-connector-error', ConnectorError: code, PaymentError: 'Your card was declined.' });

it('offers a caller whose card is declined at the card read the bank account, and takes the e-check', async () => {
  const account = await norwalkAccountOwing(platform, '35.00');
  const call = await callNorwalkToCard(platform, '3500', { account: account.keys });
  const declined = await call.payCallback(declinedAtRead('insufficient_funds'));
  expect(declined.said).toEqual(['The card was declined for insufficient funds.', DECLINED_MENU.en, 'To speak with customer service, press 0.']);

  const bank = await call.press('2');
  expect(bank.xml).toContain('paymentMethod="ach-debit"');
  await call.payWithBank(SANDBOX_BANK.routingNumber, SANDBOX_BANK.accounts.settles);
  expect((await call.press('1')).said[0]).toBe('Thank you. Your payment of $35.00 was accepted.');
  // The e-check alone: the declined card was never charged here.
  expect((await callPayments(platform, call)).map((p) => p.status)).toEqual(['AUTHORIZED']);
});

it('says so in Spanish, and 1 still asks for another card', async () => {
  const call = await callNorwalkToCard(platform, '1200', { language: 'es' });
  const declined = await call.payCallback(declinedAtRead('generic_decline'));
  expect(declined.said[1]).toBe(DECLINED_MENU.es);
  expect((await call.press('1')).xml).toContain('paymentMethod="credit-card"');
});

it('offers a card keyed wrong again as before, with no bank account in that menu', async () => {
  const call = await callNorwalkToCard(platform, '1200');
  const keyedWrong = await call.payCallback(declinedAtRead('invalid_cvc'));
  expect(keyedWrong.said[1]).toBe('To enter a card again, press 1. To end the call, press 3.');
});

it('offers no bank account after a decline at the card read in a city that takes no e-checks', async () => {
  await changeCitySettings(platform, 'norwalk', { paymentRules: { echeckAccepted: false } });
  try {
    const call = await callNorwalkToCard(platform, '1100');
    const declined = await call.payCallback(declinedAtRead('generic_decline'));
    expect(declined.said[1]).toBe('To try a different card, press 1. To end the call, press 3.');
    const wrong = await call.press('2');
    expect([wrong.said[0], wrong.pay]).toEqual(['That is not one of the choices.', false]);
  } finally {
    await changeCitySettings(platform, 'norwalk', { paymentRules: { echeckAccepted: true } });
  }
});
