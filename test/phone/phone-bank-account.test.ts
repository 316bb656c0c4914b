import { SANDBOX_BANK } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { bankToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { callNorwalkToMethod, callPayments, METHOD_MENU, NORWALK_CUSTOMER_SERVICE, norwalkAccountOwing, simulateNorwalkCall, type PhoneCall } from './phone-call';

/*
 * Norwalk takes e-checks on the web; its phone line took cards only. A caller who would pay from a bank account was
 * asked for a card or nothing. Now, after choosing what to pay, a caller in a city that takes e-checks is offered card
 * or bank account; the bank account is keyed into `<Pay paymentMethod="ach-debit">` (the platform sees only the
 * processor's token) and charged as an e-check through the payments service's own rules: a bank account the city has
 * blocked after a return, one its bank does not know, and one whose last e-check to the account has not cleared are
 * refused, and the caller hears what an e-check means before confirming (its bank may return it) and on the receipt.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
  await changeCitySettings(platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
}, 120_000);
afterAll(() => platform.close());

const { routingNumber } = SANDBOX_BANK;

/** A caller paying `cents` (keys) who chose the bank account at the method menu. */
async function callToBank(cents: string, caller: { account?: string; language?: 'en' | 'es' } = {}): Promise<PhoneCall> {
  const call = await callNorwalkToMethod(platform, cents, caller);
  expect(call.last?.said.at(-2)).toBe(caller.language === 'es' ? METHOD_MENU.es : METHOD_MENU.en);
  await call.press('2');
  return call;
}

const paymentRows = (call: PhoneCall) =>
  tenantRows<{ status: string; method_kind: string; method_last4: string; channel: string; amount_cents: string }>(
    platform,
    'norwalk',
    `SELECT status, method_kind, method_last4, channel, amount_cents::text FROM payments WHERE idempotency_key LIKE $1`,
    [`phone:${call.sid}:%`],
  );

it('offers card or bank account after the amount, takes the bank account by <Pay> ACH, says what an e-check means, and charges it as an e-check', async () => {
  const account = await norwalkAccountOwing(platform, '40.00');
  const call = await callNorwalkToMethod(platform, '4000', { account: account.keys });
  expect({ said: call.last?.said.slice(-2), asksForPayment: call.last?.pay }).toEqual({
    said: [METHOD_MENU.en, 'To speak with customer service, press 0.'],
    asksForPayment: false,
  });

  const bank = await call.press('2');
  expect(bank.pay).toBe(true);
  expect(bank.xml).toContain('paymentMethod="ach-debit"');
  expect(bank.xml).toContain('chargeAmount="0"');
  expect(bank.xml).toMatch(/<Prompt for="bank-routing-number"><Say language="en-US">Please enter the 9-digit routing number of your bank, then press pound.<\/Say><\/Prompt>/);
  expect(bank.xml).toMatch(/<Prompt for="bank-account-number"><Say language="en-US">Please enter your bank account number, then press pound.<\/Say><\/Prompt>/);
  expect(bank.xml).toContain('errorType="invalid-bank-routing-number"');
  expect(bank.xml).not.toContain('payment-card-number');

  const confirm = await call.payWithBank(routingNumber, SANDBOX_BANK.accounts.settles);
  expect(confirm.said).toEqual([
    'You are paying $40.00 by electronic check from the bank account ending in 6, 7, 8, 9. Your bank pays an electronic check over the next few business days, and can return it, for example for insufficient funds or a closed account: then the payment is undone and the amount is owed again, with a returned payment fee of $25.00. To confirm, press 1. To use a different bank account or a card, press 2.',
    'To speak with customer service, press 0.',
  ]);

  const receipt = await call.press('1');
  expect(receipt.said[0]).toBe('Thank you. Your payment of $40.00 was accepted.');
  expect(receipt.said[2]).toMatch(/^It posts to your account on /);
  expect(receipt.said[3]).toBe('This is an electronic check: if your bank returns it, the payment is undone and the amount is owed again.');
  expect(await paymentRows(call)).toEqual([{ status: 'AUTHORIZED', method_kind: 'BANK_ACCOUNT', method_last4: '6789', channel: 'PHONE', amount_cents: '4000' }]);
  // Nothing of the bank account but its last four is kept on the call.
  expect(JSON.stringify(await tenantRows(platform, 'norwalk', 'SELECT state, last_twiml FROM phone_calls WHERE call_sid = $1', [call.sid]))).not.toContain(SANDBOX_BANK.accounts.settles);
});

it('says the bank path in Spanish', async () => {
  const call = await callToBank('1500', { language: 'es' });
  expect(call.last?.said[0]).toMatch(/^A continuación, ingrese su cuenta bancaria/);
  const confirm = await call.payWithBank(routingNumber, '000555556789');
  expect(confirm.said[0]).toMatch(/^Está pagando \$15\.00 con cheque electrónico desde la cuenta bancaria que termina en 6, 7, 8, 9\. Su banco paga un cheque electrónico/);
});

it('says a routing number not valid, and an account number too short or too long, charges nothing, and offers the choice again', async () => {
  const call = await callToBank('1200');
  const badRouting = await call.payWithBank('123456789', SANDBOX_BANK.accounts.settles);
  expect(badRouting.said).toEqual([
    'That routing number is not valid. Nothing was charged. It is the 9 digits at the bottom left of your checks.',
    'To try again with a card or a bank account, press 1. To end the call, press 3.',
    'To speak with customer service, press 0.',
  ]);
  expect((await call.press('1')).said.at(-2)).toBe(METHOD_MENU.en);
  await call.press('2');
  const short = await call.payWithBank(routingNumber, '123');
  expect(short.said[0]).toBe('That bank account number is not valid: it has 4 to 17 digits. Nothing was charged. Check the number on your checks and enter it again.');
  await call.press('1');
  await call.press('2');
  const long = await call.payWithBank(routingNumber, '123456789012345678');
  expect(long.said[0]).toBe('That bank account number is not valid: it has 4 to 17 digits. Nothing was charged. Check the number on your checks and enter it again.');
  expect(await callPayments(platform, call)).toEqual([]);
});

it('refuses a bank account its bank does not know, and one the city blocked after a return, saying so; another method is offered', async () => {
  const unknown = await callToBank('1100');
  await unknown.payWithBank(routingNumber, SANDBOX_BANK.accounts.notFound);
  const refused = await unknown.press('1');
  expect(refused.said.slice(0, 2)).toEqual([
    'We could not take this payment. This bank account could not be verified. Check the routing and account numbers, or use another method.',
    'To try again with a card or a bank account, press 1. To end the call, press 3.',
  ]);

  // A web e-check from a closed bank account comes back R02: the city blocks that bank account.
  const closed = SANDBOX_BANK.accounts.returnsAccountClosed;
  const web = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('closed'),
    allocations: [{ accountNumber: '10-1002-00', amount: '1.00' }],
    token: await bankToken(platform, closed),
    payerEmail: 'payer@example.com',
  });
  expect(web.userErrors).toEqual([]);
  clock.set(new Date('2026-11-27T18:00:00Z'));
  await platform.runJob('payments.settle-echecks');

  const blocked = await callToBank('1100');
  await blocked.payWithBank(routingNumber, closed);
  const said = (await blocked.press('1')).said;
  expect(said[0]).toBe('We could not take this payment. This bank account cannot be used here after a returned payment. Please use another method.');
  expect(await callPayments(platform, blocked)).toEqual([]);
});

