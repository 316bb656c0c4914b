import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { LOOKUP, importCsv, openAccount, signInStaff, BILL_HEADER } from '../billing/billing-api';
import { outcome } from '../customers/burst';
import { MAKE_PAYMENT, cardToken, newKey } from './payments-api';

/*
 * A guest's payment proof holds a place under the look-up's found limits (30
 * per address an hour) until the payment is made, and gives it back then. A
 * retry of the same request (same idempotency key: a browser or a client
 * library resending after a lost answer) proves the account again and is
 * answered with the first payment: it gives its place back too, and once the
 * address's look-ups are spent it is still answered with its payment, never
 * RATE_LIMITED.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
const numbers: string[] = [];
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const rows: string[] = [BILL_HEADER];
  for (let i = 1; i <= 2; i++) {
    const { accountNumber } = await openAccount(staff, { accountNumber: `67-${String(i).padStart(4, '0')}-00` });
    numbers.push(accountNumber);
    rows.push(`RR-${i},${accountNumber},2026-11-01,2026-12-01,${10 + i}.00,5.00,2.00`);
  }
  expect((await importCsv(staff, rows.join('\n'))).rowErrorCount).toBe(0);
}, 60_000);
afterAll(() => platform.close());

const from = (address: string): GraphQLTestClient => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address });
type Paid = { makePayment: { payment: { id: string; status: string } | null; userErrors: { code: string }[] } | null };

it('answers a retry of a payment made with that payment, however often it is retried, and leaves the address its look-ups', async () => {
  const payer = from('10.78.0.1');
  const input = { idempotencyKey: newKey('retry'), token: await cardToken(platform), payerEmail: 'retry@example.com', allocations: [{ accountNumber: numbers[0], amount: '1.00' }] };
  const first = await payer.request<Paid>(MAKE_PAYMENT, { input });
  expect(first.data?.makePayment?.payment?.status).toBe('CAPTURED');
  const firstId = first.data!.makePayment!.payment!.id;

  // The same request sent again (the answer was lost on the way): each must be answered with the first payment.
  const retries: string[] = [];
  for (let i = 0; i < 31; i++) {
    const again = await payer.request<Paid>(MAKE_PAYMENT, { input });
    retries.push(again.data?.makePayment?.payment?.id === firstId ? 'SAME_PAYMENT' : outcome(again));
  }
  expect(retries).toEqual(Array<string>(31).fill('SAME_PAYMENT'));

  // The address's look-ups spent by look-ups, a retry is still its payment.
  const lookups: string[] = [];
  for (let i = 0; i < 31; i++) lookups.push(outcome(await payer.request(LOOKUP, { input: { accountNumber: numbers[0] } })));
  expect(lookups.at(-1)).toBe('RATE_LIMITED');
  expect((await payer.request<Paid>(MAKE_PAYMENT, { input })).data?.makePayment?.payment?.id).toBe(firstId);
}, 120_000);

it('gives back the place a retry of a payment made takes: a payer who retried once still has all the look-ups of an address', async () => {
  const payer = from('10.78.0.2');
  const input = { idempotencyKey: newKey('retry'), token: await cardToken(platform), payerEmail: 'retry2@example.com', allocations: [{ accountNumber: numbers[1], amount: '1.00' }] };
  expect((await payer.request<Paid>(MAKE_PAYMENT, { input })).data?.makePayment?.payment?.status).toBe('CAPTURED');
  expect((await payer.request<Paid>(MAKE_PAYMENT, { input })).data?.makePayment?.payment?.status).toBe('CAPTURED');
  // Paying (and retrying the payment) is never limited by paying: the address still has its 30 look-ups.
  const lookups: string[] = [];
  for (let i = 0; i < 30; i++) lookups.push(outcome(await payer.request(LOOKUP, { input: { accountNumber: numbers[1] } })));
  expect(lookups).toEqual(Array<string>(30).fill('OK'));
}, 120_000);
