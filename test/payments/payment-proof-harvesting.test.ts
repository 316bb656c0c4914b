import { FixedClock, startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { LOOKUP, importCsv, openAccount, signInStaff, BILL_HEADER } from '../billing/billing-api';
import { addressSource, outcome } from '../customers/burst';
import { changeCitySettings } from '../tenants/city-settings';
import { MAKE_PAYMENT, cardToken, newKey } from './payments-api';

/*
 * A guest's makePayment proves an account as lookupAccount does (at Norwalk,
 * the number alone), and its refusals show what a look-up shows: that the
 * account exists, and where the city takes no credit what it owes ("This
 * account owes $18.00; ..."), before any card is looked at. So its proofs
 * that find an account count under the look-up's found limits (30 per
 * address an hour), in the same budget; a payment made gives its place back,
 * so paying is never limited by paying, and so does a retry (same key,
 * after a lost answer) answered with its payment, which is answered so even
 * once the address's look-ups are spent.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
const numbers: string[] = [];
beforeAll(async () => {
  platform = await startTestPlatform({ clock, trustProxy: true });
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const rows: string[] = [BILL_HEADER];
  for (let i = 1; i <= 40; i++) {
    const { accountNumber } = await openAccount(staff, { accountNumber: `66-${String(i).padStart(4, '0')}-00` });
    numbers.push(accountNumber);
    rows.push(`HV-${i},${accountNumber},2026-11-01,2026-12-01,${10 + i}.00,5.00,2.00`);
  }
  expect((await importCsv(staff, rows.join('\n'))).rowErrorCount).toBe(0);
  await changeCitySettings(platform, 'norwalk', { paymentRules: { accountCreditAllowed: false } });
});
afterAll(() => platform.close());

const freshAddress = addressSource('10.77');
const from = (address = freshAddress()): GraphQLTestClient => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': address });
type Paid = { makePayment: { payment: { id: string; status: string } | null; userErrors: { code: string; message: string }[] } | null };

it('shows one address no more balances through makePayment than lookupAccount would (30 an hour), in the same budget', async () => {
  const scanner = from();
  const answers = [];
  for (const accountNumber of numbers) {
    answers.push(
      await scanner.request<Paid>(MAKE_PAYMENT, {
        input: { idempotencyKey: newKey('scan'), token: 'tok_not_a_real_token', payerEmail: 'scan@example.com', allocations: [{ accountNumber, amount: '9999.00' }] },
      }),
    );
  }
  expect(answers[0]?.data?.makePayment?.userErrors[0]?.message).toBe('This account owes $18.00; this city does not take more than is owed.');
  expect(answers.map(outcome)).toEqual([...Array<string>(30).fill('EXCEEDS_AMOUNT_DUE'), ...Array<string>(10).fill('RATE_LIMITED')]);
  // A look-up from the address is refused as the payments were: one budget.
  expect(outcome(await scanner.request(LOOKUP, { input: { accountNumber: numbers[0] } }))).toBe('RATE_LIMITED');
});

it('lets one address pay more accounts than it could look up: a payment made gives its place back', async () => {
  const payer = from();
  for (const accountNumber of numbers.slice(0, 35)) {
    const { data } = await payer.request<Paid>(MAKE_PAYMENT, {
      input: { idempotencyKey: newKey(), token: await cardToken(platform), payerEmail: 'landlord@example.com', allocations: [{ accountNumber, amount: '1.00' }] },
    });
    expect(data?.makePayment?.payment?.status).toBe('CAPTURED');
  }
  expect(outcome(await payer.request(LOOKUP, { input: { accountNumber: numbers[0] } }))).toBe('OK');
});

it('answers a retry of a payment made with that payment, however often it is retried, and leaves the address its look-ups', async () => {
  const payer = from();
  const input = { idempotencyKey: newKey('retry'), token: await cardToken(platform), payerEmail: 'retry@example.com', allocations: [{ accountNumber: numbers[36], amount: '1.00' }] };
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
  for (let i = 0; i < 31; i++) lookups.push(outcome(await payer.request(LOOKUP, { input: { accountNumber: numbers[36] } })));
  expect(lookups.at(-1)).toBe('RATE_LIMITED');
  expect((await payer.request<Paid>(MAKE_PAYMENT, { input })).data?.makePayment?.payment?.id).toBe(firstId);
}, 120_000);

it('gives back the place a retry of a payment made takes: a payer who retried once still has all the look-ups of an address', async () => {
  const payer = from();
  const input = { idempotencyKey: newKey('retry'), token: await cardToken(platform), payerEmail: 'retry2@example.com', allocations: [{ accountNumber: numbers[37], amount: '1.00' }] };
  expect((await payer.request<Paid>(MAKE_PAYMENT, { input })).data?.makePayment?.payment?.status).toBe('CAPTURED');
  expect((await payer.request<Paid>(MAKE_PAYMENT, { input })).data?.makePayment?.payment?.status).toBe('CAPTURED');
  // Paying (and retrying the payment) is never limited by paying: the address still has its 30 look-ups.
  const lookups: string[] = [];
  for (let i = 0; i < 30; i++) lookups.push(outcome(await payer.request(LOOKUP, { input: { accountNumber: numbers[37] } })));
  expect(lookups).toEqual(Array<string>(30).fill('OK'));
}, 120_000);
