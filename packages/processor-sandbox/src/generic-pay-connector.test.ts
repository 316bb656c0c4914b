import { FixedClock } from '@platform/core';
import { PAY_CONNECTOR_PATH } from './generic-pay-connector';
import { listSandboxCharges } from './sandbox-client';
import { startSandboxProcessor, type RunningSandboxProcessor } from './sandbox-server';
import { SANDBOX_BANK, SANDBOX_TEST_CARDS } from './test-numbers';

/* POST /v1/generic-pay-connector, called as Twilio's Generic Pay Connector calls a processor. */

const SECRET_KEY = 'sk_test_connector_0123456789';
const CONNECTOR = { username: 'twilio_norwalk', password: 'connector-secret-42' };
let sandbox: RunningSandboxProcessor;
let transactions = 0;

beforeEach(async () => {
  sandbox = await startSandboxProcessor({ secretKey: SECRET_KEY, clock: new FixedClock(new Date('2026-03-10T15:00:00Z')), payConnector: CONNECTOR });
});
afterEach(() => sandbox.close());

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

async function connector(body: unknown, authorization: string | null = basic(CONNECTOR.username, CONNECTOR.password)) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (authorization !== null) headers.Authorization = authorization;
  const response = await fetch(`${sandbox.url}${PAY_CONNECTOR_PATH}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Record<string, unknown> };
}

async function tokenDetails(token: unknown) {
  const response = await fetch(`${sandbox.url}/v1/tokens/${String(token)}`, { headers: { Authorization: `Bearer ${SECRET_KEY}` } });
  return (await response.json()) as Record<string, unknown>;
}

/** A card as <Pay> collects it: two-digit month and year, as typed on the keypad. */
const cardRequest = (overrides: Record<string, unknown> = {}) => ({
  method: 'tokenize',
  transaction_id: `txn-${++transactions}`,
  cardnumber: SANDBOX_TEST_CARDS.visa,
  cvv: '123',
  expiry_month: '12',
  expiry_year: '30',
  postal_code: '73069',
  description: 'Norwalk utility payment',
  parameters: {},
  ...overrides,
});

describe('tokenize', () => {
  it('answers a test Visa with a token that stands for it, and never the number', async () => {
    const { status, body, text } = await connector(cardRequest());
    expect(status).toBe(200);
    expect(body).toEqual({ token_id: expect.stringMatching(/^tok_[0-9A-Za-z]{24}$/), error_code: null, error_message: null });
    expect(text).not.toContain(SANDBOX_TEST_CARDS.visa);
    expect(await tokenDetails(body.token_id)).toMatchObject({ kind: 'CARD', brand: 'VISA', last4: '4242', expMonth: 12, expYear: 2030, used: false });
  });

  it('answers an invalid number with the error in Twilio’s shape, not echoing it', async () => {
    const mistyped = '4242424242424241';
    const { status, body, text } = await connector(cardRequest({ cardnumber: mistyped }));
    expect(status).toBe(200);
    expect(body).toEqual({ token_id: null, charge_id: null, error_code: 'invalid_number', error_message: 'The card number is not valid.' });
    expect(text).not.toContain(mistyped);
  });

  it('refuses an expired card and a short American Express code', async () => {
    expect((await connector(cardRequest({ expiry_year: '25' }))).body.error_code).toBe('card_expired');
    expect((await connector(cardRequest({ cardnumber: SANDBOX_TEST_CARDS.americanExpress, cvv: '123' }))).body.error_code).toBe('invalid_cvc');
  });

  it('tokenizes a bank account, with the holder and type passed as <Parameter>s', async () => {
    const ach = { method: 'tokenize', transaction_id: 'txn-ach', bankaccountnumber: SANDBOX_BANK.accounts.settles, routingnumber: SANDBOX_BANK.routingNumber };
    const { body, text } = await connector({ ...ach, parameters: { holder_name: 'Ada Lovelace', account_type: 'savings' } });
    expect(body).toMatchObject({ token_id: expect.stringMatching(/^tok_/), error_code: null });
    expect(text).not.toContain(SANDBOX_BANK.accounts.settles);
    expect(await tokenDetails(body.token_id)).toMatchObject({ kind: 'BANK_ACCOUNT', last4: '6789', holderName: 'Ada Lovelace', bankAccountType: 'SAVINGS' });

    const noHolder = await connector({ ...ach, transaction_id: 'txn-ach-2' });
    expect(noHolder.body).toMatchObject({ token_id: null, error_code: 'invalid_holder_name' });
    const badRouting = await connector({ ...ach, transaction_id: 'txn-ach-3', routingnumber: '110000001', parameters: { holder_name: 'Ada Lovelace' } });
    expect(badRouting.body.error_code).toBe('invalid_routing_number');
  });
});

describe('credentials', () => {
  it.each([
    ['no credentials', null],
    ['a wrong password', basic(CONNECTOR.username, 'guess')],
    ['a wrong username', basic('twilio_norman', CONNECTOR.password)],
    ['a bearer key', `Bearer ${SECRET_KEY}`],
    ['a malformed header', 'Basic !!!'],
  ])('refuses %s with 401 in Twilio’s shape, and tokenizes nothing', async (_name, authorization) => {
    const { status, headers, body } = await connector(cardRequest({ transaction_id: 'txn-auth' }), authorization);
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Basic realm="pay-connector", charset="UTF-8"');
    expect(body).toEqual({ token_id: null, charge_id: null, error_code: 'invalid_credentials', error_message: expect.any(String) });
    // The transaction id is still free: nothing ran under it.
    expect((await connector(cardRequest({ transaction_id: 'txn-auth' }))).body.token_id).toMatch(/^tok_/);
  });

  it('uses the development pair when none is configured', async () => {
    const dev = await startSandboxProcessor({ secretKey: SECRET_KEY });
    try {
      const response = await fetch(`${dev.url}${PAY_CONNECTOR_PATH}`, {
        method: 'POST',
        headers: { Authorization: basic('sandbox_pay_connector', 'pay_connector_dev_change_me') },
        body: JSON.stringify(cardRequest()),
      });
      expect(((await response.json()) as Record<string, unknown>).token_id).toMatch(/^tok_/);
    } finally {
      await dev.close();
    }
  });
});

describe('replays of a transaction_id', () => {
  it('answer the same token, whatever the key order, and make no second one', async () => {
    const request = cardRequest();
    const first = await connector(request);
    const reordered = Object.fromEntries(Object.entries(request).reverse());
    const again = await connector(reordered);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuse the same id with other payment details with 409', async () => {
    const request = cardRequest();
    await connector(request);
    const other = await connector({ ...request, cardnumber: SANDBOX_TEST_CARDS.mastercard });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ token_id: null, error_code: 'transaction_id_reused' });
    expect(other.text).not.toContain(SANDBOX_TEST_CARDS.mastercard);
  });

  it('leave the id free after a refused field, so the caller’s corrected digits go through under it', async () => {
    const request = cardRequest();
    expect((await connector({ ...request, cvv: '12' })).body.error_code).toBe('invalid_cvc');
    expect((await connector(request)).body.token_id).toMatch(/^tok_/);
  });

  it('charge once however often a charge is replayed', async () => {
    const request = cardRequest({ method: 'charge', amount: '25.50', currency_code: 'USD' });
    const answers = await Promise.all([connector(request), connector(request), connector(request)]);
    const chargeId = answers[0]?.body.charge_id;
    expect(chargeId).toMatch(/^ch_/);
    for (const answer of answers) expect(answer.body).toEqual({ charge_id: chargeId, error_code: null, error_message: null });
    const charges = await listSandboxCharges(sandbox.url, SECRET_KEY);
    expect(charges).toEqual([
      expect.objectContaining({ id: chargeId, amount: '2550', status: 'CAPTURED', last4: '4242', description: 'Norwalk utility payment', idempotencyKey: `pay-connector:${request.transaction_id}` }),
    ]);
  });
});

describe('charge', () => {
  it('answers a decline as an outcome, remembers it, and charges nothing', async () => {
    const request = cardRequest({ method: 'charge', cardnumber: SANDBOX_TEST_CARDS.insufficientFunds, amount: '10', currency_code: 'USD' });
    const first = await connector(request);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ token_id: null, charge_id: null, error_code: 'INSUFFICIENT_FUNDS', error_message: 'The card has insufficient funds.' });
    expect((await connector(request)).body).toEqual(first.body);
    expect(await listSandboxCharges(sandbox.url, SECRET_KEY)).toEqual([]);
  });

  it.each([['0.00'], ['-5'], ['10.005'], ['1e3'], [10]])('refuses the amount %p', async (amount) => {
    const { status, body } = await connector(cardRequest({ method: 'charge', amount }));
    expect(status).toBe(200);
    expect(body.error_code).toBe('invalid_amount');
  });

  it('charges dollars only', async () => {
    expect((await connector(cardRequest({ method: 'charge', amount: '5.00', currency_code: 'EUR' }))).body.error_code).toBe('invalid_currency');
  });
});

describe('requests no provider sends', () => {
  it.each([
    ['a body that is not JSON', '{"method": "tokenize",', 'invalid_json'],
    ['an unknown method', { ...cardRequest(), method: 'refund' }, 'invalid_method'],
    ['method_name in place of the spec’s method', { ...cardRequest(), method: undefined, method_name: 'tokenize' }, 'invalid_method'],
    ['no transaction_id', { ...cardRequest(), transaction_id: undefined }, 'invalid_transaction_id'],
    ['neither a card nor an account', { method: 'tokenize', transaction_id: 'txn-empty' }, 'invalid_request'],
  ])('answer %s with 400 in Twilio’s shape', async (_name, body, code) => {
    const response = await connector(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ token_id: null, charge_id: null, error_code: code, error_message: expect.any(String) });
  });
});
