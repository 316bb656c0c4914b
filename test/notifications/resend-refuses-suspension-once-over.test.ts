import { FixedClock } from '@platform/testkit';
import { CANCEL, UPDATE, at, myAccounts, newCustomer, saveCard, type AutopayPayload, type Customer, enrolAutopay } from '../autopay/autopay-api';
import { IMPORT_LIST, signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { RESEND, platformWithMailCatcher } from './notification-api';

/*
 * resendNotification refuses what no longer holds: a receipt of money given
 * back, a reminder of a charge autopay will not make. A suspension notice
 * ("Autopay for account ... is suspended ... Please update your autopay
 * payment method") stops holding once the resident has done just that and
 * autopay is enrolled again, or once autopay has ended: sent again, it tells
 * her on a day her autopay stands that it is suspended and that she must
 * change her card (which she did), and she calls the city or changes it once
 * more. Autopay says so as the suspension ends, and one still waiting to go
 * out (mail down) is not sent at all.
 *
 * Three residents of Norwalk (deducting on the 15th) enrol on 10 March with
 * a Visa that expires at the end of March: March is charged, and April's run
 * finds the card expired and suspends their autopay. Nothing is delivered
 * until a test says so.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });
const autopayRun = () => env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
let ines: Customer;
let rosa: Customer;
let carla: Customer;

async function enrolledWithMarchCard(email: string, accountNumber: string): Promise<Customer> {
  const resident = await newCustomer(env.platform, { email, accounts: [accountNumber], expMonth: 3, expYear: 2026 });
  await enrolAutopay(resident, resident.accounts[accountNumber]!);
  return resident;
}

beforeAll(async () => {
  ines = await enrolledWithMarchCard('ines.resumed-early@example.com', '10-1001-00');
  rosa = await enrolledWithMarchCard('rosa.resumed@example.com', '10-1002-00');
  carla = await enrolledWithMarchCard('carla.stopped@example.com', '10-1003-00');
  at(clock, '2026-03-15T08:10:00Z');
  await autopayRun();
  at(clock, '2026-04-02T17:00:00Z');
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const bills = ['10-1001-00', '10-1002-00', '10-1003-00'].map((accountNumber) => ({
    billNumber: `B-APR-${accountNumber}`,
    accountNumber,
    issueDate: '2026-04-01',
    dueDate: '2026-04-22',
    water: '52.10',
  }));
  await admin.data(IMPORT_LIST, { bills });
  at(clock, '2026-04-15T08:10:00Z');
  await autopayRun();
}, 90_000);

/** The resident's suspension notices, oldest first: what became of each. */
const suspensionNotices = (resident: Customer) =>
  tenantRows<{ id: string; status: string; failure_reason: string | null }>(
    env.platform,
    'norwalk',
    `SELECT id, status, failure_reason FROM notification_outbox WHERE user_id = $1 AND template = 'AUTOPAY_SUSPENDED' ORDER BY created_at, id`,
    [resident.userId],
  );

/** She does what her notice asks: a new card for autopay, which is enrolled again. */
async function resumeWithNewCard(resident: Customer): Promise<void> {
  const me = await resident.client();
  const visa = await saveCard(env.platform, me, '4242424242424242', 12, 2030);
  const [accountNumber, accountId] = Object.entries(resident.accounts)[0]!;
  const { updateAutopay } = await me.data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: accountId, paymentMethodId: visa } });
  expect(updateAutopay.userErrors).toEqual([]);
  expect((await myAccounts(me))[accountNumber]!.autopay.status).toBe('ENROLLED');
}

type Resent = { notification: unknown; userErrors: { field: string[]; code: string; message: string }[] };
async function resend(id: string): Promise<Resent> {
  const support = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  return (await support.data<{ resendNotification: Resent }>(RESEND, { id })).resendNotification;
}

const toldSuspended = (messages: readonly { subject: string }[]) => messages.filter((m) => m.subject.startsWith('Autopay is suspended'));

it('a suspension notice still waiting when the resident resumes autopay is not sent', async () => {
  // Mail is down on the 15th; Ines sees "Suspended" on the portal and gives autopay a new card.
  at(clock, '2026-04-15T17:00:00Z');
  await resumeWithNewCard(ines);
  expect(toldSuspended(await env.deliveredTo(ines.email))).toEqual([]);
  expect(await suspensionNotices(ines)).toEqual([{ id: expect.any(String), status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' }]);
});

it('support cannot send a resident again that her autopay is suspended once she has updated it and it is enrolled again', async () => {
  // Sent in the delivery pass of the test before (mail was back).
  const [notice] = await suspensionNotices(rosa);
  expect(notice).toMatchObject({ status: 'SENT' });

  at(clock, '2026-04-16T17:00:00Z');
  await resumeWithNewCard(rosa);

  // A week later support, looking at her messages, resends the suspension notice.
  at(clock, '2026-04-23T17:00:00Z');
  expect(await resend(notice!.id)).toEqual({
    notification: null,
    userErrors: [
      {
        field: ['id'],
        code: 'NOTIFICATION_NOT_RESENDABLE',
        message: 'This message says autopay for the account is suspended, which no longer holds: autopay was resumed or ended since. It cannot be sent again.',
      },
    ],
  });
  expect(toldSuspended(await env.deliveredTo(rosa.email))).toEqual([]);
});

it('nor once she has stopped autopay', async () => {
  const [notice] = await suspensionNotices(carla);
  expect(notice).toMatchObject({ status: 'SENT' });
  at(clock, '2026-04-24T17:00:00Z');
  const me = await carla.client();
  expect((await me.data<{ cancelAutopay: { userErrors: unknown[] } }>(CANCEL, { id: carla.accounts['10-1003-00'] })).cancelAutopay.userErrors).toEqual([]);
  expect((await resend(notice!.id)).userErrors.map((e) => e.code)).toEqual(['NOTIFICATION_NOT_RESENDABLE']);
  expect(toldSuspended(await env.deliveredTo(carla.email))).toEqual([]);
});
