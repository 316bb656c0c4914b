import { FixedClock, startTestPlatform, type GraphQLResponse, type TestPlatform } from '@platform/testkit';
import { auditCount, countRows } from '../customers/customer-api';
import { CARDS, MAKE_PAYMENT, cardToken, newKey, processorCharges, type MakePaymentResult } from './payments-api';

/*
 * Card testing: a list of stolen cards tried on the guest payment form, each
 * once. Declines are limited per client address, per account paid from that address and per
 * card, 5 per 15 minutes each; a refused attempt is answered RATE_LIMITED
 * before anything is recorded or charged. Each test uses addresses,
 * accounts and cards the others leave below their limits (the sandbox gives
 * every token of one test number the same fingerprint).
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

let nextAddress = 1;
const freshAddress = () => `192.0.2.${nextAddress++}`;
const NORMAN_PROOF: Readonly<Record<string, string>> = { '2001-0417': '100.65', '2002-0933': '40.00', '2003-1188': '25.00', '2004-2650': '120.00' };

type Answer = GraphQLResponse<{ makePayment: MakePaymentResult }>;

/** A payment's input: $1.00 to one account (Norman's with its proof), with a new token for `card`. */
async function paymentInput(accountNumber: string, card: string): Promise<Record<string, unknown>> {
  const proof = NORMAN_PROOF[accountNumber];
  return {
    idempotencyKey: newKey('decline'),
    allocations: [{ accountNumber, amount: '1.00', ...(proof ? { lastPaymentAmount: proof } : {}) }],
    token: await cardToken(platform, card),
    payerEmail: 'tester@example.com',
  };
}

const send = (address: string, input: Record<string, unknown>): Promise<Answer> => {
  const slug = String((input.allocations as { accountNumber: string }[])[0]!.accountNumber).startsWith('10-') ? 'norwalk' : 'norman';
  return platform.client.asTenant(slug).withHeaders({ 'x-forwarded-for': address }).request(MAKE_PAYMENT, { input });
};

/** RATE_LIMITED, or the payment's status, or the userErrors' codes. */
const outcome = (answer: Answer): string =>
  answer.errors?.[0]?.extensions?.code ?? answer.data?.makePayment.payment?.status ?? answer.data?.makePayment.userErrors.map((e) => e.code).join(',') ?? 'NO ANSWER';

async function attempt(address: string, accountNumber: string, card: string): Promise<{ input: Record<string, unknown>; answer: Answer }> {
  const input = await paymentInput(accountNumber, card);
  return { input, answer: await send(address, input) };
}

const rateLimitEntries = (slug: string, limit: string) => auditCount(platform, slug, `kind = 'RATE_LIMITED' AND detail->>'action' = 'makePayment' AND detail->>'limit' = $1`, [limit]);

describe('declines from one client address', () => {
  const address = '198.51.100.7';
  const first: { input?: Record<string, unknown>; answer?: Answer } = {};

  it('refuses the 6th attempt after 5 declines with RATE_LIMITED, recording and charging nothing, whatever the card', async () => {
    // Spread over accounts and cards, so only the address reaches its limit.
    const tries: [string, string][] = [
      ['10-1002-00', CARDS.genericDecline],
      ['10-1003-00', CARDS.insufficientFunds],
      ['10-1004-00', CARDS.expiredCard],
      ['10-1002-00', CARDS.processingError],
      ['10-1003-00', CARDS.genericDecline],
    ];
    for (const [accountNumber, card] of tries) {
      const sent = await attempt(address, accountNumber, card);
      expect(outcome(sent.answer)).toBe('DECLINED');
      first.input ??= sent.input;
      first.answer ??= sent.answer;
    }
    const payments = await countRows(platform, 'norwalk', 'payments');
    const charges = (await processorCharges(platform)).length;

    const sixth = (await attempt(address, '10-1004-00', CARDS.genericDecline)).answer;
    expect(sixth.data).toBeNull();
    expect(sixth.errors).toEqual([expect.objectContaining({ path: ['makePayment'], extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 900, reason: 'PAYMENT_DECLINES' } })]);
    // A good card waits too: had it reached the processor, it would have been charged.
    expect(outcome((await attempt(address, '10-1004-00', CARDS.visa)).answer)).toBe('RATE_LIMITED');
    expect((await processorCharges(platform)).length).toBe(charges);
    expect(await countRows(platform, 'norwalk', 'payments')).toBe(payments);
    // One entry in the security log for the window, however many refusals.
    expect(await rateLimitEntries('norwalk', 'payment-decline-ip')).toBe(1);
  });

  it('still answers a retry of a payment recorded before the limit was reached, as before', async () => {
    const retried = await send(address, first.input!);
    expect(retried.errors).toBeUndefined();
    expect(retried.data).toEqual(first.answer!.data);
    expect(retried.data?.makePayment).toMatchObject({ payment: { status: 'DECLINED' }, userErrors: [expect.objectContaining({ code: 'CARD_DECLINED' })] });
  });
});

