import { FixedClock } from '@platform/testkit';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { CANCEL, UPDATE, at, enroll, newCustomer, saveCard, CARDS, type AutopayPayload, type Customer, enrolAutopay } from './autopay-api';

/*
 * A reminder or card warning queued while the mail relay is down waits in
 * the outbox. When the resident cancels autopay, changes the card, or autopay
 * is suspended before mail recovers, it must not go out afterwards promising
 * a charge that will not be made, on a card no longer used. Norwalk deducts
 * on the 15th and reminds 3 days before. The platform here delivers nothing
 * until a test says so (the relay is down); deliver() is the relay's return.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });

const autopayRun = () => env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });

/** One delivery pass through the SMTP catcher; the subjects `customer` received in it. */
async function deliver(customer: Customer): Promise<string[]> {
  return (await env.deliveredTo(customer.email)).map((m) => m.subject);
}

/** The customer's autopay messages in the outbox: what, and what became of it. */
const outbox = (customer: Customer) =>
  tenantRows<{ template: string; status: string; failure_reason: string | null; deduction_date: string }>(
    env.platform,
    'norwalk',
    `SELECT template, status, failure_reason, data->>'deductionDate' AS deduction_date FROM notification_outbox WHERE recipient = $1 AND template LIKE 'AUTOPAY_%' ORDER BY created_at, id`,
    [customer.email],
  );

const cancel = async (customer: Customer, accountNumber: string) =>
  (await (await customer.client()).data<{ cancelAutopay: { userErrors: unknown[]; autopay: { status: string } } }>(CANCEL, { id: customer.accounts[accountNumber] })).cancelAutopay;

it('cancelling autopay withdraws the reminder still waiting; enrolled again, the next cycle is reminded as usual', async () => {
  const lena = await newCustomer(env.platform, { email: 'lena-cancel@example.com', accounts: ['10-1002-00'] });
  const account = lena.accounts['10-1002-00']!;
  await enrolAutopay(lena, account);
  at(clock, '2026-03-12T15:10:00Z');
  await autopayRun();
  expect(await outbox(lena)).toEqual([{ template: 'AUTOPAY_REMINDER', status: 'PENDING', failure_reason: null, deduction_date: '2026-03-15' }]);

  const cancelled = await cancel(lena, '10-1002-00');
  expect([cancelled.userErrors, cancelled.autopay.status]).toEqual([[], 'NOT_ENROLLED']);
  expect(await outbox(lena)).toEqual([{ template: 'AUTOPAY_REMINDER', status: 'SUPPRESSED', failure_reason: 'WITHDRAWN', deduction_date: '2026-03-15' }]);
  expect(await deliver(lena)).toEqual([]);

  // Enrolled again after March's deduction day: April's reminder is queued and sent as any other.
  at(clock, '2026-03-20T18:00:00Z');
  const again = await enroll(await lena.client(), { serviceAccountId: account, paymentMethodId: lena.cardId });
  expect([again.userErrors, again.firstDeductionDate]).toEqual([[], '2026-04-15']);
  at(clock, '2026-04-12T15:10:00Z');
  await autopayRun();
  expect((await outbox(lena)).at(-1)).toEqual({ template: 'AUTOPAY_REMINDER', status: 'PENDING', failure_reason: null, deduction_date: '2026-04-15' });
  expect(await deliver(lena)).toEqual(['Upcoming automatic payment for account 10-1002-00 - City of Norwalk']);
}, 60_000);

describe('a card that expires before the next deduction', () => {
  /** Robert's card expires in March: good for March 15, not for April 15. After March's run he is warned (queued, not sent). */
  let robert: Customer;
  let rosa: Customer;
  beforeAll(async () => {
    at(clock, '2026-03-10T18:00:00Z');
    robert = await newCustomer(env.platform, { email: 'robert-expiring@example.com', accounts: ['10-1001-00'], expMonth: 3, expYear: 2026 });
    rosa = await newCustomer(env.platform, { email: 'rosa-expiring@example.com', accounts: ['10-1003-00'], expMonth: 3, expYear: 2026 });
    for (const [customer, accountNumber] of [
      [robert, '10-1001-00'],
      [rosa, '10-1003-00'],
    ] as const) {
      await enrolAutopay(customer, customer.accounts[accountNumber]!);
    }
    at(clock, '2026-03-15T07:10:00Z');
    await autopayRun();
    await autopayRun();
    for (const customer of [robert, rosa]) {
      expect((await outbox(customer)).filter((n) => n.template === 'AUTOPAY_CARD_EXPIRING')).toEqual([
        { template: 'AUTOPAY_CARD_EXPIRING', status: 'PENDING', failure_reason: null, deduction_date: '2026-04-15' },
      ]);
    }
  }, 60_000);

  it('changing the card withdraws the warning still waiting about the old one', async () => {
    at(clock, '2026-03-16T18:00:00Z');
    const me = await robert.client();
    // His Visa, renewed: saved again, it renews the wallet's entry (the same id), and the warning goes then.
    const cardId = await saveCard(env.platform, me, CARDS.visa);
    const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: robert.accounts['10-1001-00'], paymentMethodId: cardId } });
    expect([updateAutopay.userErrors, updateAutopay.autopay?.status]).toEqual([[], 'ENROLLED']);
    expect((await outbox(robert)).filter((n) => n.template === 'AUTOPAY_CARD_EXPIRING')).toEqual([
      { template: 'AUTOPAY_CARD_EXPIRING', status: 'SUPPRESSED', failure_reason: 'WITHDRAWN', deduction_date: '2026-04-15' },
    ]);
  }, 60_000);

  it('suspension on the expired card withdraws the warning still waiting; the suspension notice goes out', async () => {
    at(clock, '2026-04-01T18:00:00Z'); // April's bill, imported the day it is issued
    await (
      await signInStaff(env.platform, 'norwalk', 'ADMIN')
    ).data(IMPORT_LIST, {
      bills: [{ billNumber: 'APR-1003', accountNumber: '10-1003-00', issueDate: '2026-04-01', dueDate: '2026-04-22', water: '90.00' }],
    });
    at(clock, '2026-04-15T07:10:00Z');
    await autopayRun();
    const after = (await outbox(rosa)).filter((n) => n.template !== 'AUTOPAY_REMINDER');
    expect(after.map((n) => [n.template, n.status, n.failure_reason])).toEqual([
      ['AUTOPAY_CARD_EXPIRING', 'SUPPRESSED', 'WITHDRAWN'],
      ['AUTOPAY_SUSPENDED', 'PENDING', null],
    ]);
    // March's receipt goes out too; of autopay's messages, only the suspension.
    expect((await deliver(rosa)).filter((subject) => !subject.startsWith('Payment receipt'))).toEqual(['Autopay is suspended for account 10-1003-00 - City of Norwalk']);
  }, 60_000);
});
