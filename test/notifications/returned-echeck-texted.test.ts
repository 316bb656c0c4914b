import { FixedClock } from '@platform/testkit';
import { newCustomer } from '../autopay/autopay-api';
import { tenantRows } from '../customers/customer-api';
import { BANK, bankToken, newKey, pay } from '../payments/payments-api';
import { changeCitySettings } from '../tenants/city-settings';
import { deliverUntil, switchTextsOnConfirmed, platformWithMailCatcher } from './notification-api';

/*
 * A resident with payment texts on (her number confirmed) is texted her
 * e-check's receipt. Two days later her bank returns it (R02: account
 * closed): the bill is owed again, with a returned-payment fee, and the
 * household may fall past due. Her phone, which told her "payment received",
 * hears that it came back too, with what the email says of it.
 */

const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const ACCOUNT = '10-1001-00';
const PHONE = '+15625550199';
const env = platformWithMailCatcher((smtp) => ({ clock, jobs: true, notifications: { smtpUrl: smtp.url } }));
beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { paymentRules: { returnedPaymentFee: '25.00' } });
});

it('texts a resident with payment texts on that her e-check came back: what is owed again and the fee, as it texted its receipt', async () => {
  const rita = await newCustomer(env.platform, { email: 'rita.texts@example.com', accounts: [ACCOUNT] });
  const me = await rita.client();
  await switchTextsOnConfirmed(env.platform, me, '562-555-0199');
  const paid = await pay(me, {
    idempotencyKey: newKey('rita'),
    allocations: [{ serviceAccountId: rita.accounts[ACCOUNT], amount: '40.00' }],
    token: await bankToken(env.platform, BANK.accounts.returnsAccountClosed),
  });
  expect([paid.payment?.status, paid.userErrors]).toEqual(['AUTHORIZED', []]);
  const confirmation = paid.payment!.confirmationNumber;
  const waiting = async () =>
    (await tenantRows<{ n: number }>(env.platform, 'norwalk', `SELECT count(*)::int AS n FROM notification_outbox WHERE status = 'PENDING' AND data->>'confirmationNumber' = $1`, [confirmation]))[0]!
      .n;
  // The receipt goes out within moments; one still waiting when the bank returns the e-check is withdrawn.
  await deliverUntil(env.platform, async () => (await waiting()) === 0);

  clock.set(new Date('2026-11-25T18:30:00Z'));
  await env.platform.runJob('payments.settle-echecks');
  await deliverUntil(env.platform, async () => (await waiting()) === 0);

  const texts = env.platform.sentSms.filter((text) => text.to === PHONE && text.body.includes(confirmation)).map((text) => text.body);
  expect(texts).toEqual([
    expect.stringMatching(new RegExp(`^City of Norwalk: we received your payment ${confirmation} of \\$40\\.00\\.`)),
    `City of Norwalk: Your bank returned your payment ${confirmation} of $40.00, so the $40.00 it paid is owed again. Please make a new payment. A returned payment fee of $25.00 was added to your account.`,
  ]);
  const emailed = env.smtp.accepted.filter((m) => m.envelopeTo.includes('rita.texts@example.com')).map((m) => m.parsed.subject);
  // R02 blocks the bank account too: the one email says both.
  expect(emailed).toContain(`Your payment ${confirmation} was returned, and your bank account can no longer be used - City of Norwalk`);
});
