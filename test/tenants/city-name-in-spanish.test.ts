import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { deliverUntil } from '../notifications/notification-api';
import { startSmtpCatcher, type SmtpCatcher } from '../notifications/smtp-catcher';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { callNorwalkToConfirm } from '../phone/phone-call';
import { changeCitySettings } from './city-settings';

/*
 * A city names itself in each of its languages (`nameByLocale`), as it does its department: a Spanish-speaking
 * resident reads "Ciudad de Norwalk" in the receipt's subject, heading and footer and in the text the phone line
 * sends, not "City of Norwalk" in the middle of Spanish; English readers keep "City of Norwalk".
 */
let smtp: SmtpCatcher;
let platform: TestPlatform;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ jobs: true, notifications: { smtpUrl: smtp.url } });
  await changeCitySettings(platform, 'norwalk', { nameByLocale: [{ locale: 'ES', text: 'Ciudad de Norwalk' }] });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

it('keeps the name in each language, and gives it back as set', async () => {
  const { tenant } = await platform.client.asTenant('norwalk').withHeaders({ 'accept-language': 'es' }).data<{ tenant: unknown }>('{ tenant { name nameByLocale { locale text } } }');
  expect(tenant).toEqual({ name: 'City of Norwalk', nameByLocale: [{ locale: 'ES', text: 'Ciudad de Norwalk' }] });
});

it('names the city in Spanish in a Spanish receipt, and in English in an English one', async () => {
  const receiptTo = async (email: string, language: string) => {
    const client = platform.client.asTenant('norwalk').withHeaders({ 'accept-language': language });
    const paid = await pay(client, { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '3.00' }], token: await cardToken(platform), payerEmail: email });
    expect(paid.userErrors).toEqual([]);
    // The worker may be sending it as the test delivers: deliver until it has arrived.
    const arrived = () => smtp.accepted.find((caught) => caught.envelopeTo.includes(email));
    await deliverUntil(platform, async () => arrived() !== undefined);
    const message = arrived()!;
    return { subject: message.parsed.subject, text: message.parsed.text ?? '', html: String(message.parsed.html) };
  };
  const spanish = await receiptTo('ana.nombre@example.com', 'es');
  expect(spanish.subject).toMatch(/^Recibo de pago [A-Z0-9-]+ - Ciudad de Norwalk$/);
  expect(spanish.text).toMatch(/^Ciudad de Norwalk\n/);
  expect(spanish.text).toContain('Este mensaje lo envió Ciudad de Norwalk.');
  expect(`${spanish.text}${spanish.html}`).not.toContain('City of Norwalk');
  const english = await receiptTo('pat.name@example.com', 'en');
  expect(english.subject).toMatch(/ - City of Norwalk$/);
  expect(`${english.text}${english.html}`).not.toContain('Ciudad de Norwalk');
});

it('texts a Spanish caller the confirmation under the Spanish name', async () => {
  const call = await callNorwalkToConfirm(platform, '400', SANDBOX_TEST_CARDS.visa, { language: 'es' });
  expect((await call.press('1')).text).toContain('Gracias. Su pago de $4.00 fue aceptado.');
  await call.press('2');
  await platform.settleBackgroundWork();
  // The worker may have claimed the text and be sending it as the test delivers: deliver until it has been sent.
  const sent = () => platform.sentSms.find((sms) => sms.to === call.from);
  await deliverUntil(platform, async () => sent() !== undefined);
  const text = sent();
  expect(text?.body).toMatch(/^Ciudad de Norwalk: recibimos su pago [A-Z0-9-]+ de \$4\.00\./);
});
