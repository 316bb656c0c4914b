import { execFile } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { DEV_PHONE_AUTH_TOKEN } from '@platform/phone';
import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { findCardNumbers, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { getExpectedTwilioSignature } from 'twilio';
import { signInStaff } from '../billing/billing-api';
import { lastFinalCursor, tenantRows } from '../customers/customer-api';
import { processorCharges } from '../payments/payments-api';
import { callNorwalkToCard, callNorwalkToConfirm, METHOD_MENU, NORWALK_CUSTOMER_SERVICE, NORWALK_LINE, norwalkAccountOwing, PhoneCall, webhookBase, NORMAN_LINE } from './phone-call';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * The pay-by-phone line end to end: the gateway's webhooks driven as Twilio
 * drives them (signed form posts, Twilio's parameter names, <Pay> through
 * the sandbox's Generic Pay Connector), against a real database and processor.
 */

let platform: TestPlatform;
let norwalkStaff: GraphQLTestClient;
let normanStaff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform({ jobs: true });
  norwalkStaff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  normanStaff = await signInStaff(platform, 'norman', 'ADMIN');
});
afterAll(() => platform.close());

const PAYMENT = `query Payment($id: UUID!) { payment(id: $id) { id status channel confirmationNumber total { amount } method { kind brand last4 } } }`;
type Payment = { id: string; status: string; channel: string; confirmationNumber: string; total: { amount: string }; method: { kind: string; brand: string; last4: string } };
const SUMMARY = `{ phoneCallSummary { calls paid amountPaid { amount } transferred verificationFailed ended abandoned inProgress abandonedAt { step calls } } }`;
type Summary = {
  phoneCallSummary: {
    calls: number;
    paid: number;
    amountPaid: { amount: string };
    transferred: number;
    verificationFailed: number;
    ended: number;
    abandoned: number;
    inProgress: number;
    abandonedAt: { step: string; calls: number }[];
  };
};

const callRow = async (slug: string, sid: string) =>
  (
    await tenantRows<{ outcome: string; step: string; ended_at_step: string | null; payment_id: string | null; state: unknown }>(
      platform,
      slug,
      'SELECT outcome, step, ended_at_step, payment_id, state FROM phone_calls WHERE call_sid = $1',
      [sid],
    )
  )[0];
const paymentsByKey = (slug: string, prefix: string) =>
  tenantRows<{ id: string; status: string; channel: string; idempotency_key: string }>(
    platform,
    slug,
    'SELECT id, status, channel, idempotency_key FROM payments WHERE idempotency_key LIKE $1 ORDER BY made_at',
    [`${prefix}%`],
  );
/** The confirmation number as it was read: "K, 7, Q, M. 4, X, P, D. 9, R, 2, T" -> "K7QM-4XPD-9R2T". */
const confirmationRead = (text: string) =>
  /(?:confirmation number is|número de confirmación es): ([A-Z0-9, .]+)\./
    .exec(text)?.[1]
    ?.split('. ')
    .map((group) => group.replace(/, /g, ''))
    .join('-');

