import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { callNorwalkToConfirm, callPayments, NORWALK_LINE, PhoneCall } from './phone-call';

/*
 * The amount due a caller hears leaves out payments of the account still
 * with the processor; billing counts a payment, and requests restoration of a
 * disconnected account paid in full, only once the processor has taken it.
 * So while one member of a household's payment is with the processor, a
 * second phone in the house paying "the amount due" requests no restoration,
 * and none at all if the first payment fails: the line must neither promise
 * one nor say one was requested, and says why. Here the sandbox holds its answer to the
 * first payment ($13.14) for 15 s (a second call made meanwhile on a busy machine
 * must find it still there), then charges nothing.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ processorTimeoutMs: 30_000, sandboxHangMs: 15_000, phone: { answerWithinMs: 100, maxHolds: 200 } });
});
afterAll(() => platform.close());

/** Ana's account (demo), disconnected. */
const DISCONNECTED_ACCOUNT = '10100300';

const accountStatus = async () => (await tenantRows<{ status: string }>(platform, 'norwalk', "SELECT status FROM service_accounts WHERE account_number = '10-1003-00'"))[0]!.status;

it('neither promises nor tells restoration of service to a caller paying the amount due while another payment of the account is with the processor', async () => {
  const first = await callNorwalkToConfirm(platform, '1314', SANDBOX_TEST_CARDS.visa, { account: DISCONNECTED_ACCOUNT });
  first.followRedirects = false;
  expect((await first.press('1')).said).toEqual(['Your payment is still being processed. Please stay on the line.']);
  // On a busy machine the line may answer that before the payment is even recorded; the second call is made once it is.
  for (const end = Date.now() + 10_000; (await callPayments(platform, first)).length === 0 && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 25));

  const second = new PhoneCall(platform, NORWALK_LINE);
  await second.dial();
  await second.press('1');
  const summary = await second.press(DISCONNECTED_ACCOUNT);
  // Before: 'Paying the full balance of $... requests restoration of service', of the amount due less the first payment.
  expect(summary.text).toContain('To pay the amount due, press 1.');
  expect(summary.text).not.toContain('Paying the full balance');
  expect(summary.text).toContain(
    'Another payment to it is still being confirmed with the payment processor: restoration of service is requested once the full balance is received, that payment included.',
  );
  await second.press('1');
  await second.payWith(SANDBOX_TEST_CARDS.visa);
  const receipt = await second.press('1');
  expect(receipt.text).toContain('was accepted.');
  // Before: 'Because this payment pays the full balance, restoration of service has been requested.'
  expect(receipt.text).not.toContain('restoration');
  expect(await accountStatus()).toBe('DISCONNECTED');

  // The first payment charges nothing in the end, and the account still owes it: no restoration is ever requested.
  await platform.settleBackgroundWork();
  expect((await callPayments(platform, first)).map((payment) => payment.status)).toEqual([expect.not.stringMatching(/CAPTURED/)]);
  expect(await accountStatus()).toBe('DISCONNECTED');
});
