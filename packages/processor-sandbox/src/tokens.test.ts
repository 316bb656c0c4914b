import { FixedClock } from '@platform/core';
import { createSandboxToken } from './sandbox-client';
import { startSandboxProcessor, type RunningSandboxProcessor } from './sandbox-server';
import { SANDBOX_BANK, SANDBOX_TEST_CARDS } from './test-numbers';

const SECRET_KEY = 'sk_test_tokens_0123456789';
const clock = new FixedClock(new Date('2026-03-10T15:00:00Z'));
let sandbox: RunningSandboxProcessor;

beforeAll(async () => {
  sandbox = await startSandboxProcessor({ secretKey: SECRET_KEY, clock });
});
afterAll(() => sandbox.close());

const VISA = { number: SANDBOX_TEST_CARDS.visa, expMonth: 12, expYear: 2030, cvc: '123', postalCode: '73069' };
const AMEX = { ...VISA, number: SANDBOX_TEST_CARDS.americanExpress, cvc: '1234' };
const BANK = { routingNumber: SANDBOX_BANK.routingNumber, accountNumber: SANDBOX_BANK.accounts.settles, accountType: 'CHECKING', holderName: 'Ada Lovelace' };

async function tokenize(body: unknown, init: RequestInit = {}) {
  const response = await fetch(`${sandbox.url}/v1/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'https://pay.example' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

async function tokenDetails(token: string) {
  const response = await fetch(`${sandbox.url}/v1/tokens/${token}`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });
  return { status: response.status, body: JSON.parse(await response.text()) };
}

async function tokenDetailsOf(card: unknown) {
  return tokenDetails((await tokenize(card)).body.token as string);
}

describe('POST /v1/tokens', () => {
  it('tokenizes a card without the secret key and answers only what the page may show', async () => {
    const { status, body, text } = await tokenize({ ...VISA, number: '4242 4242 4242 4242', holderName: 'Ada Lovelace' });
    expect(status).toBe(201);
    expect(body).toEqual({ token: expect.stringMatching(/^tok_[0-9A-Za-z]{24}$/), kind: 'CARD', brand: 'VISA', last4: '4242', expMonth: 12, expYear: 2030 });
    expect(text).not.toContain('42424242');
  });

  it.each([
    ['Mastercard', SANDBOX_TEST_CARDS.mastercard, 'MASTERCARD', '123'],
    ['American Express', SANDBOX_TEST_CARDS.americanExpress, 'AMERICAN_EXPRESS', '1234'],
    ['Discover', SANDBOX_TEST_CARDS.discover, 'DISCOVER', '123'],
    ['the generic decline card', SANDBOX_TEST_CARDS.genericDecline, 'VISA', '123'],
    ['the insufficient funds card', SANDBOX_TEST_CARDS.insufficientFunds, 'VISA', '123'],
    ['the expired card', SANDBOX_TEST_CARDS.expiredCard, 'VISA', '123'],
    ['the processing error card', SANDBOX_TEST_CARDS.processingError, 'VISA', '123'],
  ])('tokenizes %s (declines come at charge time)', async (_name, number, brand, cvc) => {
    const { status, body } = await tokenize({ ...VISA, number, cvc });
    expect(status).toBe(201);
    expect(body).toMatchObject({ brand, last4: number.slice(-4) });
  });

  it.each([
    ['a number failing Luhn', { ...VISA, number: '4242424242424241' }, 'invalid_number', 'number'],
    ['a number too short', { ...VISA, number: '424242424242' }, 'invalid_number', 'number'],
    ['a number as a JSON number', { ...VISA, number: 4242424242424242 }, 'invalid_number', 'number'],
    ['a brand not routed (JCB)', { ...VISA, number: '3530111333300000' }, 'card_brand_not_accepted', 'number'],
    ['3 CVC digits on American Express', { ...AMEX, cvc: '123' }, 'invalid_cvc', 'cvc'],
    ['4 CVC digits on Visa', { ...VISA, cvc: '1234' }, 'invalid_cvc', 'cvc'],
    ['a CVC as a JSON number', { ...VISA, cvc: 123 }, 'invalid_cvc', 'cvc'],
    ['last month', { ...VISA, expMonth: 2, expYear: 2026 }, 'card_expired', 'expYear'],
    ['last year', { ...VISA, expMonth: 12, expYear: 2025 }, 'card_expired', 'expYear'],
    ['month 13', { ...VISA, expMonth: 13 }, 'invalid_expiry_month', 'expMonth'],
    ['year "soon"', { ...VISA, expYear: 'soon' }, 'invalid_expiry_year', 'expYear'],
    ['a 4-digit ZIP', { ...VISA, postalCode: '7306' }, 'invalid_postal_code', 'postalCode'],
    ['a bad routing checksum', { ...BANK, routingNumber: '110000001' }, 'invalid_routing_number', 'routingNumber'],
    ['a routing number of 8 digits', { ...BANK, routingNumber: '11000000' }, 'invalid_routing_number', 'routingNumber'],
    ['an account number of 3 digits', { ...BANK, accountNumber: '123' }, 'invalid_account_number', 'accountNumber'],
    ['an unknown account type', { ...BANK, accountType: 'BROKERAGE' }, 'invalid_account_type', 'accountType'],
    ['a bank account without holder', { ...BANK, holderName: ' ' }, 'invalid_holder_name', 'holderName'],
    ['neither card nor bank account', { iban: 'DE89370400440532013000' }, 'invalid_request', null],
    ['a body that is not JSON', '{"number":', 'invalid_json', null],
  ])('refuses %s', async (_name, request, code, field) => {
    const { status, body, text } = await tokenize(request);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { type: 'invalid_request_error', code, message: expect.any(String), field } });
    expect(text).not.toMatch(/4242424242424241|3530111333300000/);
  });

  it('keeps a card good through the last day of its expiry month', async () => {
    expect((await tokenize({ ...VISA, expMonth: 3, expYear: 2026 })).status).toBe(201);
    expect((await tokenize({ ...VISA, expMonth: '03', expYear: '26' })).body).toMatchObject({ expMonth: 3, expYear: 2026 });
  });

  it('tokenizes a bank account', async () => {
    const { status, body, text } = await tokenize(BANK);
    expect(status).toBe(201);
    expect(body).toEqual({ token: expect.stringMatching(/^tok_/), kind: 'BANK_ACCOUNT', brand: null, last4: '6789', expMonth: null, expYear: null });
    expect(text).not.toContain(SANDBOX_BANK.accounts.settles);
  });

  it('answers a CORS preflight so a browser page can call it, and only this endpoint', async () => {
    const preflight = await fetch(`${sandbox.url}/v1/tokens`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://pay.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');

    expect((await tokenize(VISA)).headers.get('access-control-allow-origin')).toBe('*');
    expect((await tokenize({ ...VISA, cvc: '1' })).headers.get('access-control-allow-origin')).toBe('*');
    const secretRoute = await fetch(`${sandbox.url}/v1/_sandbox/charges`, { headers: { Authorization: `Bearer ${SECRET_KEY}`, Origin: 'https://pay.example' } });
    expect(secretRoute.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /v1/tokens/:token', () => {
  it('needs the secret key', async () => {
    const { body } = await tokenize(VISA);
    const response = await fetch(`${sandbox.url}/v1/tokens/${body.token}`);
    expect(response.status).toBe(401);
  });

  it('describes the token with a fingerprint that is the same for the same card and differs between cards', async () => {
    const first = await tokenDetailsOf({ ...VISA, holderName: 'Ada Lovelace' });
    const second = await tokenDetailsOf({ ...VISA, expYear: 2031 });
    const other = await tokenDetailsOf(AMEX);
    expect(first).toEqual({
      status: 200,
      body: {
        token: expect.stringMatching(/^tok_/),
        kind: 'CARD',
        brand: 'VISA',
        last4: '4242',
        expMonth: 12,
        expYear: 2030,
        holderName: 'Ada Lovelace',
        bankAccountType: null,
        fingerprint: expect.stringMatching(/^[\w-]{22}$/),
        used: false,
        createdAt: '2026-03-10T15:00:00.000Z',
      },
    });
    expect(second.body.fingerprint).toBe(first.body.fingerprint);
    expect(other.body.fingerprint).not.toBe(first.body.fingerprint);
    expect(JSON.stringify([first, second, other])).not.toMatch(/4242424242424242|378282246310005/);
  });

  it('salts fingerprints per sandbox instance', async () => {
    const another = await startSandboxProcessor({ secretKey: SECRET_KEY, clock });
    try {
      const here = await tokenDetailsOf(BANK);
      const tokenThere = await createSandboxToken(another.url, { ...BANK, accountType: 'CHECKING' });
      const there = JSON.parse(await (await fetch(`${another.url}/v1/tokens/${tokenThere}`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } })).text());
      expect(there.fingerprint).not.toBe(here.body.fingerprint);
      expect(here.body).toMatchObject({ kind: 'BANK_ACCOUNT', bankAccountType: 'CHECKING', holderName: 'Ada Lovelace', last4: '6789' });
    } finally {
      await another.close();
    }
  });

  it('does not echo an unknown token', async () => {
    const { status, body } = await tokenDetails('tok_doesNotExist0000000000');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'token_not_found' });
    expect(JSON.stringify(body)).not.toContain('doesNotExist');
  });

  it('makes tokens that are random and distinct', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, async () => (await tokenize(VISA)).body.token as string));
    expect(new Set(tokens).size).toBe(20);
  });
});
