import { FixedClock } from '@platform/core';
import {
  closeSandboxDispute,
  createSandboxToken,
  listSandboxCharges,
  openSandboxDispute,
  SANDBOX_BANK,
  SANDBOX_TEST_CARDS,
  startMixedUpProcessor,
  startSandboxProcessor,
  type CardDetails,
  type RunningSandboxProcessor,
} from '@platform/processor-sandbox';
import { createHttpProcessor } from './http-processor';
import type { Charge, PaymentProcessor, ProcessorResult } from './payment-processor';

/* The adapter against the sandbox over real HTTP: every outcome a payment can meet. */

const SECRET_KEY = 'sk_test_adapter_0123456789';
const DAY_MS = 86_400_000;
const SETTLEMENT_MS = 2 * DAY_MS;
const HANG_MS = 1_000;

let clock: FixedClock;
let sandbox: RunningSandboxProcessor;
let processor: PaymentProcessor;
let keys = 0;

beforeEach(async () => {
  clock = new FixedClock(new Date('2026-03-10T15:00:00Z'));
  sandbox = await startSandboxProcessor({ secretKey: SECRET_KEY, clock, hangMs: HANG_MS });
  processor = createHttpProcessor({ baseUrl: sandbox.url, secretKey: SECRET_KEY });
});
afterEach(() => sandbox.close());

const newKey = () => `payment-${++keys}`;
const card = (number: string = SANDBOX_TEST_CARDS.visa, details: Partial<CardDetails> = {}) =>
  createSandboxToken(sandbox.url, { number, expMonth: 12, expYear: 2030, cvc: number.length === 15 ? '1234' : '123', postalCode: '73069', ...details });
const bank = (accountNumber: string = SANDBOX_BANK.accounts.settles, routingNumber: string = SANDBOX_BANK.routingNumber) =>
  createSandboxToken(sandbox.url, { routingNumber, accountNumber, accountType: 'CHECKING', holderName: 'Ada Lovelace' });
const chargeToken = (token: string, amountCents = 5000n, idempotencyKey = newKey()) => processor.charge({ idempotencyKey, amountCents, source: { token }, description: 'Water bill' });
const processorCharges = () => listSandboxCharges(sandbox.url, SECRET_KEY);

function okValue<T>(result: ProcessorResult<T>): T {
  if (result.outcome !== 'OK') throw new Error(`expected OK, got ${JSON.stringify(result)}`);
  return result.value;
}

describe('test cards', () => {
  it.each([
    ['Visa', SANDBOX_TEST_CARDS.visa, 'VISA'],
    ['Mastercard', SANDBOX_TEST_CARDS.mastercard, 'MASTERCARD'],
    ['American Express', SANDBOX_TEST_CARDS.americanExpress, 'AMERICAN_EXPRESS'],
    ['Discover', SANDBOX_TEST_CARDS.discover, 'DISCOVER'],
  ])('%s is captured', async (_name, number, brand) => {
    const key = newKey();
    const charge = okValue(await chargeToken(await card(number), 12_345n, key));
    expect(charge).toEqual<Charge>({
      id: expect.stringMatching(/^ch_/),
      idempotencyKey: key,
      status: 'CAPTURED',
      amountCents: 12_345n,
      refundedCents: 0n,
      kind: 'CARD',
      brand: brand as Charge['brand'],
      last4: number.slice(-4),
      fingerprint: expect.any(String),
      returnCode: null,
      createdAt: new Date('2026-03-10T15:00:00Z'),
      voidedAt: null,
    });
  });

  it.each([
    ['generic decline', SANDBOX_TEST_CARDS.genericDecline, 'GENERIC_DECLINE'],
    ['insufficient funds', SANDBOX_TEST_CARDS.insufficientFunds, 'INSUFFICIENT_FUNDS'],
    ['expired card', SANDBOX_TEST_CARDS.expiredCard, 'EXPIRED_CARD'],
    ['processing error', SANDBOX_TEST_CARDS.processingError, 'PROCESSING_ERROR'],
  ])('%s is DECLINED with its code, charges nothing and leaves the token usable', async (_name, number, code) => {
    const token = await card(number);
    const key = newKey();
    expect(await chargeToken(token, 5000n, key)).toEqual({ outcome: 'DECLINED', code, message: expect.any(String) });
    expect(await processor.findChargeByIdempotencyKey(key)).toEqual({ outcome: 'OK', value: null });
    expect(okValue(await processor.getToken(token)).used).toBe(false);
  });

  it('carries amounts beyond 2^53 exactly', async () => {
    const charge = okValue(await chargeToken(await card(), 9_007_199_254_740_993n));
    expect(charge.amountCents).toBe(9_007_199_254_740_993n);
    expect(okValue(await processor.getCharge(charge.id)).amountCents).toBe(9_007_199_254_740_993n);
  });
});

