import { startTestPlatform, type GraphQLResponse, type TestPlatform } from '@platform/testkit';
import { callNorwalkToConfirm } from '../phone/phone-call';
import { changeCitySettings } from '../tenants/city-settings';
import { CARDS, MAKE_PAYMENT, cardToken, newKey, processorCharges, type MakePaymentResult } from './payments-api';

/*
 * A stranger's declines must not stop a resident paying their own bill. The
 * account number is printed on every bill, so anyone holding a neighbour's
 * could, with five bad cards, refuse that account every payment on the web
 * and by phone for a quarter of an hour, again and again, on the due date or
 * the day before disconnection. Card testing stays limited per address (or
 * caller's number) and per card; an account's declines count against their
 * source only. A payer who is refused is told how to pay anyway.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const freshAddress = () => `203.0.113.${nextAddress++}`;
const NORMAN_PROOF: Readonly<Record<string, string>> = { '2001-0417': '100.65', '2002-0933': '40.00' };

type Answer = GraphQLResponse<{ makePayment: MakePaymentResult }>;

async function pay(address: string, accountNumber: string, card: string, locale = 'en'): Promise<Answer> {
  const proof = NORMAN_PROOF[accountNumber];
  const input = {
    idempotencyKey: newKey('lockout'),
    allocations: [{ accountNumber, amount: '1.00', ...(proof ? { lastPaymentAmount: proof } : {}) }],
    token: await cardToken(platform, card),
    payerEmail: 'payer@example.com',
  };
  const slug = accountNumber.startsWith('10-') ? 'norwalk' : 'norman';
  return platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': address, 'accept-language': locale }).request(MAKE_PAYMENT, { input });
}

const outcome = (answer: Answer): string =>
  answer.errors?.[0]?.extensions?.code ?? answer.data?.makePayment.payment?.status ?? answer.data?.makePayment.userErrors.map((e) => e.code).join(',') ?? 'NO ANSWER';

/** Five declining cards at a time, taken in turn from the sandbox's four: the file's twenty declines leave no card over its own limit. */
const DECLINING = [CARDS.genericDecline, CARDS.insufficientFunds, CARDS.expiredCard, CARDS.processingError];
let declined = 0;
const strangersCards = () => Array.from({ length: 5 }, () => DECLINING[declined++ % DECLINING.length]!);

describe('a stranger declined five times on a neighbour’s account, from five addresses', () => {
  it('does not stop the resident paying it on the web from their own address', async () => {
    for (const card of strangersCards()) expect(outcome(await pay(freshAddress(), '10-1002-00', card))).toBe('DECLINED');
    const charges = (await processorCharges(platform)).length;
    const resident = await pay(freshAddress(), '10-1002-00', CARDS.visa);
    expect(outcome(resident)).toBe('CAPTURED');
    expect((await processorCharges(platform)).length).toBe(charges + 1);
  });

  it('does not stop the resident paying it by phone from their own number', async () => {
    for (const card of strangersCards()) expect(outcome(await pay(freshAddress(), '10-1003-00', card))).toBe('DECLINED');
    const call = await callNorwalkToConfirm(platform, '1500', CARDS.visa, { account: '10100300' });
    expect((await call.press('1')).text).toContain('Your payment of $15.00 was accepted.');
  });
});

describe('a stranger declined five times on a neighbour’s account by phone', () => {
  it('does not stop the next caller, from another number, paying it', async () => {
    const [first, ...more] = strangersCards();
    const stranger = await callNorwalkToConfirm(platform, '1500', first, { account: '10100400' });
    expect((await stranger.press('1')).text).toMatch(/declined|expired|could not be processed|not enough/i);
    for (const card of more) {
      await stranger.press('1');
      await stranger.payWith(card);
      expect((await stranger.press('1')).text).toMatch(/declined|expired|could not be processed|not enough/i);
    }
    const resident = await callNorwalkToConfirm(platform, '1500', CARDS.visa, { account: '10100400' });
    expect((await resident.press('1')).text).toContain('Your payment of $15.00 was accepted.');
  });
});

describe('a payer refused for too many declines', () => {
  it('is told, in English and Spanish, that nothing was charged and how to pay anyway: customer service and the office', async () => {
    const address = freshAddress();
    for (const card of strangersCards()) expect(outcome(await pay(address, '2001-0417', card))).toBe('DECLINED');
    const english = await pay(address, '2001-0417', CARDS.visa);
    expect(english.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), reason: 'PAYMENT_DECLINES' });
    expect(english.errors?.[0]?.message).toMatch(/^Too many attempts\. Please wait \d+ minutes and try again\. /);
    expect(english.errors?.[0]?.message).toContain('Nothing was charged.');
    expect(english.errors?.[0]?.message).toContain('(405) 217-7739');
    expect(english.errors?.[0]?.message).toContain('225 N. Webster Ave., Norman');
    // Norman's portal is English only; a city that offers Spanish refuses in it.
    await changeCitySettings(platform, 'norman', { locales: ['EN', 'ES'] });
    const spanish = await pay(address, '2001-0417', CARDS.visa, 'es');
    expect(spanish.errors?.[0]?.message).toMatch(/^Demasiados intentos\. /);
    expect(spanish.errors?.[0]?.message).toContain('No se cobró nada.');
    expect(spanish.errors?.[0]?.message).toContain('(405) 217-7739');
    expect(spanish.errors?.[0]?.message).toContain('225 N. Webster Ave., Norman');
  });
});
