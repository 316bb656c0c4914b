import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { voidAtProcessor } from '../payments/payments-api';
import { callNorwalkToConfirm, callPayments, norwalkAccountOwing, norwalkTextsTo, type PhoneCall } from './phone-call';

/*
 * A caller whose payment the processor does not answer in time hears that it
 * is being confirmed. They have no email on the phone line: pressing 2 for a
 * text gets them its outcome by text once reconciliation learns it, the
 * receipt or the news that it did not go through, instead of nothing. So does
 * hanging up, or ending the call with 3, without asking: the number they call
 * from is kept on the payment as they hear it is being confirmed.
 */

const clock = new FixedClock(new Date());
// The gateway gives the processor 600 ms; the sandbox's magic amounts hold their answer one and a half times that (the
// gateway's timer is set first, in the same process, so it always fires first).
const PROCESSOR_TIMEOUT_MS = 600;
const HANG_MS = 900;
/** Until the sandbox has given its held answers: the processor is done with the calls. */
const processorDone = () => new Promise((resolve) => setTimeout(resolve, HANG_MS + 100));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, demoDataAt: 'today', jobs: true, processorTimeoutMs: PROCESSOR_TIMEOUT_MS, sandboxHangMs: HANG_MS });
});
afterAll(() => platform.close());

const texts = (to: string) => norwalkTextsTo(platform, to);

/** Norwalk's phone line as staff see it: the calls that paid (and their cents), and those whose payment was not kept. */
async function paidCalls(): Promise<{ paid: number; cents: number; notKept: number }> {
  const staff = await signInStaff(platform, 'norwalk', 'SUPPORT');
  const { phoneCallSummary } = await staff.data<{ phoneCallSummary: { paid: number; amountPaid: { amount: string }; paymentsNotKept: number } }>(
    '{ phoneCallSummary { paid amountPaid { amount } paymentsNotKept } }',
  );
  return { paid: phoneCallSummary.paid, cents: Number(phoneCallSummary.amountPaid.amount.replace('.', '')), notKept: phoneCallSummary.paymentsNotKept };
}

/** What the summary gained since `before`. */
async function since(before: { paid: number; cents: number; notKept: number }) {
  const now = await paidCalls();
  return { paid: now.paid - before.paid, cents: now.cents - before.cents, notKept: now.notKept - before.notKept };
}

/** Pays `amount` (keys, in cents) on a Norwalk demo account (keys; default 10-1001-00), and asks for a text once told it is being confirmed. */
async function payAndAskForText(amount: string, account?: string): Promise<PhoneCall> {
  const call = await callNorwalkToConfirm(platform, amount, undefined, { account });
  expect((await call.press('1')).text).toContain('is being confirmed');
  expect((await call.press('2')).said).toContain('We will send you a text message at the number you are calling from as soon as your payment is confirmed.');
  return call;
}

it('texts the receipt of a payment in doubt that went through, and the news of one that did not, once reconciliation learns which', async () => {
  const before = await paidCalls();
  // Two callers at once, each waiting out the processor's silence. Another account: a payment to an account whose last
  // one is still in doubt is refused (paying-again-in-doubt.test.ts).
  const [charged, notCharged] = await Promise.all([payAndAskForText('1313'), payAndAskForText('1314', '10100200')]);
  expect([...(await texts(charged.from)), ...(await texts(notCharged.from))]).toEqual([]);

  // Both processor calls end at the sandbox; a minute on, reconciliation asks it what became of each.
  await processorDone();
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  expect(await texts(charged.from)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }]);
  expect(await texts(notCharged.from)).toEqual([{ template: 'PAYMENT_FAILED', amount: '$13.14' }]);
  // Both callers were told "being confirmed"; staff count as paid only the call whose payment went through.
  expect(await since(before)).toEqual({ paid: 1, cents: 1313, notKept: 1 });
});

it('texts the outcome to callers told it is being confirmed who do not ask: one who hangs up, one who ends the call with 3', async () => {
  // The two callers at once, each waiting out the processor's silence.
  const [hungUp, endedWith3] = await Promise.all([
    (async () => {
      const call = await callNorwalkToConfirm(platform, '1313', undefined, { account: (await norwalkAccountOwing(platform, '50.00')).keys });
      expect((await call.press('1')).text).toContain('Your payment of $13.13 is being confirmed');
      expect(await call.hangUp()).toBe(204);
      return call;
    })(),
    (async () => {
      const call = await callNorwalkToConfirm(platform, '1314', undefined, { account: (await norwalkAccountOwing(platform, '50.00')).keys });
      expect((await call.press('1')).text).toContain('Your payment of $13.14 is being confirmed');
      expect((await call.press('3')).hangsUp).toBe(true);
      expect(await call.hangUp()).toBe(204);
      return call;
    })(),
  ]);
  expect([...(await texts(hungUp.from)), ...(await texts(endedWith3.from))]).toEqual([]);

  await processorDone();
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');
  expect(await texts(hungUp.from)).toEqual([{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }]);
  expect(await texts(endedWith3.from)).toEqual([{ template: 'PAYMENT_FAILED', amount: '$13.14' }]);
});

it('texts at once the outcome reconciliation already knows when the caller asks: here a charge voided at the processor', async () => {
  const before = await paidCalls();
  const call = await callNorwalkToConfirm(platform, '1313');
  expect((await call.press('1')).text).toContain('is being confirmed');
  const [payment] = await callPayments(platform, call);

  await processorDone();
  await voidAtProcessor(platform, payment!.id);
  clock.advance(61_000);
  await platform.runJob('payments.reconcile');

  await call.press('2');
  expect(await texts(call.from)).toEqual([{ template: 'PAYMENT_FAILED', amount: '$13.13' }]);
  expect(await since(before)).toEqual({ paid: 0, cents: 0, notKept: 1 });
});