describe('tokens', () => {
  it('describes a token, and marks it used once charged; a second use is REJECTED', async () => {
    const token = await card(SANDBOX_TEST_CARDS.mastercard, { holderName: 'Ada Lovelace' });
    expect(okValue(await processor.getToken(token))).toEqual({
      token,
      kind: 'CARD',
      brand: 'MASTERCARD',
      last4: '4444',
      expMonth: 12,
      expYear: 2030,
      holderName: 'Ada Lovelace',
      bankAccountType: null,
      fingerprint: expect.any(String),
      used: false,
    });
    okValue(await chargeToken(token));
    expect(okValue(await processor.getToken(token)).used).toBe(true);
    expect(await chargeToken(token)).toMatchObject({ outcome: 'REJECTED', code: 'token_already_used' });
  });

  it('gives the same card the same fingerprint on every token', async () => {
    const first = okValue(await processor.getToken(await card()));
    const second = okValue(await processor.getToken(await card(SANDBOX_TEST_CARDS.visa, { expYear: 2031 })));
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('REJECTS an unknown token without repeating it', async () => {
    const result = await processor.getToken('tok_unknownUnknownUnknown0');
    expect(result).toMatchObject({ outcome: 'REJECTED', code: 'token_not_found' });
    expect(JSON.stringify(result)).not.toContain('unknownUnknown');
  });
});

describe('bank accounts', () => {
  it.each([
    ['an account at the sandbox bank', SANDBOX_BANK.accounts.settles, SANDBOX_BANK.routingNumber, { valid: true, reason: null }],
    ['an account ending 0003', SANDBOX_BANK.accounts.notFound, SANDBOX_BANK.routingNumber, { valid: false, reason: 'ACCOUNT_NOT_FOUND' }],
    ['another bank', SANDBOX_BANK.accounts.settles, '021000021', { valid: false, reason: 'UNKNOWN_BANK' }],
  ])('verifies %s', async (_name, account, routing, verdict) => {
    const token = await bank(account, routing);
    expect(await processor.verifyBankAccount(token)).toEqual({ outcome: 'OK', value: verdict });
    expect(okValue(await processor.getToken(token)).used).toBe(false);
  });

  it('REJECTS verifying a card token', async () => {
    expect(await processor.verifyBankAccount(await card())).toMatchObject({ outcome: 'REJECTED', code: 'not_a_bank_account' });
  });
});

describe('idempotency', () => {
  it('returns the first charge to a retry with the same key', async () => {
    const token = await card();
    const key = newKey();
    const first = okValue(await chargeToken(token, 5000n, key));
    const retry = okValue(await chargeToken(token, 5000n, key));
    expect(retry).toEqual(first);
    expect(await processorCharges()).toHaveLength(1);
  });

  it('makes one charge for 20 concurrent requests with one key', async () => {
    const token = await card();
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => chargeToken(token, 5000n, key)));
    const ids = new Set(results.map((result) => okValue(result).id));
    expect(ids.size).toBe(1);
    expect(await processorCharges()).toHaveLength(1);
  });

  it('REJECTS the same key with a different amount', async () => {
    const token = await card();
    const key = newKey();
    okValue(await chargeToken(token, 5000n, key));
    expect(await chargeToken(token, 5001n, key)).toMatchObject({ outcome: 'REJECTED', code: 'idempotency_key_reused' });
    expect(await processorCharges()).toHaveLength(1);
  });
});

