import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay, type PaymentShape } from './payments-api';

let platform: TestPlatform;
let staff: GraphQLTestClient;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
});
afterAll(() => platform.close());

const guestPay = async (accountNumber = '10-1001-00', amount = '2.00') =>
  (await pay(platform.client.asTenant('norwalk'), { idempotencyKey: newKey(), allocations: [{ accountNumber, amount }], token: await cardToken(platform), payerEmail: 'lists@example.com' })).payment!;

/** Every statement the gateway sends to PostgreSQL while `fn` runs (TypeORM reports each one to its logger). */
async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
  // What the payments before it left to do after their answers (a receipt queued) is not counted with it (seen in CI).
  await platform.settleBackgroundWork();
  const logger = platform.db.logger;
  const logQuery = logger.logQuery.bind(logger);
  let count = 0;
  logger.logQuery = (...args: Parameters<typeof logQuery>) => {
    count++;
    logQuery(...args);
  };
  try {
    await fn();
  } finally {
    logger.logQuery = logQuery;
  }
  return count;
}

const FEED_WITH_LISTS = `{ payments(first: 100) { edges { node { id statusLabel allocations { maskedAccountNumber payable { referenceNumber } amount { amount } } history { toStatus actor } operations { kind statusLabel history { toStatus } } } } } }`;
type Listed = { payments: { edges: { node: { id: string; allocations: unknown[]; history: unknown[]; operations: unknown[] } }[] } };

describe('lists of payments', () => {
  it('cost the same statements for a page of two payments as for a page of six: allocations, history and operations are batched', async () => {
    const first = await guestPay();
    await staff.data(REFUND, { input: { paymentId: first.id, amount: '1.00', reason: 'Overcharged', idempotencyKey: newKey('refund') } });
    await guestPay('10-1002-00');
    let small: Listed | undefined;
    const forTwo = await statementsDuring(async () => (small = await staff.data<Listed>(FEED_WITH_LISTS)));
    expect(small!.payments.edges).toHaveLength(2);

    for (const account of ['10-1001-00', '10-1002-00', '10-1004-00', '10-1004-00']) await guestPay(account);
    let large: Listed | undefined;
    const forSix = await statementsDuring(async () => (large = await staff.data<Listed>(FEED_WITH_LISTS)));
    expect(large!.payments.edges).toHaveLength(6);
    // Not vacuous: every list was there to load.
    const refunded = large!.payments.edges.find((e) => e.node.id === first.id)!.node;
    expect([refunded.allocations.length, refunded.history.length, refunded.operations.length]).toEqual([1, 4, 1]);
    expect(forSix).toBe(forTwo);
  });

  it('refuse a cursor they did not give out, instead of starting again from the top', async () => {
    for (const after of ['not-a-cursor', Buffer.from('2026-01-01T00:00:00.000Z|x').toString('base64url')]) {
      const answer = await staff.request('query Feed($after: String) { payments(first: 1, after: $after) { edges { cursor } } }', { after });
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const { session } = await registerCustomer(platform.client.asTenant('norwalk'), { email: 'cursor@example.com' });
    const own = await bearer(platform.client.asTenant('norwalk'), session).request('query Mine($after: String) { viewer { payments(first: 1, after: $after) { edges { cursor } } } }', {
      after: 'junk',
    });
    expect(own.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a payment found by its confirmation number', () => {
  const FIND = 'query Find($number: String!) { payments(filter: { confirmationNumber: $number }) { edges { node { id confirmationNumber } } } }';
  type Found = { payments: { edges: { node: { id: string; confirmationNumber: string } }[] } };

  it('is found as a payer reads the number out: any letter case, with or without its dashes; only in its own city', async () => {
    const payment = await guestPay('10-1004-00', '3.00');
    const spoken = payment.confirmationNumber.toLowerCase().replace(/-/g, ' ');
    for (const number of [payment.confirmationNumber, spoken, payment.confirmationNumber.replace(/-/g, '')]) {
      expect((await staff.data<Found>(FIND, { number })).payments.edges.map((edge) => edge.node)).toEqual([{ id: payment.id, confirmationNumber: payment.confirmationNumber }]);
    }
    const norman = await signInStaff(platform, 'norman', 'SUPPORT');
    expect((await norman.data<Found>(FIND, { number: payment.confirmationNumber })).payments.edges).toEqual([]);
  });

  it('is refused, saying what a confirmation number is, for what cannot be one (in the request’s language)', async () => {
    for (const [client, message] of [
      [staff, 'That is not a confirmation number: it is 12 letters and digits, like K7QM-4XPD-9R2T.'],
      [staff.withHeaders({ 'accept-language': 'es' }), 'Eso no es un número de confirmación: tiene 12 letras y dígitos, como K7QM-4XPD-9R2T.'],
    ] as const) {
      const answer = await client.request(FIND, { number: 'K7QM-4XPD-9R2' });
      expect(answer.data).toBeNull();
      expect(answer.errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([{ message, code: 'BAD_USER_INPUT' }]);
    }
  });
});

describe('status labels', () => {
  it('name a payment’s status and each of its operations’ in the request’s language', async () => {
    const payment = await guestPay('10-1004-00', '3.00');
    await staff.data(REFUND, { input: { paymentId: payment.id, amount: '3.00', reason: 'Duplicate', idempotencyKey: newKey('refund') } });
    const query = 'query One($id: UUID!) { payment(id: $id) { status statusLabel operations { status statusLabel } } }';
    type One = { payment: { status: string; statusLabel: string; operations: { status: string; statusLabel: string }[] } };
    expect((await staff.data<One>(query, { id: payment.id })).payment).toEqual({ status: 'REFUNDED', statusLabel: 'Refunded', operations: [{ status: 'SUCCEEDED', statusLabel: 'Succeeded' }] });
    const spanish = staff.withHeaders({ 'accept-language': 'es' });
    expect((await spanish.data<One>(query, { id: payment.id })).payment).toEqual({ status: 'REFUNDED', statusLabel: 'Reembolsado', operations: [{ status: 'SUCCEEDED', statusLabel: 'Completado' }] });
  });

  it('come with makePayment’s answer too, a declined payment’s included', async () => {
    const guest = platform.client.asTenant('norwalk').withHeaders({ 'accept-language': 'es' });
    const { makePayment } = await guest.data<{ makePayment: { payment: PaymentShape & { statusLabel: string } } }>(
      'mutation Pay($input: MakePaymentInput!) { makePayment(input: $input) { payment { status statusLabel } } }',
      { input: { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }], token: await cardToken(platform, '4000000000000002'), payerEmail: 'es@example.com' } },
    );
    expect(makePayment.payment).toEqual({ status: 'DECLINED', statusLabel: 'Rechazado' });
  });
});
