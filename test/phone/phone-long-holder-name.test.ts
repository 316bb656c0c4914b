import { SANDBOX_BANK } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { callNorwalkToMethod, callPayments, norwalkAccountOwing, type PhoneCall } from './phone-call';

/*
 * The bank `<Pay>` hands the processor the account holder's name as billing has it, and billing keeps names of up to
 * 120 characters (a business, a trust, two owners) where the processor takes 100. Such a resident who chose to pay from
 * their bank account heard "We cannot take payments right now" and was put through to customer service, as if the
 * processor were down, and staff's summary counted a line turning payers away. The name now goes within the processor's
 * length, cut at a word, and a name the processor still refuses is told as what it is, with another way to pay.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock });
}, 120_000);
afterAll(() => platform.close());

/** 117 characters, its 100th in the middle of a word. */
const LONG_NAME = 'The Trustees of the Margarita Esperanza Villanueva-Castellanos Revocable Living Trust Dated March 2011 And Successors';

async function callToBank(cents: string, language: 'en' | 'es' = 'en'): Promise<PhoneCall> {
  const account = await norwalkAccountOwing(platform, '40.00', { customerName: LONG_NAME });
  const call = await callNorwalkToMethod(platform, cents, { account: account.keys, language });
  await call.press('2');
  return call;
}

it('takes an e-check from a resident whose name is longer than the processor takes, the name cut at a word', async () => {
  expect(LONG_NAME.length).toBeGreaterThan(100);
  const call = await callToBank('4000');
  const holder = /<Parameter name="holder_name" value="([^"]*)"\/>/.exec(call.last?.xml ?? '')?.[1] ?? '';
  expect(holder).toBe('The Trustees of the Margarita Esperanza Villanueva-Castellanos Revocable Living Trust Dated March');
  const confirm = await call.payWithBank(SANDBOX_BANK.routingNumber, SANDBOX_BANK.accounts.settles);
  expect(confirm.said[0]).toMatch(/^You are paying \$40\.00 by electronic check from the bank account ending in 6, 7, 8, 9\./);
  expect((await call.press('1')).said[0]).toBe('Thank you. Your payment of $40.00 was accepted.');
  expect(await callPayments(platform, call)).toEqual([{ id: expect.any(String), status: 'AUTHORIZED' }]);
});

it('tells a caller whose name the processor refuses why, in Spanish, charges nothing, and offers a card instead of handing them over', async () => {
  const call = await callToBank('1500', 'es');
  const heard = await call.payCallback({ Result: 'payment-connector-error', ConnectorError: 'invalid_holder_name', PaymentError: 'holderName must be text of 1 to 100 characters.' });
  expect({ said: heard.said.slice(0, 2), dials: heard.dials, hangsUp: heard.hangsUp }).toEqual({
    said: [
      'El procesador de pagos no aceptó el nombre del titular de esta cuenta para un cheque electrónico. No se cobró nada. Puede pagar con tarjeta, o el servicio al cliente puede ayudarle.',
      'Para intentar de nuevo con una tarjeta o una cuenta bancaria, oprima 1. Para terminar la llamada, oprima 3.',
    ],
    dials: null,
    hangsUp: false,
  });
  expect(await callPayments(platform, call)).toEqual([]);
});