describe('refunds', () => {
  it('refunds in parts up to the charge, and never beyond', async () => {
    const charge = okValue(await chargeToken(await card(), 1000n));
    const first = okValue(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 300n }));
    expect(first).toEqual({ id: expect.stringMatching(/^re_/), chargeId: charge.id, amountCents: 300n, createdAt: clock.now() });
    okValue(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 700n }));
    expect(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 1n })).toMatchObject({
      outcome: 'REJECTED',
      code: 'amount_exceeds_refundable',
    });
    expect(okValue(await processor.getCharge(charge.id))).toMatchObject({ status: 'CAPTURED', refundedCents: 1000n });
  });

  it('refunds in full at once, and REJECTS more than the charge', async () => {
    const charge = okValue(await chargeToken(await card(), 1000n));
    expect(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 1001n })).toMatchObject({ outcome: 'REJECTED' });
    okValue(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 1000n }));
    expect(okValue(await processor.getCharge(charge.id)).refundedCents).toBe(1000n);
  });

  it('refunds once per key', async () => {
    const charge = okValue(await chargeToken(await card(), 1000n));
    const request = { idempotencyKey: newKey(), chargeId: charge.id, amountCents: 400n };
    const first = okValue(await processor.refund(request));
    expect(okValue(await processor.refund(request))).toEqual(first);
    expect(okValue(await processor.getCharge(charge.id)).refundedCents).toBe(400n);
  });

  it('REJECTS refunding an unknown charge', async () => {
    expect(await processor.refund({ idempotencyKey: newKey(), chargeId: 'ch_missing', amountCents: 1n })).toMatchObject({ outcome: 'REJECTED', code: 'charge_not_found' });
  });
});

describe('voids', () => {
  it('voids a card charge the same UTC day; a voided charge cannot be refunded', async () => {
    const charge = okValue(await chargeToken(await card()));
    clock.set(new Date('2026-03-10T23:59:59Z'));
    expect(okValue(await processor.void({ idempotencyKey: newKey(), chargeId: charge.id }))).toMatchObject({ status: 'VOIDED', voidedAt: new Date('2026-03-10T23:59:59Z') });
    // Asked again the next day, it says when it was voided: a void found later is dated by it.
    clock.set(new Date('2026-03-12T18:00:00Z'));
    expect(okValue(await processor.getCharge(charge.id))).toMatchObject({ status: 'VOIDED', voidedAt: new Date('2026-03-10T23:59:59Z') });
    expect(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 1n })).toMatchObject({ outcome: 'REJECTED', code: 'charge_voided' });
    expect(await processor.void({ idempotencyKey: newKey(), chargeId: charge.id })).toMatchObject({ outcome: 'REJECTED', code: 'charge_not_voidable' });
  });

  it('REJECTS voiding a card charge the next UTC day: refund it instead', async () => {
    const charge = okValue(await chargeToken(await card()));
    clock.set(new Date('2026-03-11T00:00:00Z'));
    expect(await processor.void({ idempotencyKey: newKey(), chargeId: charge.id })).toMatchObject({ outcome: 'REJECTED', code: 'charge_not_voidable' });
    okValue(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 5000n }));
  });
});