describe('a Norwalk caller', () => {
  it('pays in English, hears the confirmation number and posting rule, gets it by text, and staff see the payment live with channel PHONE', async () => {
    const socket = norwalkStaff.openSocket();
    try {
      const cursor = await lastFinalCursor(platform, 'norwalk');
      const feed = socket.subscribe<{ paymentFeed: { status: string; channel: string | null; paymentId: string } }>(
        'subscription Feed($after: String) { paymentFeed(after: $after) { status channel paymentId } }',
        { after: cursor },
      );
      const call = new PhoneCall(platform, NORWALK_LINE);
      const welcome = await call.dial();
      expect(welcome.status).toBe(200);
      expect(welcome.said).toEqual(['Thank you for calling the City of Norwalk payment line.', 'For English, press 1.', 'Para español, oprima 2.']);
      expect(welcome.xml).toContain('numDigits="1"');
      // The Spanish offer is spoken in a Spanish voice.
      expect(welcome.xml).toContain('<Say language="es-US">Para español, oprima 2.</Say>');

      expect((await call.press('1')).text).toContain('Please enter your account number');
      const summary = await call.press('10100100');
      expect(summary.text).toMatch(/For the account ending in 0, 1, 0, 0, the amount due is \$88\.05, due [A-Z][a-z]+ \d{1,2}, \d{4}\./);
      expect(summary.text).toContain('To speak with customer service, press 0.');

      const method = await call.press('1');
      expect(method.said).toContain(METHOD_MENU.en);
      expect(method.pay).toBe(false);
      const card = await call.press('1');
      expect(card.pay).toBe(true);
      expect(card.xml).toMatch(/<Pay [^>]*paymentConnector="platform_pay_connector"[^>]*>/);
      expect(card.xml).toContain('chargeAmount="0"');
      expect(card.xml).toContain('validCardTypes="visa mastercard amex"');
      expect(card.said).toContain('Please enter your card number, then press pound.');

      const confirm = await call.payWith(SANDBOX_TEST_CARDS.visa);
      expect(confirm.text).toContain('You are paying $88.05 with the Visa ending in 4, 2, 4, 2. To confirm, press 1.');
      const receipt = await call.press('1');
      expect(receipt.text).toContain('Thank you. Your payment of $88.05 was accepted.');
      expect(receipt.text).toMatch(/It posts to your account on [A-Z][a-z]+ \d{1,2}, \d{4}\. Payments made before midnight/);
      const confirmationNumber = confirmationRead(receipt.text);

      const row = await callRow('norwalk', call.sid);
      expect(row).toMatchObject({ outcome: 'PAID', step: 'RECEIPT' });
      const { payment } = await norwalkStaff.data<{ payment: Payment }>(PAYMENT, { id: row!.payment_id });
      expect(payment).toMatchObject({ status: 'CAPTURED', channel: 'PHONE', confirmationNumber, total: { amount: '88.05' }, method: { kind: 'CARD', brand: 'VISA', last4: '4242' } });

      const events = (await feed.take(2)).map((event) => event.paymentFeed);
      expect(events).toEqual([
        { status: 'PENDING', channel: 'PHONE', paymentId: payment.id },
        { status: 'CAPTURED', channel: 'PHONE', paymentId: payment.id },
      ]);

      expect((await call.press('1')).text).toContain(`Your confirmation number is: ${[...confirmationNumber!.replace(/-/g, '')].slice(0, 4).join(', ')}.`);
      const texted = await call.press('2');
      expect(texted.text).toContain('We are sending your confirmation number by text message');
      expect(texted.text).not.toContain('To receive it by text message');
      const sms = await tenantRows<{ channel: string; recipient: string; data: Record<string, string> }>(
        platform,
        'norwalk',
        "SELECT channel, recipient, data FROM notification_outbox WHERE channel = 'SMS' AND recipient = $1",
        [call.from],
      );
      expect(sms).toEqual([{ channel: 'SMS', recipient: call.from, data: expect.objectContaining({ confirmationNumber, amount: '$88.05' }) }]);

      const goodbye = await call.press('3');
      expect(goodbye.hangsUp).toBe(true);
      expect(await call.hangUp()).toBe(204);
      expect(await callRow('norwalk', call.sid)).toMatchObject({ outcome: 'PAID', state: null });
    } finally {
      await socket.close();
    }
  });

  it('pays in Spanish, a different amount', async () => {
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    const account = await call.press('2');
    expect(account.text).toBe('Ingrese su número de cuenta con el teclado de su teléfono y luego oprima la tecla de número.');
    expect(account.xml).toContain('language="es-US"');
    const summary = await call.press('10100200');
    expect(summary.text).toMatch(/Para la cuenta que termina en 0, 2, 0, 0, el monto a pagar es \$\d+\.\d{2}/);
    expect((await call.press('2')).text).toContain('Ingrese el monto a pagar');
    expect((await call.press('2500')).said).toContain(METHOD_MENU.es);
    const card = await call.press('1');
    expect(card.xml).toMatch(/<Pay [^>]*language="es-US"/);
    expect(card.said).toContain('Ingrese el número de su tarjeta y luego oprima la tecla de número.');
    expect((await call.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('Está pagando $25.00 con la tarjeta Visa que termina en 4, 2, 4, 2.');
    const receipt = await call.press('1');
    expect(receipt.text).toContain('Gracias. Su pago de $25.00 fue aceptado.');
    expect(confirmationRead(receipt.text)).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
    expect(await paymentsByKey('norwalk', `phone:${call.sid}`)).toEqual([expect.objectContaining({ status: 'CAPTURED', channel: 'PHONE' })]);
  });

  it('who presses a key that is no language hears so and both offers again, then chooses Spanish; no account is looked up', async () => {
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    const wrongKey = await call.press('3');
    expect(wrongKey.said).toEqual(['That is not one of the choices.', 'For English, press 1.', 'Para español, oprima 2.']);
    expect(wrongKey.xml).toContain('<Say language="es-US">Para español, oprima 2.</Say>');
    expect(wrongKey.xml).toContain('numDigits="1"');
    expect(await callRow('norwalk', call.sid)).toMatchObject({ step: 'LANGUAGE', outcome: 'IN_PROGRESS' });
    // The 2 that follows is the language, not an account number 2.
    const account = await call.press('2');
    expect(account.text).toBe('Ingrese su número de cuenta con el teclado de su teléfono y luego oprima la tecla de número.');
    expect(account.xml).toContain('language="es-US"');
    const failures = await tenantRows(platform, 'norwalk', "SELECT 1 FROM security_events WHERE kind = 'LOOKUP_FAILED' AND client_ip = $1", [`phone:${call.from}`]);
    expect(failures).toEqual([]);
  });

  it('gets three tries at the account number, then a goodbye, and hears nothing of any account', async () => {
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    await call.press('1');
    const first = await call.press('99999999');
    expect(first.said).toEqual(['We could not find an account with that number.', 'Please try again.', 'Please enter your account number using your telephone keypad, then press pound.']);
    expect((await call.press('10100199')).text).toContain('Please try again.');
    const last = await call.press('12345678');
    expect(last.said).toEqual(['We are sorry, we could not find your account. Please check your bill and call again, or contact customer service. Goodbye.']);
    expect(last.hangsUp).toBe(true);
    for (const heard of [first, last]) expect(heard.text).not.toMatch(/\$|ending in/);
    expect(await callRow('norwalk', call.sid)).toMatchObject({ outcome: 'VERIFICATION_FAILED', ended_at_step: 'ACCOUNT', state: null });
    const failures = await tenantRows<{ client_ip: string }>(platform, 'norwalk', "SELECT client_ip FROM security_events WHERE kind = 'LOOKUP_FAILED' AND client_ip = $1", [`phone:${call.from}`]);
    expect(failures).toHaveLength(3);
    // The call is over: keys sent after the goodbye change nothing.
    expect((await call.press('10100100')).hangsUp).toBe(true);
  });

  it('with a disconnected account hears that paying the full balance requests restoration; a replayed confirmation charges once', async () => {
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    await call.press('1');
    const summary = await call.press('10100300');
    expect(summary.text).toMatch(/Service at this account is disconnected\. Paying the full balance of \$[\d,]+\.\d{2} requests restoration of service/);
    await call.press('1');
    const confirm = await call.payWith(SANDBOX_TEST_CARDS.visa);
    // The provider retries <Pay>'s callback: the same answer, nothing new.
    const again = await call.replay();
    expect(again.xml).toBe(confirm.xml);
    expect(again.text).toContain('To confirm, press 1.');

    const confirmUrl = call.last!.action!;
    const confirmation = { ...call.params, Digits: '1' };
    const answers = await Promise.all([call.post(confirmUrl, confirmation), call.post(confirmUrl, confirmation), call.post(confirmUrl, confirmation)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const numbers = answers.map((a) => confirmationRead(a.text));
    expect(new Set(numbers).size).toBe(1);
    expect(answers[0].text).toContain('restoration of service has been requested');
    const later = await call.post(confirmUrl, confirmation);
    expect(confirmationRead(later.text)).toBe(numbers[0]);

    const payments = await paymentsByKey('norwalk', `phone:${call.sid}`);
    expect(payments).toHaveLength(1);
    const [account] = await tenantRows<{ status: string }>(platform, 'norwalk', "SELECT status FROM service_accounts WHERE account_number = '10-1003-00'");
    expect(account?.status).toBe('RESTORATION_PENDING');
    const charges = (await processorCharges(platform)).filter((charge) => charge.idempotencyKey === `payment-${payments[0]!.id}`);
    expect(charges).toHaveLength(1);
  });
});

/** The web's look-up of a Norman account, which shares the phone's look-up limits. */
const webLookup = (accountNumber: string, lastPaymentAmount: string) =>
  platform.client.asTenant('norman').request('mutation L($input: LookupAccountInput!) { lookupAccount(input: $input) { account { accountNumber } userErrors { code } } }', {
    input: { accountNumber, lastPaymentAmount },
  });

describe('a Norwalk caller whose city changes its fee while they confirm', () => {
  const setFee = (convenienceFee: Record<string, unknown>) => changeCitySettings(platform, 'norwalk', { paymentRules: { convenienceFee } });

  it('is charged the total read to them, or told the new total and asked again', async () => {
    await setFee({ kind: 'FLAT', amount: '2.50' });
    try {
      const call = await callNorwalkToCard(platform, '2000');
      expect((await call.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('You are paying $22.50, including a convenience fee of $2.50');
      const charges = (await processorCharges(platform)).length;
      // The city raises its fee after the total was read: pressing 1 charges nothing, and the caller hears the new total.
      await setFee({ kind: 'FLAT', amount: '4.00' });
      const asked = await call.press('1');
      expect(asked.said[0]).toBe('The convenience fee has changed since we read you the total. Nothing was charged.');
      expect(asked.text).toContain('You are paying $24.00, including a convenience fee of $4.00');
      expect(await processorCharges(platform)).toHaveLength(charges);
      // Confirmed again: charged the total now read, once.
      expect((await call.press('1')).text).toContain('Your payment of $24.00 was accepted.');
      expect((await processorCharges(platform)).slice(charges).map((c) => c.amount)).toEqual(['2400']);
    } finally {
      await setFee({ kind: 'NONE' });
    }
  });
});

describe('a Norman caller', () => {
  it('is verified with the last payment amount, and pays', async () => {
    const call = new PhoneCall(platform, NORMAN_LINE);
    const welcome = await call.dial();
    // Norman is English only: straight to the account number.
    expect(welcome.said).toEqual(['Thank you for calling the City of Norman payment line.', 'Please enter your account number using your telephone keypad, then press pound.']);
    expect(welcome.text).not.toContain('español');
    expect((await call.press('20010417')).text).toContain('Now enter the amount of your last payment in dollars and cents');
    const wrong = await call.press('10000');
    expect(wrong.said.slice(0, 2)).toEqual(['We could not find an account with that account number and last payment amount.', 'Please try again.']);
    await call.press('20010417');
    const summary = await call.press('10065');
    expect(summary.text).toMatch(/For the account ending in 0, 4, 1, 7, the amount due is \$\d+\.\d{2}/);
    await call.press('1');
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    const receipt = await call.press('1');
    expect(receipt.text).toContain('was accepted');
    const [payment] = await paymentsByKey('norman', `phone:${call.sid}`);
    expect(payment).toMatchObject({ status: 'CAPTURED', channel: 'PHONE' });
  });

  it('whose card is declined is offered another card, and pays with it under a new attempt', async () => {
    const call = new PhoneCall(platform, NORMAN_LINE);
    await call.dial();
    await call.press('20020933');
    await call.press('4000');
    await call.press('1');
    await call.payWith(SANDBOX_TEST_CARDS.insufficientFunds);
    const declined = await call.press('1');
    expect(declined.said).toEqual([
      'The card was declined for insufficient funds.',
      'To try a different card, press 1. To pay from a bank account by electronic check, press 2. To end the call, press 3.',
      'To speak with customer service, press 0.',
    ]);
    expect((await call.press('1')).pay).toBe(true);
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    expect((await call.press('1')).text).toContain('was accepted');
    expect((await paymentsByKey('norman', `phone:${call.sid}`)).map((p) => [p.idempotency_key, p.status])).toEqual([
      [`phone:${call.sid}:1`, 'DECLINED'],
      [`phone:${call.sid}:2`, 'CAPTURED'],
    ]);
  });

  it("whose wrong last payment amounts count against the account's look-up limits on the web too", async () => {
    const call = new PhoneCall(platform, NORMAN_LINE);
    await call.dial();
    for (let i = 0; i < 3; i++) {
      await call.press('20042650');
      await call.press(`${i + 1}00`);
    }
    expect(call.last?.hangsUp).toBe(true);
    const lookup = (lastPaymentAmount: string) => webLookup('2004-2650', lastPaymentAmount);
    await lookup('9.99');
    await lookup('8.88');
    // Five failures on this account in 15 minutes, three of them by phone: even the right amount is refused now.
    expect((await lookup('120.00')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it("who proved the account is not stopped by a stranger's wrong amounts on the web while the card is being entered: the payment is taken", async () => {
    const call = new PhoneCall(platform, NORMAN_LINE);
    await call.dial();
    await call.press('20031188');
    await call.press('2500');
    await call.press('1');
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    const lookup = (lastPaymentAmount: string) => webLookup('2003-1188', lastPaymentAmount);
    for (const guess of ['1.11', '2.22', '3.33', '4.44', '5.55']) await lookup(guess);
    // The account's look-up limit is spent for everyone else: the right amount is refused on the web now...
    expect((await lookup('25.00')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // ...but the caller's number proved it, and its count is its own (test/billing/second-factor-lockout.test.ts).
    const confirmed = await call.press('1');
    expect(confirmed.said[0]).toMatch(/^Thank you\. Your payment of \$[\d,]+\.\d{2} was accepted\.$/);
    expect((await paymentsByKey('norman', `phone:${call.sid}`)).map(({ status }) => status)).toEqual(['CAPTURED']);
  });

  it('presses 0 for customer service: a transfer while it is open, the hours when it is closed', async () => {
    const setHours = async (supportHours: unknown) =>
      (
        await platform.operator.data<{ updateTenant: { userErrors: { code: string; field: string[] }[] } }>(
          'mutation U($input: UpdateTenantInput!) { updateTenant(slug: "norman", input: $input) { userErrors { code field } } }',
          { input: { contact: { supportHours } } },
        )
      ).updateTenant.userErrors;
    const today = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short' }).format(new Date()).toUpperCase().slice(0, 3);
    const otherDay = today === 'MON' ? 'TUE' : 'MON';
    try {
      expect(await setHours([{ days: [otherDay], opens: '08:00', closes: '17:00' }])).toEqual([]);
      const closed = new PhoneCall(platform, NORMAN_LINE);
      await closed.dial();
      await closed.press('20010417');
      await closed.press('10065');
      const hours = await closed.press('0');
      expect(hours.said[0]).toMatch(/^Customer service is available (Monday|Tuesday), 8:00\sAM to 5:00\sPM, Central/);
      expect(hours.dials).toBeNull();
      // And the same menu again.
      expect(hours.text).toContain('For the account ending in 0, 4, 1, 7');

      // Open all day: closing at 24:00, the end of the day (23:59 would leave the minute before midnight closed).
      const everyDay = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
      const at = (field: string) => ['input', 'contact', 'supportHours', '0', field];
      expect(await setHours([{ days: everyDay, opens: '00:00', closes: '24:30' }])).toEqual([{ code: 'INVALID', field: at('closes') }]);
      expect(await setHours([{ days: everyDay, opens: '24:00', closes: '24:00' }])).toContainEqual({ code: 'INVALID', field: at('opens') });
      expect(await setHours([{ days: everyDay, opens: '00:00', closes: '24:00' }])).toEqual([]);
      const open = new PhoneCall(platform, NORMAN_LINE);
      await open.dial();
      await open.press('20010417');
      await open.press('10065');
      const transfer = await open.press('0');
      expect(transfer.said).toEqual(['Please hold while we transfer you to customer service.']);
      // At the account number too: 0 is nobody's account.
      const early = new PhoneCall(platform, NORMAN_LINE);
      await early.dial();
      expect((await early.press('0')).dials).toBe('+14052177739');
      expect(transfer.dials).toBe('+14052177739');
      expect(await callRow('norman', open.sid)).toMatchObject({ outcome: 'TRANSFERRED' });
      expect(await closed.hangUp()).toBe(204);
      expect(await callRow('norman', closed.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'AMOUNT_MENU' });
    } finally {
      await setHours([{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '08:00', closes: '17:00' }]);
    }
  });
});

describe('the webhooks', () => {
  it('refuse a missing or bad signature with 403, and change nothing', async () => {
    const call = new PhoneCall(platform, NORWALK_LINE);
    expect((await call.post('/phone/voice', call.params, null)).status).toBe(403);
    expect((await call.post('/phone/voice', call.params, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    const otherCity = new PhoneCall(platform, NORWALK_LINE, '+15625550111', 'another-token-0123456789');
    expect((await otherCity.dial()).status).toBe(403);
    expect(await callRow('norwalk', call.sid)).toBeUndefined();
    expect(await callRow('norwalk', otherCity.sid)).toBeUndefined();

    // A signed request whose keys were changed on the way.
    await call.dial();
    const signedForOne = getExpectedTwilioSignature(DEV_PHONE_AUTH_TOKEN, `${call.base}/phone/voice?seq=1`, { ...call.params, Digits: '1' });
    const tampered = await call.post('/phone/voice?seq=1', { ...call.params, Digits: '2' }, signedForOne);
    expect(tampered.status).toBe(403);
    expect(await callRow('norwalk', call.sid)).toMatchObject({ step: 'LANGUAGE', outcome: 'IN_PROGRESS' });

    // A Host no URL can be made of: still a bad signature, not a crash.
    const odd = await new Promise<number>((resolve, reject) => {
      const target = new URL(`${call.base}/phone/voice`);
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { host: 'a b', 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(new URLSearchParams(call.params).toString());
    });
    expect(odd).toBe(403);
  });

  it('answer a call to a number no city has with a goodbye and no city’s data', async () => {
    const call = new PhoneCall(platform, '+15555550199');
    const heard = await call.dial();
    expect(heard.status).toBe(200);
    expect(heard.said).toEqual(['Thank you for calling. This number does not take payments. Please check the number on your bill. Goodbye.']);
    expect(heard.hangsUp).toBe(true);
    expect(heard.xml).not.toMatch(/Norwalk|Norman|Gather|Pay|Dial/);
  });

  it('tell staff how calls ended, per city, and nobody else', async () => {
    const { phoneCallSummary } = await norwalkStaff.data<Summary>(SUMMARY);
    expect(phoneCallSummary).toMatchObject({ paid: 4, verificationFailed: 1, transferred: 0 });
    expect(Number(phoneCallSummary.amountPaid.amount)).toBeGreaterThan(113);
    const norman = (await normanStaff.data<Summary>(SUMMARY)).phoneCallSummary;
    expect(norman).toMatchObject({ paid: 3, verificationFailed: 1, transferred: 2, abandoned: 1, abandonedAt: [{ step: 'AMOUNT_MENU', calls: 1 }] });
    const guest = await platform.client.asTenant('norwalk').request(SUMMARY);
    expect(guest.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A year at a time at most: each paid call's payment is looked up.
    const tooLong = await norwalkStaff.request('{ phoneCallSummary(from: "2024-01-01T00:00:00Z", to: "2025-01-02T00:00:00Z") { calls } }');
    expect(tooLong.errors?.[0]).toMatchObject({ message: 'Ask for at most 366 days of calls at a time.', extensions: { code: 'BAD_USER_INPUT', reason: 'PERIOD_TOO_LONG', field: 'from' } });
    const aYear = await norwalkStaff.data<{ phoneCallSummary: { calls: number } }>('{ phoneCallSummary(from: "2024-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z") { calls } }');
    expect(aYear.phoneCallSummary.calls).toBe(0);
    // Dates the wrong way round are a mistake to point out, not a month nobody called in.
    const inverted = await norwalkStaff.request('{ phoneCallSummary(from: "2026-11-30T00:00:00Z", to: "2026-11-01T00:00:00Z") { calls } }');
    expect(inverted.errors?.[0]).toMatchObject({
      message: 'The period ends before it starts: "to" must come after "from".',
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'to' },
    });
  });

  it("keep each city's calls to itself: the same CallSid at another city is another call, and neither city reads the other's", async () => {
    const norwalk = new PhoneCall(platform, NORWALK_LINE);
    await norwalk.dial();
    await norwalk.press('1');
    const norman = Object.assign(new PhoneCall(platform, NORMAN_LINE), { sid: norwalk.sid });
    expect((await norman.dial()).text).toContain('City of Norman');
    expect(await callRow('norwalk', norwalk.sid)).toMatchObject({ step: 'ACCOUNT' });
    expect(await callRow('norman', norwalk.sid)).toMatchObject({ step: 'ACCOUNT' });
    const [norwalkId] = await platform.db.query<{ id: string }[]>("SELECT id FROM tenants WHERE slug = 'norwalk'");
    const seenByNorman = await tenantRows<{ tenant_id: string }>(platform, 'norman', 'SELECT tenant_id FROM phone_calls WHERE tenant_id = $1', [norwalkId!.id]);
    expect(seenByNorman).toEqual([]);
    // TypeORM answers an UPDATE with [rows, affected]: nothing of Norwalk's is Norman's to change.
    await expect(tenantRows(platform, 'norman', "UPDATE phone_calls SET outcome = 'PAID' WHERE tenant_id = $1 RETURNING call_sid", [norwalkId!.id])).resolves.toEqual([[], 0]);
    await norwalk.hangUp();
    await norman.hangUp();
  });

  it('pay for each city its own call of the same CallSid: a Norman caller is charged, not told the Norwalk payment of that CallSid', async () => {
    const norwalk = await callNorwalkToConfirm(platform, '1234');
    expect((await norwalk.press('1')).text).toContain('Your payment of $12.34 was accepted');
    await norwalk.hangUp();
    const norman = Object.assign(new PhoneCall(platform, NORMAN_LINE), { sid: norwalk.sid });
    await norman.dial();
    await norman.press('20010417');
    await norman.press('10065');
    await norman.press('2');
    await norman.press('5000');
    expect((await norman.payWith(SANDBOX_TEST_CARDS.visa)).text).toContain('You are paying $50.00');
    // Before: 'Your payment of $12.34 was accepted', Norwalk's, and nothing charged at Norman.
    expect((await norman.press('1')).text).toContain('Your payment of $50.00 was accepted');
    expect(await paymentsByKey('norman', `phone:${norman.sid}`)).toHaveLength(1);
    await norman.hangUp();
  });

  it('let a call’s state expire: a late webhook hears the call timed out, and the expiry job records calls left behind as abandoned', async () => {
    const late = new PhoneCall(platform, NORWALK_LINE);
    const forgotten = new PhoneCall(platform, NORWALK_LINE);
    for (const call of [late, forgotten]) {
      await call.dial();
      await call.press('1');
    }
    await tenantRows(platform, 'norwalk', "UPDATE phone_calls SET expires_at = now() - interval '1 minute' WHERE call_sid IN ($1, $2)", [late.sid, forgotten.sid]);
    const heard = await late.press('10100100');
    expect(heard.said).toEqual(['This call has timed out. Please call again. Goodbye.']);
    expect(heard.hangsUp).toBe(true);
    expect(await callRow('norwalk', late.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'ACCOUNT', state: null });
    expect(await callRow('norwalk', forgotten.sid)).toMatchObject({ outcome: 'IN_PROGRESS', step: 'ACCOUNT' });
    await platform.runJob('phone.expire-calls');
    expect(await callRow('norwalk', forgotten.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'ACCOUNT', state: null });
    // The job says how many it expired: the forgotten call alone (the late one ended itself).
    const said = platform.logLines().map((line) => JSON.parse(line) as { msg: string; tenant?: string; calls?: number });
    expect(said.filter((line) => line.msg === 'expired phone calls')).toEqual([expect.objectContaining({ tenant: 'norwalk', calls: 1 })]);
  });

  it('answer a timed-out call’s webhook sent again, or sent after the expiry job, with the goodbye, not a question from before', async () => {
    const late = new PhoneCall(platform, NORWALK_LINE);
    const forgotten = new PhoneCall(platform, NORWALK_LINE);
    for (const call of [late, forgotten]) {
      await call.dial();
      await call.press('2');
    }
    await tenantRows(platform, 'norwalk', "UPDATE phone_calls SET expires_at = now() - interval '1 minute' WHERE call_sid IN ($1, $2)", [late.sid, forgotten.sid]);
    const goodbye = { said: ['Esta llamada expiró. Por favor vuelva a llamar. Adiós.'], hangsUp: true };
    const heard = await late.press('10100100');
    expect({ said: heard.said, hangsUp: heard.hangsUp }).toEqual(goodbye);
    // The provider did not get that answer, and sends the webhook again.
    const retried = await late.replay();
    expect(retried.xml).toBe(heard.xml);

    await platform.runJob('phone.expire-calls');
    const afterTheJob = await forgotten.press('10100100');
    expect({ said: afterTheJob.said, hangsUp: afterTheJob.hangsUp }).toEqual(goodbye);
    expect(afterTheJob.xml).toBe(heard.xml);
  });

  it('answer a late webhook of an earlier step, once the state has expired, with the goodbye, before the expiry job runs', async () => {
    const call = new PhoneCall(platform, NORWALK_LINE);
    await call.dial();
    await call.press('1');
    const languageKey = { ...call.params, Digits: '1' };
    await tenantRows(platform, 'norwalk', "UPDATE phone_calls SET expires_at = now() - interval '1 minute' WHERE call_sid = $1", [call.sid]);
    const late = await call.post('/phone/voice?seq=1', languageKey);
    expect({ said: late.said, hangsUp: late.hangsUp }).toEqual({ said: ['This call has timed out. Please call again. Goodbye.'], hangsUp: true });
    expect(await callRow('norwalk', call.sid)).toMatchObject({ outcome: 'ABANDONED', ended_at_step: 'ACCOUNT', state: null });
  });

  it('leave no card number in the database or the logs', async () => {
    expect(await findCardNumbers(platform.settings, platform.logLines())).toEqual([]);
  });
});

describe('the phone simulator (pnpm cli phone:call)', () => {
  it('plays a call from stdin: prompts as text, the card to the connector, a payment taken, the number never printed', async () => {
    const cli = path.join(__dirname, '../../services/gateway/dist/cli.js');
    const keys = ['1', '10100400#', '2', '1500#', '1', `${SANDBOX_TEST_CARDS.visa}#`, '1230#', '123#', '90650#', '1', '3'].join('\n');
    const base = webhookBase(platform.gateway);
    const output = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [cli, 'phone:call', '--to', '888-647-2502', '--url', base, '--connector-url', `${platform.processorUrl}/v1/generic-pay-connector`, '--from', '+15625550188'],
        { env: { ...process.env, LOG_LEVEL: 'silent' } },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
      child.stdin!.end(`${keys}\n`);
    });
    expect(output).toContain('Thank you for calling the City of Norwalk payment line.');
    expect(output).toContain('Please enter your card number, then press pound.');
    expect(output).toContain('You are paying $15.00 with the Visa ending in 4, 2, 4, 2.');
    expect(output).toContain('Your payment of $15.00 was accepted.');
    expect(output).toContain('[the line hung up]');
    expect(output).not.toContain(SANDBOX_TEST_CARDS.visa);
    const [sid] = /call (CA[0-9a-f]{32})/.exec(output)!.slice(1);
    expect(await paymentsByKey('norwalk', `phone:${sid}`)).toEqual([expect.objectContaining({ status: 'CAPTURED', channel: 'PHONE' })]);
  });
});

describe('a card the payment could not take', () => {
  it('is followed by the next card, tried as a payment of its own rather than answered with the same refusal', async () => {
    const call = await callNorwalkToCard(platform, '1500');
    // A token the processor never made: the payment is refused before any charge.
    await call.payCallback({ Result: 'success', PaymentToken: 'tok_never_made_1234', PaymentCardNumber: 'xxxxxxxxxxxx4242', PaymentCardType: 'visa' });
    expect((await call.press('1')).text).toContain('We could not take this payment.');
    await call.press('1');
    await call.payWith(SANDBOX_TEST_CARDS.visa);
    expect((await call.press('1')).text).toContain('Your payment of $15.00 was accepted.');
  });

  it('five times declined, puts the caller through to customer service at the card-testing limit (who can take the payment), not as a failed verification', async () => {
    const account = await norwalkAccountOwing(platform, '50.00');
    const call = await callNorwalkToConfirm(platform, '1500', SANDBOX_TEST_CARDS.genericDecline, { account: account.keys });
    expect((await call.press('1')).text).toContain('The card was declined.');
    for (let declines = 1; declines < 5; declines++) {
      await call.press('1');
      await call.payWith(SANDBOX_TEST_CARDS.genericDecline);
      expect((await call.press('1')).text).toContain('The card was declined.');
    }
    // Asked for another card, the caller is stopped before it is read: its bank would answer the connector already.
    const limited = await call.press('1');
    expect(limited.pay).toBe(false);
    expect(limited.said[0]).toBe('Too many cards were declined. Nothing was charged.');
    expect(limited.dials).toBe(NORWALK_CUSTOMER_SERVICE);
    expect(await callRow('norwalk', call.sid)).toMatchObject({ outcome: 'TRANSFERRED', state: null });
  });
});
