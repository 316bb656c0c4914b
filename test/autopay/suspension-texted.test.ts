import { FixedClock } from '@platform/testkit';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { deliverUntil, switchTextsOnConfirmed, platformWithMailCatcher } from '../notifications/notification-api';
import { at, enroll, newCustomer, processorCharges, type Customer } from './autopay-api';

/*
 * Pia has texts on (her number confirmed) so that she hears by text when
 * autopay does not pay. Her card (03/2026) pays March 15. On April 15 the run
 * finds it expired and suspends autopay before charging: April's bill is not
 * paid, and she must pay it herself. A declined deduction and a month skipped
 * over her maximum are texted; so must this month be, which autopay left
 * unpaid just as surely.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const PHONE = '+15625550142';
const ACCOUNT = '10-1001-00';
let pia: Customer;
const env = platformWithMailCatcher((smtp) => ({ clock, jobs: true, notifications: { smtpUrl: smtp.url } }));
beforeAll(async () => {
  pia = await newCustomer(env.platform, { email: 'pia.texts@example.com', accounts: [ACCOUNT], expMonth: 3, expYear: 2026 });
  const me = await pia.client();
  await switchTextsOnConfirmed(env.platform, me, '562-555-0142');
  expect((await enroll(me, { serviceAccountId: pia.accounts[ACCOUNT]!, paymentMethodId: pia.cardId })).userErrors).toEqual([]);
});
const autopayRun = () => env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });

/** Pia's messages, but for her number's confirmation code. */
const outbox = () =>
  tenantRows<{ channel: string; template: string; status: string }>(
    env.platform,
    'norwalk',
    `SELECT channel, template, status FROM notification_outbox WHERE user_id = $1 AND template <> 'SMS_PHONE_CODE' ORDER BY created_at, channel, id`,
    [pia.userId],
  );

it('texts the resident that autopay is suspended and the month is not paid when the run finds her card expired', async () => {
  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  expect(await processorCharges(env.platform)).toHaveLength(1);
  // The March receipt went by email and by text: her texts work.
  expect(await outbox()).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'SMS', template: 'PAYMENT_RECEIPT' })]));
  // March's messages sent now, so April's texts are counted from a quiet outbox.
  await deliverUntil(env.platform, async () => (await outbox()).every((n) => n.status !== 'PENDING'));

  at(clock, '2026-04-02T17:00:00Z');
  const staff = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  await staff.data(IMPORT_LIST, { bills: [{ billNumber: `B-APR-${ACCOUNT}`, accountNumber: ACCOUNT, issueDate: '2026-04-01', dueDate: '2026-04-22', water: '52.10' }] });

  at(clock, '2026-04-15T08:10:00Z');
  const textsBefore = env.platform.sentSms.length;
  await autopayRun();
  // Nothing charged: the run suspended autopay before trying the expired card.
  expect(await processorCharges(env.platform)).toHaveLength(1);
  await deliverUntil(env.platform, async () => (await outbox()).every((n) => n.status !== 'PENDING'));
  const april = (await outbox()).filter((n) => n.template === 'AUTOPAY_SUSPENDED');
  // Emailed, and, as she asked, texted.
  expect(april).toEqual([
    { channel: 'EMAIL', template: 'AUTOPAY_SUSPENDED', status: 'SENT' },
    { channel: 'SMS', template: 'AUTOPAY_SUSPENDED', status: 'SENT' },
  ]);
  expect(env.platform.sentSms.slice(textsBefore).map((sms) => [sms.to, sms.body])).toEqual([
    [
      PHONE,
      `City of Norwalk: autopay for account ${ACCOUNT} is suspended because your Visa ending in 4 2 4 2 has expired, so this month will not be paid automatically. Please pay what is due and update your autopay payment method.`,
    ],
  ]);
});
