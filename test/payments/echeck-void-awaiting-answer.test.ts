import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { BANK, STAFF_PAYMENT, VOID, bankToken, newKey, pay, type PaymentShape } from './payments-api';

/*
 * A staff member voids an unsettled e-check; the processor carries the void
 * out but its answer is lost (the void is UNKNOWN, "being confirmed"). The
 * hourly e-check settlement job, asking about the charge before
 * reconciliation sent the void again, used to find it VOIDED and record it as
 * a void made in the processor's own dashboard (actor "processor"), and
 * reconciliation's answer then found the payment voided already: the staff
 * member's void stayed in its history as nobody's. Now a void of ours with
 * the processor holds the e-check back from the settlement job, as it holds
 * it back from posting and refunds, and reconciliation records it as the
 * staff member's.
 */
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const HANG_MS = 600;
const processorDone = () => new Promise((resolve) => setTimeout(resolve, HANG_MS + 100));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true, processorTimeoutMs: 300, sandboxHangMs: HANG_MS });
}, 120_000);
afterAll(() => platform.close());

type History = { toStatus: string; actor: string; reason: string }[];

it('an e-check void still being confirmed is recorded as the staff member’s void, not as one made in the processor’s dashboard, when the settlement job sees the charge voided first', async () => {
  // The sandbox holds back its answer to a void of a $13.15 charge, e-checks included.
  const paid = await pay(platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey('echeck-void'),
    allocations: [{ accountNumber: '10-1002-00', amount: '13.15' }],
    token: await bankToken(platform, BANK.accounts.settles),
    payerEmail: 'void-race@example.com',
  });
  expect(paid.payment?.status).toBe('AUTHORIZED');
  const id = paid.payment!.id;

  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const voided = await staff.data<{ voidPayment: { userErrors: { code: string }[] } }>(VOID, { input: { paymentId: id, reason: 'Customer asked' } });
  expect(voided.voidPayment.userErrors.map((e) => e.code)).toEqual(['PROCESSOR_UNAVAILABLE']);
  await processorDone();

  // The settlement job's hourly run comes before reconciliation's.
  await platform.runJob('payments.settle-echecks');
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');

  const after = (await (await signInStaff(platform, 'norwalk', 'SUPPORT')).data<{ payment: PaymentShape & { history: History } }>(STAFF_PAYMENT, { id })).payment;
  expect(after.status).toBe('VOIDED');
  const voidedBy = after.history.filter((h) => h.toStatus === 'VOIDED');
  // The staff member asked for it: their id, and their reason, as for a card void reconciliation records
  // (processor-outages.test.ts), not "processor" / "voided at the processor".
  expect(voidedBy.map((h) => h.actor)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  expect(voidedBy[0]!.reason).not.toMatch(/voided at the processor/);
}, 120_000);