describe('e-checks', () => {
  it('stay PENDING_SETTLEMENT for the settlement delay, then SETTLE and can be refunded', async () => {
    const charge = okValue(await chargeToken(await bank(), 8000n));
    expect(charge).toMatchObject({ kind: 'BANK_ACCOUNT', brand: null, last4: '6789', status: 'PENDING_SETTLEMENT' });
    expect(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 8000n })).toMatchObject({
      outcome: 'REJECTED',
      code: 'charge_not_settled',
    });
    clock.advance(SETTLEMENT_MS - 1);
    expect(okValue(await processor.getCharge(charge.id)).status).toBe('PENDING_SETTLEMENT');
    clock.advance(1);
    expect(okValue(await processor.getCharge(charge.id))).toMatchObject({ status: 'SETTLED', returnCode: null });
    okValue(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 8000n }));
    expect(await processor.void({ idempotencyKey: newKey(), chargeId: charge.id })).toMatchObject({ outcome: 'REJECTED', code: 'charge_not_voidable' });
  });

  it.each([
    ['0001', SANDBOX_BANK.accounts.returnsInsufficientFunds, 'R01'],
    ['0002', SANDBOX_BANK.accounts.returnsAccountClosed, 'R02'],
  ])('from an account ending %s come back RETURNED %s, and cannot be refunded', async (_ending, account, returnCode) => {
    const charge = okValue(await chargeToken(await bank(account), 8000n));
    expect(charge.status).toBe('PENDING_SETTLEMENT');
    clock.advance(SETTLEMENT_MS);
    expect(okValue(await processor.getCharge(charge.id))).toMatchObject({ status: 'RETURNED', returnCode });
    expect(okValue(await processor.findChargeByIdempotencyKey(charge.idempotencyKey))).toMatchObject({ status: 'RETURNED', returnCode });
    expect(await processor.refund({ idempotencyKey: newKey(), chargeId: charge.id, amountCents: 1n })).toMatchObject({ outcome: 'REJECTED', code: 'charge_returned' });
  });

  it('can be voided until they settle', async () => {
    const charge = okValue(await chargeToken(await bank(), 8000n));
    clock.advance(SETTLEMENT_MS - 1);
    expect(okValue(await processor.void({ idempotencyKey: newKey(), chargeId: charge.id })).status).toBe('VOIDED');
    clock.advance(DAY_MS);
    expect(okValue(await processor.getCharge(charge.id)).status).toBe('VOIDED');
  });

  it.each([
    ['an account the bank does not have', SANDBOX_BANK.accounts.notFound, SANDBOX_BANK.routingNumber],
    ['a bank the sandbox does not know', SANDBOX_BANK.accounts.settles, '021000021'],
  ])('are DECLINED INVALID_ACCOUNT for %s', async (_name, account, routing) => {
    expect(await chargeToken(await bank(account, routing))).toMatchObject({ outcome: 'DECLINED', code: 'INVALID_ACCOUNT' });
    expect(await processorCharges()).toEqual([]);
  });
});

