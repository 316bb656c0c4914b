import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { callNorwalkToConfirm, callPayments, norwalkTextsTo } from './phone-call';

/*
 * README, Pay by phone, step 5: "A payment that outlives its call (the caller
 * hung up while it was under way, or heard that [it is being confirmed]) is
 * put on the call's record when it settles ... and its outcome, a decline
 * too, is texted to the caller."
 *
 * A caller told "is being confirmed" (the holds ran out) who then hangs up is
 * texted a decline, but never the receipt of a payment that went through:
 * recordSettledPayment only texts when it links the payment to the call, and
 * paidTurn already linked it when it read "being confirmed". Nor was one who
 * stayed on the line while it went through, then hung up without pressing 2:
 * the settling left the text to a next webhook or the hang-up, and neither
 * sent it. The caller's number is now kept on the payment as they hear
 * "being confirmed", and the outcome texted once, whatever they do next.
 */

let platform: TestPlatform;
beforeAll(async () => {
  // The line says "being confirmed" after its three waits of 500 ms, time enough on a loaded machine for the payment to
  // be recorded first (with none recorded yet the caller is told it could not be confirmed); the sandbox holds its
  // answer 2.5 s longer, for the caller to hang up (or not) before it settles.
  platform = await startTestPlatform({ processorTimeoutMs: 8000, sandboxHangMs: 4000, phone: { answerWithinMs: 500, maxHolds: 2 } });
});
afterAll(() => platform.close());

/** The call's payments and the caller's texts once the payment the line left under way has settled and written what follows. */
async function settledAndTexted(call: Awaited<ReturnType<typeof callNorwalkToConfirm>>) {
  await platform.settleBackgroundWork();
  return { payments: (await callPayments(platform, call)).map((p) => p.status), texts: await norwalkTextsTo(platform, call.from) };
}

it('texts the decline of a payment read as being confirmed to a caller who then hangs up', async () => {
  const call = await callNorwalkToConfirm(platform, '1313', SANDBOX_TEST_CARDS.genericDecline);
  expect((await call.press('1')).text).toContain('Your payment of $13.13 is being confirmed');
  expect(await call.hangUp()).toBe(204);
  expect(await settledAndTexted(call)).toEqual({ payments: ['DECLINED'], texts: [{ template: 'PAYMENT_FAILED', amount: '$13.13' }] });
}, 60_000);

it('texts the receipt of a payment read as being confirmed that goes through, to a caller who then hangs up', async () => {
  const call = await callNorwalkToConfirm(platform, '1313');
  expect((await call.press('1')).text).toContain('Your payment of $13.13 is being confirmed');
  expect(await call.hangUp()).toBe(204);
  expect(await settledAndTexted(call)).toEqual({ payments: ['CAPTURED'], texts: [{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }] });
}, 60_000);

it('texts the receipt of a payment read as being confirmed that goes through while the caller stays on the line, once, whatever they press after', async () => {
  const call = await callNorwalkToConfirm(platform, '1313');
  expect((await call.press('1')).text).toContain('Your payment of $13.13 is being confirmed');
  const receipt = [{ template: 'PAYMENT_RECEIPT', amount: '$13.13' }];
  expect(await settledAndTexted(call)).toEqual({ payments: ['CAPTURED'], texts: receipt });
  expect((await call.press('1')).text).toContain('Your confirmation number is');
  expect((await call.press('2')).said[0]).toBe('We will send you a text message at the number you are calling from as soon as your payment is confirmed.');
  expect(await call.hangUp()).toBe(204);
  expect(await norwalkTextsTo(platform, call.from)).toEqual(receipt);
}, 60_000);
