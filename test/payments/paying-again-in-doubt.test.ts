import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { accountById, importCsv, openAccount, signInStaff } from '../billing/billing-api';
import { cardToken, newKey, pay, processorCharges } from './payments-api';

/*
 * A resident's payment times out at the processor: it is in doubt (UNKNOWN)
 * until reconciliation asks the processor, and until then the balance does
 * not show it. A resident who pays again meanwhile, under a new key, on the
 * web or with cash at the city's office, must not pay twice; a retry of the
 * same payment is answered as before; once the first is settled, paying
 * again is taken.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  // The gateway gives the processor 300 ms; the sandbox's magic amount 13.13 is charged, 1.5 s later.
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: 1500 });
});
afterAll(() => platform.close());

const guest = () => platform.client.asTenant('norwalk');

it('refuses a second payment to an account whose first is still in doubt, then takes it once that is settled', async () => {
  const token = await cardToken(platform);
  const firstRequest = { idempotencyKey: newKey(), allocations: [{ accountNumber: '10-1002-00', amount: '13.13' }], token, payerEmail: 'paying.again@example.com' };
  const first = await pay(guest(), firstRequest);
  expect(first.payment?.status).toBe('UNKNOWN');

  const again = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1002-00', amount: '13.13' }],
    token: await cardToken(platform),
    payerEmail: 'paying.again@example.com',
  });
  expect(again).toMatchObject({ payment: null, userErrors: [{ field: ['input', 'allocations', '0'], code: 'PAYMENT_BEING_CONFIRMED', message: expect.stringContaining('charged twice') }] });
  // Another account is not held up.
  const other = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1003-00', amount: '5.00' }],
    token: await cardToken(platform),
    payerEmail: 'paying.again@example.com',
  });
  expect(other.payment?.status).toBe('CAPTURED');
  // The same payment asked again is answered as it stands, not refused.
  expect((await pay(guest(), firstRequest)).payment?.id).toBe(first.payment!.id);

  // The held charge completes; reconciliation settles the payment, and paying again is taken.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  const later = await pay(guest(), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1002-00', amount: '10.00' }],
    token: await cardToken(platform),
    payerEmail: 'paying.again@example.com',
  });
  expect(later.payment?.status).toBe('CAPTURED');
  expect((await processorCharges(platform)).map((c) => String(c.amount)).sort()).toEqual(['1000', '1313', '500']);
});

const RECORD_AT_COUNTER = `mutation Record($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id status } userErrors { field code message } } }`;
type RecordedAtCounter = { payment: { id: string; status: string } | null; userErrors: { field: string[]; code: string; message: string }[] };

it('refuses cash at the counter for an account whose web payment is still in doubt, then takes it once that is settled', async () => {
  const clerk = await signInStaff(platform, 'norman', 'SUPPORT');
  const account = await openAccount(clerk, { accountNumber: '5940-0001', city: 'Norman', region: 'OK', postalCode: '73069' });
  await importCsv(clerk, ['bill_number,account_number,issue_date,due_date,water,sewer,trash', 'W-5941,5940-0001,2026-11-01,2026-11-30,20.00,,'].join('\n'));
  const cash = (amount: string, idempotencyKey = newKey('counter')) => ({
    idempotencyKey,
    allocations: [{ serviceAccountId: account.id, amount }],
    method: 'CASH',
    cashReceived: amount,
    receivedBy: 'Pat Clerk',
  });
  const record = async (input: Record<string, unknown>) => (await clerk.data<{ recordCounterPayment: RecordedAtCounter }>(RECORD_AT_COUNTER, { input })).recordCounterPayment;
  const firstCash = cash('5.00');
  const handedOver = await record(firstCash);
  expect(handedOver.payment?.status).toBe('POSTED');

  const chargesOf1313 = async () => (await processorCharges(platform)).filter((c) => String(c.amount) === '1313').length;
  const chargedBefore = await chargesOf1313();
  const web = await pay(platform.client.asTenant('norman'), {
    idempotencyKey: newKey('web'),
    allocations: [{ accountNumber: '5940-0001', lastPaymentAmount: '5.00', amount: '13.13' }],
    token: await cardToken(platform),
    payerEmail: 'in-doubt@example.com',
  });
  expect(web.payment?.status).toBe('UNKNOWN');
  // The clerk's account page does not count the payment in doubt: it says $15.00 is owed.
  expect((await accountById(clerk, account.id)).balance.amountDueNow.amount).toBe('15.00');

  expect(await record(cash('15.00'))).toEqual({
    payment: null,
    userErrors: [{ field: ['input', 'allocations', '0'], code: 'PAYMENT_BEING_CONFIRMED', message: expect.stringContaining('Take no payment for this account until it is settled') }],
  });
  // The cash recorded before, sent again under its key (a double click), is answered as it was.
  expect((await record(firstCash)).payment?.id).toBe(handedOver.payment!.id);

  // The held charge completes; reconciliation books it, and the clerk takes what is left.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  expect(await chargesOf1313()).toBe(chargedBefore + 1);
  expect((await accountById(clerk, account.id)).balance.amountDueNow.amount).toBe('1.87');
  expect((await record(cash('1.87'))).payment?.status).toBe('POSTED');
});
