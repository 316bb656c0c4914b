import { SANDBOX_BANK, SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { callNorwalkToConfirm, norwalkAccountOwing, type PhoneCall } from './phone-call';

/*
 * A caller whose card was declined was offered another card or goodbye, though their city takes e-checks: one with no
 * other card had to hang up, call again, key the account and the amount again, and choose the bank account. As a clerk
 * at the counter asks "another card, or a check?", the decline now offers the bank account too (where the city takes
 * e-checks), within the limits that already hold a call: the bank account counts among its six `<Pay>`s, and payments'
 * decline limits keep counting.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
}, 120_000);
afterAll(() => platform.close());

const DECLINED_MENU = {
  en: 'To try a different card, press 1. To pay from a bank account by electronic check, press 2. To end the call, press 3.',
  es: 'Para intentar con otra tarjeta, oprima 1. Para pagar desde una cuenta bancaria con cheque electrónico, oprima 2. Para terminar la llamada, oprima 3.',
};

const payments = (call: PhoneCall) =>
  tenantRows<{ key: string; status: string; method_kind: string }>(
    platform,
    'norwalk',
    'SELECT idempotency_key AS key, status, method_kind FROM payments WHERE idempotency_key LIKE $1 ORDER BY idempotency_key',
    [`phone:${call.sid}:%`],
  );

it('offers a caller whose card was declined the bank account, and takes the e-check under the next attempt', async () => {
  const account = await norwalkAccountOwing(platform, '35.00');
  const call = await callNorwalkToConfirm(platform, '3500', SANDBOX_TEST_CARDS.insufficientFunds, { account: account.keys });
  const declined = await call.press('1');
  expect(declined.said).toEqual(['The card was declined for insufficient funds.', DECLINED_MENU.en, 'To speak with customer service, press 0.']);

  const bank = await call.press('2');
  expect(bank.xml).toContain('paymentMethod="ach-debit"');
  const confirm = await call.payWithBank(SANDBOX_BANK.routingNumber, SANDBOX_BANK.accounts.settles);
  expect(confirm.said[0]).toMatch(/^You are paying \$35\.00 by electronic check from the bank account ending in 6, 7, 8, 9\./);
  expect((await call.press('1')).said[0]).toBe('Thank you. Your payment of $35.00 was accepted.');
  expect(await payments(call)).toEqual([
    { key: `phone:${call.sid}:1`, status: 'DECLINED', method_kind: 'CARD' },
    { key: `phone:${call.sid}:2`, status: 'AUTHORIZED', method_kind: 'BANK_ACCOUNT' },
  ]);
});

it('says so in Spanish, and 1 still asks for another card', async () => {
  const call = await callNorwalkToConfirm(platform, '1200', SANDBOX_TEST_CARDS.genericDecline, { language: 'es' });
  const declined = await call.press('1');
  expect(declined.said[1]).toBe(DECLINED_MENU.es);
  const again = await call.press('1');
  expect(again.xml).toContain('paymentMethod="credit-card"');
});

it('offers no bank account after a decline in a city that takes no e-checks', async () => {
  await changeCitySettings(platform, 'norwalk', { paymentRules: { echeckAccepted: false } });
  try {
    const call = await callNorwalkToConfirm(platform, '1100', SANDBOX_TEST_CARDS.genericDecline);
    const declined = await call.press('1');
    expect(declined.said[1]).toBe('To try a different card, press 1. To end the call, press 3.');
    const wrong = await call.press('2');
    expect(wrong.said[0]).toBe('That is not one of the choices.');
    expect(wrong.pay).toBe(false);
  } finally {
    await changeCitySettings(platform, 'norwalk', { paymentRules: { echeckAccepted: true } });
  }
});

it('holds the bank account chosen after declines to the decline limits, and says what was refused', async () => {
  const account = await norwalkAccountOwing(platform, '20.00');
  // Five declined charges, of cards each declined at most five times in all (payments' per-card limit) in this file.
  const { insufficientFunds, expiredCard, processingError, genericDecline } = SANDBOX_TEST_CARDS;
  const call = await callNorwalkToConfirm(platform, '2000', insufficientFunds, { account: account.keys });
  for (const card of [expiredCard, processingError, genericDecline, expiredCard]) {
    await call.press('1');
    await call.press('1');
    await call.payWith(card);
  }
  expect((await call.press('1')).said[1]).toBe(DECLINED_MENU.en);
  // The bank account chosen is not read: the limits are spent.
  const limited = await call.press('2');
  expect(limited.pay).toBe(false);
  expect(limited.said).toEqual(['Too many cards were declined. Nothing was charged.', 'Please hold while we transfer you to customer service.']);
  expect((await payments(call)).map((payment) => payment.status)).toEqual(['DECLINED', 'DECLINED', 'DECLINED', 'DECLINED', 'DECLINED']);
});

it('tells a caller stopped by the limits after cards and bank accounts both were refused that both were', async () => {
  const account = await norwalkAccountOwing(platform, '20.00');
  const call = await callNorwalkToConfirm(platform, '2000', SANDBOX_TEST_CARDS.processingError, { account: account.keys });
  await call.press('1');
  await call.press('1');
  await call.payWith(SANDBOX_TEST_CARDS.insufficientFunds);
  await call.press('1');
  // Declined twice: the bank account now, then bank accounts their bank does not know (each counted as a decline).
  await call.press('2');
  for (const unknown of ['000990010003', '000990020003', '000990030003', '000990040003']) {
    await call.payWithBank(SANDBOX_BANK.routingNumber, unknown);
    const said = (await call.press('1')).said;
    if (call.last?.dials) {
      expect(said).toEqual(['Too many cards and bank accounts were refused. Nothing was charged.', 'Please hold while we transfer you to customer service.']);
      return;
    }
    await call.press('1');
    const next = await call.press('2');
    if (next.dials) {
      expect(next.said).toEqual(['Too many cards and bank accounts were refused. Nothing was charged.', 'Please hold while we transfer you to customer service.']);
      return;
    }
  }
  throw new Error('the decline limits never stopped the call');
});