describe('no answer', () => {
  const impatient = () => createHttpProcessor({ baseUrl: sandbox.url, secretKey: SECRET_KEY, timeoutMs: 100 });

  it('times out on 1313 as UNKNOWN; reconciliation finds the charge, and a retry with the key returns it', async () => {
    const token = await card();
    const key = newKey();
    const request = { idempotencyKey: key, amountCents: 1313n, source: { token }, description: 'Water bill' };
    expect(await impatient().charge(request)).toEqual({ outcome: 'UNKNOWN', reason: 'TIMEOUT', message: expect.any(String) });
    const found = okValue(await processor.findChargeByIdempotencyKey(key));
    expect(found).toMatchObject({ idempotencyKey: key, amountCents: 1313n, status: 'CAPTURED' });
    expect(okValue(await processor.charge(request)).id).toBe(found?.id);
    expect(await processorCharges()).toHaveLength(1);
  });

  it('times out on 1314 as UNKNOWN; reconciliation finds no charge', async () => {
    const key = newKey();
    expect(await impatient().charge({ idempotencyKey: key, amountCents: 1314n, source: { token: await card() }, description: 'Water bill' })).toMatchObject({
      outcome: 'UNKNOWN',
      reason: 'TIMEOUT',
    });
    expect(await processor.findChargeByIdempotencyKey(key)).toEqual({ outcome: 'OK', value: null });
  });

  it('reads a 5xx as UNKNOWN SERVER_ERROR', async () => {
    const quick = await startSandboxProcessor({ secretKey: SECRET_KEY, hangMs: 10 });
    try {
      const adapter = createHttpProcessor({ baseUrl: quick.url, secretKey: SECRET_KEY });
      const token = await createSandboxToken(quick.url, { number: SANDBOX_TEST_CARDS.visa, expMonth: 12, expYear: 2040, cvc: '123', postalCode: '73069' });
      expect(await adapter.charge({ idempotencyKey: newKey(), amountCents: 1314n, source: { token }, description: 'x' })).toMatchObject({
        outcome: 'UNKNOWN',
        reason: 'SERVER_ERROR',
      });
    } finally {
      await quick.close();
    }
  });

  it('reads a processor that cannot be reached as UNKNOWN NETWORK', async () => {
    const gone = await startSandboxProcessor({ secretKey: SECRET_KEY });
    await gone.close();
    const adapter = createHttpProcessor({ baseUrl: gone.url, secretKey: SECRET_KEY });
    expect(await adapter.getCharge('ch_x')).toMatchObject({ outcome: 'UNKNOWN', reason: 'NETWORK', message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('an answer about something else', () => {
  /** The adapter of a processor that answers every call with `body`, whatever was asked: a mix-up on its side. */
  async function answering(body: object): Promise<{ processor: PaymentProcessor; close: () => Promise<void> }> {
    const mixedUp = await startMixedUpProcessor(body);
    return { processor: createHttpProcessor({ baseUrl: mixedUp.url, secretKey: SECRET_KEY }), close: mixedUp.close };
  }
  const chargeOf = (over: object) => ({
    id: 'ch_1',
    idempotencyKey: 'payment-1',
    status: 'CAPTURED',
    amount: '5000',
    refunded: '0',
    kind: 'CARD',
    brand: 'VISA',
    last4: '4242',
    fingerprint: 'fp_1',
    returnCode: null,
    createdAt: '2026-03-10T15:00:00.000Z',
    ...over,
  });
  const noAnswer = { outcome: 'UNKNOWN', reason: 'SERVER_ERROR', message: expect.stringContaining('another charge') };
  const charge = (processor: PaymentProcessor) => processor.charge({ idempotencyKey: 'payment-1', amountCents: 5000n, source: { token: 'tok_1' }, description: 'x' });

  it.each([
    ['another amount', chargeOf({ amount: '1' })],
    ['another key', chargeOf({ idempotencyKey: 'payment-2' })],
  ])('reads a charge of %s as no answer, and one of the key and amount asked as the charge', async (_kind, body) => {
    const mixedUp = await answering(body);
    const right = await answering(chargeOf({}));
    try {
      expect(await charge(mixedUp.processor)).toEqual(noAnswer);
      expect(okValue(await charge(right.processor)).id).toBe('ch_1');
    } finally {
      await mixedUp.close();
      await right.close();
    }
  });

  it("reads a search answered with another key's charge, another charge looked up or voided, and another refund as no answer", async () => {
    const search = await answering({ data: [chargeOf({ idempotencyKey: 'payment-2' })] });
    const other = await answering(chargeOf({ id: 'ch_2' }));
    const refund = await answering({ id: 're_1', chargeId: 'ch_2', amount: '100', createdAt: '2026-03-10T15:00:00.000Z' });
    try {
      expect(await search.processor.findChargeByIdempotencyKey('payment-1')).toEqual(noAnswer);
      expect(await other.processor.getCharge('ch_1')).toEqual(noAnswer);
      expect(await other.processor.void({ idempotencyKey: 'void-1', chargeId: 'ch_1' })).toEqual(noAnswer);
      expect(await refund.processor.refund({ idempotencyKey: 'refund-1', chargeId: 'ch_1', amountCents: 100n })).toEqual(noAnswer);
      expect(await refund.processor.refund({ idempotencyKey: 'refund-1', chargeId: 'ch_2', amountCents: 99n })).toEqual(noAnswer);
      expect(okValue(await refund.processor.refund({ idempotencyKey: 'refund-1', chargeId: 'ch_2', amountCents: 100n })).id).toBe('re_1');
    } finally {
      await Promise.all([search.close(), other.close(), refund.close()]);
    }
  });
});

describe('customer profiles', () => {
  const createProfile = async (idempotencyKey = newKey()) => okValue(await processor.createProfile({ idempotencyKey, customerRef: 'norwalk:user-1' })).profileId;

  it('creates one profile per key', async () => {
    const key = newKey();
    const profileId = await createProfile(key);
    expect(profileId).toMatch(/^cus_/);
    expect(await createProfile(key)).toBe(profileId);
  });

  it('saves a card (spending its token) and charges it again and again', async () => {
    const profileId = await createProfile();
    const token = await card(SANDBOX_TEST_CARDS.americanExpress, { holderName: 'Ada Lovelace', expMonth: 4, expYear: 2031 });
    const method = okValue(await processor.saveMethod({ idempotencyKey: newKey(), profileId, token }));
    expect(method).toEqual({
      profileId,
      methodId: expect.stringMatching(/^pm_/),
      kind: 'CARD',
      brand: 'AMERICAN_EXPRESS',
      last4: '0005',
      expMonth: 4,
      expYear: 2031,
      holderName: 'Ada Lovelace',
      fingerprint: okValue(await processor.getToken(token)).fingerprint,
    });
    expect(okValue(await processor.getToken(token)).used).toBe(true);
    const source = { profileId, methodId: method.methodId };
    for (const amountCents of [1000n, 2000n]) {
      expect(okValue(await processor.charge({ idempotencyKey: newKey(), amountCents, source, description: 'Autopay' }))).toMatchObject({ amountCents, last4: '0005' });
    }
    expect(await processorCharges()).toHaveLength(2);
  });

  it('declines a saved decline card when charged, and a saved card once it has expired', async () => {
    const profileId = await createProfile();
    const declining = okValue(await processor.saveMethod({ idempotencyKey: newKey(), profileId, token: await card(SANDBOX_TEST_CARDS.insufficientFunds) }));
    const expiring = okValue(await processor.saveMethod({ idempotencyKey: newKey(), profileId, token: await card(SANDBOX_TEST_CARDS.visa, { expMonth: 3, expYear: 2026 }) }));
    const charge = (methodId: string) => processor.charge({ idempotencyKey: newKey(), amountCents: 1000n, source: { profileId, methodId }, description: 'Autopay' });
    expect(await charge(declining.methodId)).toMatchObject({ outcome: 'DECLINED', code: 'INSUFFICIENT_FUNDS' });
    okValue(await charge(expiring.methodId));
    clock.set(new Date('2026-04-02T15:00:00Z'));
    expect(await charge(expiring.methodId)).toMatchObject({ outcome: 'DECLINED', code: 'EXPIRED_CARD' });
  });

  it('saves a bank account the bank confirms, and refuses one it does not (token left unspent)', async () => {
    const profileId = await createProfile();
    const good = okValue(await processor.saveMethod({ idempotencyKey: newKey(), profileId, token: await bank() }));
    expect(good).toMatchObject({ kind: 'BANK_ACCOUNT', brand: null, last4: '6789', expMonth: null, holderName: 'Ada Lovelace' });
    const missing = await bank(SANDBOX_BANK.accounts.notFound);
    expect(await processor.saveMethod({ idempotencyKey: newKey(), profileId, token: missing })).toMatchObject({ outcome: 'DECLINED', code: 'INVALID_ACCOUNT' });
    expect(okValue(await processor.getToken(missing)).used).toBe(false);
    const charge = okValue(await processor.charge({ idempotencyKey: newKey(), amountCents: 4200n, source: { profileId, methodId: good.methodId }, description: 'x' }));
    expect(charge.status).toBe('PENDING_SETTLEMENT');
  });

  it('deletes a method (twice is fine) and then cannot charge it', async () => {
    const profileId = await createProfile();
    const { methodId } = okValue(await processor.saveMethod({ idempotencyKey: newKey(), profileId, token: await card() }));
    expect(await processor.deleteMethod({ profileId, methodId })).toEqual({ outcome: 'OK', value: { deleted: true } });
    expect(await processor.deleteMethod({ profileId, methodId })).toEqual({ outcome: 'OK', value: { deleted: true } });
    expect(await processor.charge({ idempotencyKey: newKey(), amountCents: 1000n, source: { profileId, methodId }, description: 'x' })).toMatchObject({
      outcome: 'REJECTED',
      code: 'method_not_found',
    });
  });

  it('REJECTS a method of another profile', async () => {
    const owner = await createProfile();
    const stranger = await createProfile();
    const { methodId } = okValue(await processor.saveMethod({ idempotencyKey: newKey(), profileId: owner, token: await card() }));
    expect(await processor.charge({ idempotencyKey: newKey(), amountCents: 1000n, source: { profileId: stranger, methodId }, description: 'x' })).toMatchObject({
      outcome: 'REJECTED',
      code: 'method_not_found',
    });
    expect(await processor.deleteMethod({ profileId: stranger, methodId })).toMatchObject({ outcome: 'REJECTED', code: 'method_not_found' });
  });
});

describe('authentication', () => {
  it('reads every call made with a wrong key as no answer (it says nothing of the request), without repeating the key', async () => {
    const wrongKey = 'sk_test_wrong_9876543210';
    const intruder = createHttpProcessor({ baseUrl: sandbox.url, secretKey: wrongKey });
    const token = await card();
    const results = [
      await intruder.getToken(token),
      await intruder.charge({ idempotencyKey: newKey(), amountCents: 100n, source: { token }, description: 'x' }),
      await intruder.createProfile({ idempotencyKey: newKey(), customerRef: 'x' }),
    ];
    for (const result of results) expect(result).toMatchObject({ outcome: 'UNKNOWN', reason: 'REFUSED' });
    expect(JSON.stringify(results)).not.toContain(wrongKey);
    expect(await processorCharges()).toEqual([]);
  });
});

it("reads a dispute opened and decided from the event feed: cents as bigint, the reason and status in the platform's words, its dates", async () => {
  const charged = await chargeToken(await card());
  if (charged.outcome !== 'OK') throw new Error('not charged');
  const opened = await openSandboxDispute(sandbox.url, SECRET_KEY, charged.value.id, { amount: '1250', reason: 'credit_not_processed' });
  clock.set(new Date(clock.now().getTime() + DAY_MS));
  await closeSandboxDispute(sandbox.url, SECRET_KEY, opened.id, 'won');
  const page = await processor.listEvents(null, 10);
  if (page.outcome !== 'OK') throw new Error('no events');
  expect(page.value.events.map((event) => [event.type, event.dispute])).toEqual([
    [
      'charge.dispute.opened',
      {
        id: opened.id,
        chargeId: charged.value.id,
        amountCents: 1250n,
        feeCents: 1500n,
        reason: 'CREDIT_NOT_PROCESSED',
        status: 'OPEN',
        respondBy: new Date('2026-03-17T15:00:00Z'),
        createdAt: new Date('2026-03-10T15:00:00Z'),
        closedAt: null,
      },
    ],
    ['charge.dispute.closed', expect.objectContaining({ id: opened.id, status: 'WON', closedAt: new Date('2026-03-11T15:00:00Z') })],
  ]);
});