it('refuses a second e-check from the same bank account while the first to the account awaits its bank', async () => {
  const account = await norwalkAccountOwing(platform, '60.00');
  const first = await callToBank('2000', { account: account.keys });
  await first.payWithBank(routingNumber, '000777776789');
  expect((await first.press('1')).said[0]).toBe('Thank you. Your payment of $20.00 was accepted.');
  const second = await callToBank('2000', { account: account.keys });
  await second.payWithBank(routingNumber, '000777776789');
  const said = (await second.press('1')).said;
  expect(said[0]).toMatch(/^We could not take this payment\. An earlier e-check from this bank account to this account has not cleared its bank yet\. Nothing was charged\./);
  expect(said[1]).toBe('To try again with a card or a bank account, press 1. To end the call, press 3.');
});

it('puts a call trying bank account after bank account its bank does not know through to customer service at the card-testing limit, not as a failed look-up', async () => {
  const account = await norwalkAccountOwing(platform, '10.00');
  const call = await callToBank('500', { account: account.keys });
  let said: string[] = [];
  for (let i = 1; i <= 6; i++) {
    await call.payWithBank(routingNumber, `00099${String(i).padStart(3, '0')}0003`);
    said = (await call.press('1')).said;
    if (call.last?.hangsUp || call.last?.dials) break;
    await call.press('1');
    // Stopped before the next bank account is read, once the limits are spent.
    said = (await call.press('2')).said;
    if (call.last?.dials) break;
  }
  expect(said).toEqual(['Too many bank accounts were refused. Nothing was charged.', 'Please hold while we transfer you to customer service.']);
  expect(await tenantRows(platform, 'norwalk', 'SELECT outcome FROM phone_calls WHERE call_sid = $1', [call.sid])).toEqual([{ outcome: 'TRANSFERRED' }]);
});