describe('declines on one account from many addresses', () => {
  it('count against each address, not the account: a 6th payment from a new address with a good card is charged (decline-lockout.test.ts)', async () => {
    for (const card of [CARDS.insufficientFunds, CARDS.expiredCard, CARDS.processingError, CARDS.insufficientFunds, CARDS.expiredCard]) {
      expect(outcome((await attempt(freshAddress(), '10-1001-00', card)).answer)).toBe('DECLINED');
    }
    const charges = (await processorCharges(platform)).length;
    expect(outcome((await attempt(freshAddress(), '10-1001-00', CARDS.visa)).answer)).toBe('CAPTURED');
    expect((await processorCharges(platform)).length).toBe(charges + 1);
    expect(await rateLimitEntries('norwalk', 'payment-decline-account')).toBe(0);
  });
});

describe('payers with a good card', () => {
  it('get through from a fresh address on another account, after a decline or two', async () => {
    const address = freshAddress();
    expect(outcome((await attempt(address, '10-1004-00', CARDS.insufficientFunds)).answer)).toBe('DECLINED');
    expect(outcome((await attempt(address, '10-1004-00', CARDS.processingError)).answer)).toBe('DECLINED');
    const charges = (await processorCharges(platform)).length;
    const paid = (await attempt(address, '10-1004-00', CARDS.visa)).answer;
    expect(outcome(paid)).toBe('CAPTURED');
    expect(paid.data?.makePayment.userErrors).toEqual([]);
    expect((await processorCharges(platform)).length).toBe(charges + 1);
  });

  it('spend nothing: a charge that goes through gives its place back', async () => {
    // Six payments in a row from one address would spend its limit if each kept the place it took.
    const address = freshAddress();
    for (let i = 0; i < 6; i++) expect(outcome((await attempt(address, '10-1002-00', CARDS.mastercard)).answer)).toBe('CAPTURED');
  });
});

describe('one card tried on many accounts from many addresses', () => {
  it('is limited per card (by its fingerprint), while other cards still pay', async () => {
    for (const accountNumber of ['2001-0417', '2003-1188', '2004-2650', '2001-0417', '2003-1188']) {
      expect(outcome((await attempt(freshAddress(), accountNumber, CARDS.processingError)).answer)).toBe('DECLINED');
    }
    const payments = await countRows(platform, 'norman', 'payments');
    expect(outcome((await attempt(freshAddress(), '2004-2650', CARDS.processingError)).answer)).toBe('RATE_LIMITED');
    expect(await countRows(platform, 'norman', 'payments')).toBe(payments);
    expect(await rateLimitEntries('norman', 'payment-decline-method')).toBe(1);
    expect(outcome((await attempt(freshAddress(), '2004-2650', CARDS.visa)).answer)).toBe('CAPTURED');
  });
});

describe('retries', () => {
  const setCreditRule = (allowed: boolean) =>
    platform.operator.data(`mutation { updateTenant(slug: "norman", input: { paymentRules: { accountCreditAllowed: ${allowed} } }) { userErrors { code } } }`);

  it('are answered with the payment already recorded and never count as attempts (where amounts owed are checked under lock too)', async () => {
    await setCreditRule(false);
    try {
      const address = freshAddress();
      const declined = [];
      for (const card of [CARDS.genericDecline, CARDS.insufficientFunds, CARDS.expiredCard, CARDS.genericDecline]) {
        const sent = await attempt(address, '2002-0933', card);
        expect(outcome(sent.answer)).toBe('DECLINED');
        declined.push(sent);
      }
      for (const { input, answer } of [...declined, ...declined]) expect((await send(address, input)).data).toEqual(answer.data);
      // Eight retries, and the address and the account still have room for a fifth decline.
      expect(outcome((await attempt(address, '2002-0933', CARDS.insufficientFunds)).answer)).toBe('DECLINED');
      expect(outcome((await attempt(address, '2002-0933', CARDS.expiredCard)).answer)).toBe('RATE_LIMITED');
      // A retry of a declined payment once the limit is reached is answered as before too.
      expect((await send(address, declined[0]!.input)).data).toEqual(declined[0]!.answer.data);
    } finally {
      await setCreditRule(true);
    }
  });
});

describe('a burst from one address', () => {
  it('gets no more charges tried than the limit: 5 of 10 at once are declined, 5 refused', async () => {
    const address = freshAddress();
    // Accounts and cards with room for every attempt of the burst: only the address's limit can refuse.
    const plan: [string, string][] = [
      ...(['2001-0417', '2003-1188', '2004-2650'] as const).flatMap((a) => [[a, CARDS.genericDecline] as [string, string], [a, CARDS.insufficientFunds] as [string, string]]),
      ['2004-2650', CARDS.expiredCard],
      ['2004-2650', CARDS.expiredCard],
      ['2001-0417', CARDS.expiredCard],
      ['2003-1188', CARDS.expiredCard],
    ];
    const inputs = await Promise.all(plan.map(([accountNumber, card]) => paymentInput(accountNumber, card)));
    const outcomes = (await Promise.all(inputs.map((input) => send(address, input)))).map(outcome);
    expect(outcomes.filter((o) => o === 'DECLINED')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(5);
  });
});

describe('when the window is over', () => {
  it('the address that reached its limit may pay again', async () => {
    clock.advance(15 * 60 * 1000 + 1000);
    expect(outcome((await attempt('198.51.100.7', '10-1004-00', CARDS.visa)).answer)).toBe('CAPTURED');
  });
});
