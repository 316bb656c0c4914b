import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { fingerprintOf } from '../../services/payments/src/make-payment/make-payment.service';
import { tenantRows } from '../customers/customer-api';
import { cardToken, newKey, pay, processorCharges } from './payments-api';

/*
 * A retry is the same request: "50", "50.0" and "50.00" are one amount (the
 * request hash already reads confirmedTotal in exact cents, and counter
 * payments hash amounts in cents). Refusing the retry as IDEMPOTENCY_KEY_REUSED
 * tells the payer their request was "different", though the first one charged
 * the card: they pay again under a new key, and are charged twice.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
});
afterAll(() => platform.close());

const guest = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '198.51.100.90' });

it('answers a retry that writes the same amount in another form with the payment already made, charging once', async () => {
  const input = { idempotencyKey: newKey('same-amount'), token: await cardToken(platform), payerEmail: 'retry@example.com' };
  const chargesBefore = (await processorCharges(platform)).length;
  const first = await pay(guest(), { ...input, allocations: [{ accountNumber: '10-1002-00', amount: '50' }] });
  expect(first.payment?.status).toBe('CAPTURED');
  // The page's answer was lost; it sends the request again, the amount now formatted as the page shows it.
  const retry = await pay(guest(), { ...input, allocations: [{ accountNumber: '10-1002-00', amount: '50.00' }] });
  expect({ id: retry.payment?.id, userErrors: retry.userErrors }).toEqual({ id: first.payment!.id, userErrors: [] });
  expect((await processorCharges(platform)).length).toBe(chargesBefore + 1);
});

it('answers a retry that types the account number with spaces as the same request, and still refuses another amount', async () => {
  const input = { idempotencyKey: newKey('same-account'), token: await cardToken(platform), payerEmail: 'retry@example.com' };
  const first = await pay(guest(), { ...input, allocations: [{ accountNumber: '10-1002-00', amount: '12.5' }] });
  expect(first.payment?.status).toBe('CAPTURED');
  const retry = await pay(guest(), { ...input, allocations: [{ accountNumber: '10 1002 00', amount: '12.50' }] });
  expect({ id: retry.payment?.id, userErrors: retry.userErrors }).toEqual({ id: first.payment!.id, userErrors: [] });
  const other = await pay(guest(), { ...input, allocations: [{ accountNumber: '10-1002-00', amount: '12.51' }] });
  expect({ payment: other.payment, codes: other.userErrors.map((e) => e.code) }).toEqual({ payment: null, codes: ['IDEMPOTENCY_KEY_REUSED'] });
});

it('recognises the retry of a payment recorded before amounts were read in cents, by the fingerprint of its typed text', async () => {
  const input = { idempotencyKey: newKey('legacy'), token: await cardToken(platform), payerEmail: 'retry@example.com' };
  const first = await pay(guest(), { ...input, allocations: [{ accountNumber: '10-1002-00', amount: '7.5' }] });
  expect(first.payment?.status).toBe('CAPTURED');
  // As such a payment was stored: the fingerprint of the text as typed.
  const typed = { payer: 'guest', allocations: [[null, '10-1002-00', null, null, '7.5']], token: input.token, savedMethodId: null, payerEmail: 'retry@example.com' };
  await tenantRows(platform, 'norwalk', 'UPDATE payments SET request_hash = $1 WHERE id = $2 RETURNING id', [fingerprintOf(typed), first.payment!.id]);
  const retry = await pay(guest(), { ...input, allocations: [{ accountNumber: '10-1002-00', amount: '7.5' }] });
  expect({ id: retry.payment?.id, userErrors: retry.userErrors }).toEqual({ id: first.payment!.id, userErrors: [] });
});
