import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { cardToken, newKey, pay, processorCharges } from './payments-api';

/*
 * A resident's payment times out at the processor: it is in doubt (UNKNOWN)
 * until reconciliation asks the processor, and until then the balance does
 * not show it. A resident who pays again meanwhile, under a new key, must
 * not be charged twice; a retry of the same payment is answered as before;
 * once the first is settled, paying again is taken.
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
