import { SANDBOX_TEST_CARDS } from '@platform/processor-sandbox';
import { FixedClock, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { NORWALK_LINE, PhoneCall } from './phone-call';
import { at, newCustomer, enrolAutopay } from '../autopay/autopay-api';
import { tenantRows } from '../customers/customer-api';

/*
 * Norwalk deducts on the 15th. Maria is enrolled; on the morning of the 15th
 * she calls the pay-by-phone line, hears "the amount due is $88.05" and
 * presses 1 (pay the amount due). While she keys her card, the hourly
 * autopay pass charges her $88.05. She confirms: the line reads the amount
 * due again before charging "the amount due", and charges nothing (it
 * charged the $88.05 read minutes ago a second time).
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ clock, jobs: true });
});
afterAll(() => platform.close());

it('does not charge a caller who chose "pay the amount due" again for what autopay took while they keyed their card', async () => {
  const maria = await newCustomer(platform, { email: 'maria.phone@example.com', accounts: ['10-1001-00'] });
  await enrolAutopay(maria, maria.accounts['10-1001-00']!);

  // 8:00 on the deduction day, Los Angeles time.
  at(clock, '2026-03-15T15:00:00Z');
  const call = new PhoneCall(platform, NORWALK_LINE);
  await call.dial();
  await call.press('1');
  expect((await call.press('10100100')).text).toContain('the amount due is $88.05');
  await call.press('1');
  await call.chooseCard();
  expect(call.last?.pay).toBe(true);

  // The hourly pass runs while she keys her card.
  await platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect(await tenantRows<{ status: string; channel: string }>(platform, 'norwalk', "SELECT status, channel FROM payments WHERE channel = 'AUTOPAY'")).toEqual([
    { status: 'CAPTURED', channel: 'AUTOPAY' },
  ]);

  await call.payWith(SANDBOX_TEST_CARDS.visa);
  // Nothing charged: she hears what is due now, and chooses again.
  expect((await call.press('1')).text).toContain('Your amount due has changed since you chose it, and nothing was charged: it is now $0.00.');
  const paid = await tenantRows<{ channel: string; total: string }>(
    platform,
    'norwalk',
    `SELECT p.channel, p.total_cents::text AS total FROM payments p JOIN payment_lines l ON l.tenant_id = p.tenant_id AND l.payment_id = p.id
      JOIN service_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.service_account_id
     WHERE a.account_number = '10-1001-00' AND p.status IN ('CAPTURED', 'AUTHORIZED', 'PENDING') ORDER BY p.channel`,
  );
  // An $88.05 bill paid once: not by autopay and again by phone.
  expect(paid).toEqual([{ channel: 'AUTOPAY', total: '8805' }]);
}, 90_000);
