import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { TEXT_BACK, textBack, textFrom } from '../notifications/notification-api';
import { startSmtpCatcher, type SmtpCatcher } from '../notifications/smtp-catcher';
import { norwalkAccountOwing, norwalkTextsTo, PhoneCall, type Heard, callNorwalkToConfirm } from './phone-call';

/*
 * A caller whose number answered STOP to the city's texts can be texted
 * nothing by the city: delivery holds back every text to that number until
 * its START. The line offered them the confirmation number by text anyway,
 * and on 2 said "We are sending your confirmation number by text message";
 * one told their payment was being confirmed heard that a text would tell
 * them how it went. They hung up without writing the number down, waiting
 * for a text that never came. The line now asks notifications whether the
 * city may text the number before it offers or promises a text.
 */

const PLATFORM_SERVICE = `MG${'2'.repeat(32)}`;
const clock = new FixedClock(new Date());

let smtp: SmtpCatcher;
let platform: TestPlatform;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  // The gateway gives the processor 600 ms and the sandbox holds its answer to a magic amount (13.13) 900 ms: that
  // payment is read as being confirmed at once.
  platform = await startTestPlatform({
    clock,
    demoDataAt: 'today',
    processorTimeoutMs: 600,
    sandboxHangMs: 900,
    notifications: { smtpUrl: smtp.url, inboundSms: { ...TEXT_BACK, messagingServiceSid: PLATFORM_SERVICE } },
  });
}, 120_000);
afterAll(async () => {
  await platform.close();
  await smtp.close();
}, 120_000);

const numbers = new Set<string>();
/** A caller's number no other test of this file uses (Norwalk keeps STOPs by number). */
function newCallerNumber(): string {
  for (;;) {
    const number = `+1562555${String(1000 + Math.floor(Math.random() * 9000))}`;
    if (!numbers.has(number)) return (numbers.add(number), number);
  }
}

/** The caller's number texts STOP (or START) to the Messaging Service Norwalk sends through, as Twilio forwards it. */
async function texts(from: string, word: 'STOP' | 'START'): Promise<void> {
  expect((await textBack(platform, textFrom(from, PLATFORM_SERVICE, word))).status).toBe(200);
}

/** A call from `from`, in `language`, up to the confirmation of `cents` (keys) on a new account owing $50. */
async function callToConfirm(from: string, cents: string, language: 'en' | 'es' = 'en'): Promise<PhoneCall> {
  const account = await norwalkAccountOwing(platform, '50.00');
  return callNorwalkToConfirm(platform, cents, '4242424242424242', { account: account.keys, language, from });
}

/** What the city holds for a text to the caller: the texts queued for the number, and the number kept on the call's payment for its outcome. */
async function textsFor(call: PhoneCall) {
  const payments = await tenantRows<{ payer_phone: string | null }>(platform, 'norwalk', 'SELECT payer_phone FROM payments WHERE idempotency_key LIKE $1', [`phone:${call.sid}:%`]);
  return { queued: await norwalkTextsTo(platform, call.from), kept: payments.map((payment) => payment.payer_phone) };
}

const offersText = (heard: Heard) => heard.text.includes('To receive it by text message, press 2.');

it('offers no text to a caller whose number answered STOP, and reads the confirmation number again when they press 2 anyway', async () => {
  const call = await callToConfirm(newCallerNumber(), '2500');
  await texts(call.from, 'STOP');
  const receipt = await call.press('1');
  expect(receipt.text).toContain('Thank you. Your payment of $25.00 was accepted.');
  expect(offersText(receipt)).toBe(false);
  expect(receipt.said.at(-1)).toBe('To hear your confirmation number again, press 1. To end the call, press 3.');

  const pressedTwo = await call.press('2');
  expect(pressedTwo.said[0]).toBe('We cannot send text messages to the number you are calling from. Please write down your confirmation number.');
  expect(pressedTwo.text).toContain('Your confirmation number is:');
  expect(pressedTwo.text).not.toContain('We are sending your confirmation number by text message');
  expect(offersText(pressedTwo)).toBe(false);
  expect(await textsFor(call)).toEqual({ queued: [], kept: [null] });
  await platform.deliverNotifications();
  expect(platform.sentSms.filter((sms) => sms.to === call.from)).toEqual([]);
});

it('says so in Spanish', async () => {
  const call = await callToConfirm(newCallerNumber(), '2500', 'es');
  await texts(call.from, 'STOP');
  const receipt = await call.press('1');
  expect(receipt.text).toContain('Gracias. Su pago de $25.00 fue aceptado.');
  expect(receipt.said.at(-1)).toBe('Para escuchar su número de confirmación de nuevo, oprima 1. Para terminar la llamada, oprima 3.');
  const pressedTwo = await call.press('2');
  expect(pressedTwo.said[0]).toBe('No podemos enviar mensajes de texto al número desde el que llama. Por favor, anote su número de confirmación.');
  expect(pressedTwo.text).toContain('Su número de confirmación es:');
  expect(pressedTwo.text).not.toContain('Le enviaremos');
  expect(await textsFor(call)).toEqual({ queued: [], kept: [null] });
});

it('promises no text of the outcome to a caller told their payment is being confirmed, and keeps no number for one', async () => {
  const call = await callToConfirm(newCallerNumber(), '1313');
  await texts(call.from, 'STOP');
  const told = await call.press('1');
  expect(told.text).toContain('Thank you. Your payment of $13.13 is being confirmed with the card company.');
  expect(offersText(told)).toBe(false);
  const pressedTwo = await call.press('2');
  expect(pressedTwo.said[0]).toBe('We cannot send text messages to the number you are calling from. Please write down your confirmation number.');
  expect(pressedTwo.text).not.toContain('We will send you a text message');
  expect(await call.hangUp()).toBe(204);
  await platform.settleBackgroundWork();
  expect(await textsFor(call)).toEqual({ queued: [], kept: [null] });
});

it('says it cannot text a number whose STOP came after the menu offered the text', async () => {
  const call = await callToConfirm(newCallerNumber(), '2500');
  expect(offersText(await call.press('1'))).toBe(true);
  await texts(call.from, 'STOP');
  const pressedTwo = await call.press('2');
  expect(pressedTwo.said[0]).toBe('We cannot send text messages to the number you are calling from. Please write down your confirmation number.');
  expect(offersText(pressedTwo)).toBe(false);
  expect(await textsFor(call)).toEqual({ queued: [], kept: [null] });
});

it('offers and sends the text again once the number answers START', async () => {
  const from = newCallerNumber();
  await texts(from, 'STOP');
  await texts(from, 'START');
  const call = await callToConfirm(from, '2500');
  expect(offersText(await call.press('1'))).toBe(true);
  expect((await call.press('2')).said[0]).toBe('We are sending your confirmation number by text message to the number you are calling from.');
  expect(await textsFor(call)).toEqual({ queued: [{ template: 'PAYMENT_RECEIPT', amount: '$25.00' }], kept: [from] });
  await platform.deliverNotifications();
  expect(platform.sentSms.filter((sms) => sms.to === from)).toHaveLength(1);
});