it('is played by the phone simulator as the provider plays it: the bank account to the connector, an e-check taken, its numbers never printed', async () => {
  const account = await norwalkAccountOwing(platform, '30.00');
  const bankNumber = '000888886789';
  const keys = ['1', `${account.keys}#`, '1', '2', `${routingNumber}#`, `${bankNumber}#`, '1', '3'];
  const { end, printed } = await simulateNorwalkCall(platform, keys, '+15625550177');
  expect(end).toBe('HUNG_UP_BY_LINE');
  expect(printed).toContain('Please enter the 9-digit routing number of your bank, then press pound.');
  expect(printed).toContain('You are paying $30.00 by electronic check from the bank account ending in 6, 7, 8, 9.');
  expect(printed).toContain('Thank you. Your payment of $30.00 was accepted.');
  expect(printed).not.toContain(bankNumber);
});

it('offers no choice in a city that takes no e-checks: the card at once', async () => {
  await changeCitySettings(platform, 'norwalk', { paymentRules: { echeckAccepted: false } });
  try {
    const call = await callNorwalkToMethod(platform, '1000');
    expect(call.last?.pay).toBe(true);
    expect(call.last?.xml).toContain('paymentMethod="credit-card"');
    expect(call.last?.said).not.toContain(METHOD_MENU.en);
  } finally {
    await changeCitySettings(platform, 'norwalk', { paymentRules: { echeckAccepted: true } });
  }
});

describe('with the processor not answering the platform', () => {
  let down: TestPlatform;
  beforeAll(async () => {
    // The connector (the sandbox) still tokenizes; the gateway's own processor calls go nowhere.
    down = await startTestPlatform({ gatewayProcessorUrl: 'http://127.0.0.1:9', processorTimeoutMs: 1000 });
  }, 120_000);
  afterAll(() => down.close());

  it('tells the caller nothing was charged and to try later, and puts them through', async () => {
    const call = await callNorwalkToMethod(down, '2500');
    await call.press('2');
    const heard = await call.payWithBank(routingNumber, SANDBOX_BANK.accounts.settles);
    expect({ said: heard.said, dials: heard.dials, asksForPayment: heard.pay }).toEqual({
      said: ['We cannot take payments right now, and nothing was charged. Please try again later.', 'Please hold while we transfer you to customer service.'],
      dials: NORWALK_CUSTOMER_SERVICE,
      asksForPayment: false,
    });
  });
});
