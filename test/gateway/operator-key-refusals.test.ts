import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { REFUND, cardToken, newKey, pay } from '../payments/payments-api';

// The platform operator's key is a credential of its own, not a missing sign-in: where it may not act (refunds,
// taking money at the counter, the live board), it is told so (FORBIDDEN, in the request's language), never
// "Please sign in to continue" (UNAUTHENTICATED), which sends an operator's tooling off to sign in, or retry with
// a key that is good, as if it were expired. Nothing is done either way.

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const COUNTER = 'mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { userErrors { code } } }';

it("tells the operator's key it may not refund a resident's payment, in English and Spanish, and refunds nothing", async () => {
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '3.00' }],
    token: await cardToken(platform),
    payerEmail: 'operator.probe@example.com',
  });
  const paymentId = paid.payment!.id;
  const input = { paymentId, amount: '3.00', reason: 'probe', idempotencyKey: newKey('refund') };
  const en = await platform.operator.asTenant('norwalk').request(REFUND, { input });
  const es = await platform.operator.asTenant('norwalk').withHeaders({ 'accept-language': 'es' }).request(REFUND, { input });
  expect([en, es].map((answer) => answer.errors?.map((error) => ({ code: error.extensions?.code, message: error.message })))).toEqual([
    [{ code: 'FORBIDDEN', message: "The platform operator's key cannot do this: a staff member of the city must." }],
    [{ code: 'FORBIDDEN', message: 'La clave del operador de la plataforma no puede hacer esto: debe hacerlo un miembro del personal de la ciudad.' }],
  ]);
  expect(await tenantRows(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [paymentId])).toEqual([{ status: paid.payment!.status }]);
});

it("tells the operator's key it may not take money at the counter", async () => {
  const [account] = await tenantRows<{ id: string }>(platform, 'norman', 'SELECT id FROM service_accounts ORDER BY account_number LIMIT 1');
  const before = await tenantRows(platform, 'norman', 'SELECT count(*)::int AS n FROM payments');
  const answer = await platform.operator.asTenant('norman').request(COUNTER, {
    input: { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: account!.id, amount: '10.00' }], method: 'CASH', cashReceived: '10.00', receivedBy: 'Operator' },
  });
  expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(await tenantRows(platform, 'norman', 'SELECT count(*)::int AS n FROM payments')).toEqual(before);
});

// The operator voids only what has no processor: cash or a check recorded at a city's counter, as the second pair of
// eyes when the city has no other staff member at hand (counter-payment-void.test.ts). A resident's card charge or
// e-check is the city's money to give back, decided by its staff: the operator's key, good in every city, is told so.
it("tells the operator's key it may not void a resident's card payment, in any city, and voids nothing", async () => {
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1001-00', amount: '4.00' }],
    token: await cardToken(platform),
    payerEmail: 'operator.void.probe@example.com',
  });
  const paymentId = paid.payment!.id;
  const VOID = 'mutation Void($input: VoidPaymentInput!) { voidPayment(input: $input) { payment { status } userErrors { code } } }';
  const answer = await platform.operator.asTenant('norwalk').request(VOID, { input: { paymentId, reason: 'probe' } });
  expect(answer.errors?.map((error) => ({ code: error.extensions?.code, message: error.message }))).toEqual([
    { code: 'FORBIDDEN', message: "The platform operator's key cannot do this: a staff member of the city must." },
  ]);
  expect(await tenantRows(platform, 'norwalk', 'SELECT status FROM payments WHERE id = $1', [paymentId])).toEqual([{ status: paid.payment!.status }]);
  expect(await tenantRows(platform, 'norwalk', 'SELECT kind FROM payment_operations WHERE payment_id = $1', [paymentId])).toEqual([]);
});
