import { FixedClock, type GraphQLTestClient } from '@platform/testkit';
import { IMPORT_LIST, openAccount, signInStaff, type ImportResult } from '../billing/billing-api';
import { RESEND, platformWithMailCatcher } from '../notifications/notification-api';
import { tenantRows } from './customer-api';
import { link, linkedResident } from './linked-resident';

/*
 * A resident hears of an account's bills and service because they hold it. Found by review: a tenant who moved out
 * and unlinked the account was still sent the new bill queued for them while the relay was down (the household's
 * balance and due date, mailed to a former occupant), and staff could send them a copy of it afterwards. What was still
 * to go to them about the account is withdrawn as they let go of it; staff may send one again only while they hold it.
 */

// Monday 2026-11-23, 10:00 in Norwalk.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
// No SMTP server: what the job queues waits, as while the relay is down, until a test delivers it (deliveredTo).
const mail = platformWithMailCatcher({ clock, jobs: true });
const TELL = 'customers.new-bill-notices';
const UNLINK = 'mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }';
const HOLDER_LET_GO =
  'This message went to the person as a holder of the account (its bill, its service), and they no longer hold it: they unlinked it or their registration ended. It cannot be sent to them again.';
type Resent = { resendNotification: { notification: { template: string; recipient: string } | null; userErrors: { field: string[]; code: string; message: string }[] } };
let admin: GraphQLTestClient;
beforeAll(async () => {
  admin = await signInStaff(mail.platform, 'norwalk', 'ADMIN');
});

/** Opens the account and lets the job tell what came before, so only this test's bill is told. */
async function newAccount(accountNumber: string, house: string): Promise<void> {
  await openAccount(admin, { accountNumber, addressLine1: `${house} Imperial Hwy` });
  await mail.platform.runJob(TELL);
}

async function importBill(accountNumber: string, billNumber: string): Promise<void> {
  const bill = { accountNumber, billNumber, issueDate: '2026-11-20', dueDate: '2026-12-20', water: '41.25', sewer: '20.00' };
  const { importBills: result } = await admin.data<{ importBills: ImportResult }>(IMPORT_LIST, { bills: [bill] });
  expect(result.userErrors).toEqual([]);
  await mail.platform.runJob(TELL);
}

const billNoticesOf = (accountNumber: string) =>
  tenantRows<{ id: string; recipient: string; status: string; failure_reason: string | null }>(
    mail.platform,
    'norwalk',
    "SELECT id, recipient, status, failure_reason FROM notification_outbox WHERE template = 'BILL_ISSUED' AND account_number = $1 ORDER BY recipient",
    [accountNumber],
  );

async function unlink(customer: GraphQLTestClient, accountId: string): Promise<void> {
  expect((await customer.data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id: accountId })).unlinkServiceAccount.userErrors).toEqual([]);
}

it("withdraws the new bill notice still waiting for a resident who unlinks the account; the household's other holder still gets theirs", async () => {
  await newAccount('77-7501-00', '7501');
  const leaving = await linkedResident(mail.platform, 'norwalk', { email: 'moved.out@example.com' }, '77-7501-00', { serviceHouseNumber: '7501' });
  await linkedResident(mail.platform, 'norwalk', { email: 'stays@example.com' }, '77-7501-00', { serviceHouseNumber: '7501' });
  await importBill('77-7501-00', '77-7501-DEC');
  expect((await billNoticesOf('77-7501-00')).map(({ recipient, status }) => ({ recipient, status }))).toEqual([
    { recipient: 'moved.out@example.com', status: 'PENDING' },
    { recipient: 'stays@example.com', status: 'PENDING' },
  ]);

  await unlink(leaving.customer, leaving.accountId);

  // One delivery pass (the relay back): the holder who stayed gets the bill, the one who left nothing.
  expect(await mail.deliveredTo('moved.out@example.com')).toEqual([]);
  expect(mail.smtp.accepted.filter((email) => email.envelopeTo.includes('stays@example.com')).map((email) => email.parsed.subject)).toEqual([
    'Your new bill is ready: $61.25 due December 20, 2026 - City of Norwalk',
  ]);
  expect((await billNoticesOf('77-7501-00')).map(({ recipient, status, failure_reason }) => ({ recipient, status, failure_reason }))).toEqual([
    { recipient: 'moved.out@example.com', status: 'SUPPRESSED', failure_reason: 'WITHDRAWN' },
    { recipient: 'stays@example.com', status: 'SENT', failure_reason: null },
  ]);
});

it("keeps a paperless account's bill email going to the resident who unlinks it: it is the bill, left out of print", async () => {
  await newAccount('77-7503-00', '7503');
  const paperless = await linkedResident(mail.platform, 'norwalk', { email: 'paperless.leaving@example.com' }, '77-7503-00', { serviceHouseNumber: '7503' });
  const chosen = await paperless.customer.data<{ choosePaperlessBilling: { userErrors: unknown[] } }>(
    'mutation C($id: UUID!) { choosePaperlessBilling(serviceAccountId: $id) { userErrors { code } } }',
    { id: paperless.accountId },
  );
  expect(chosen.choosePaperlessBilling.userErrors).toEqual([]);
  await importBill('77-7503-00', '77-7503-DEC');

  await unlink(paperless.customer, paperless.accountId);

  expect((await mail.deliveredTo('paperless.leaving@example.com')).map((email) => email.subject)).toContain('Your new bill is ready: $61.25 due December 20, 2026 - City of Norwalk');
  expect((await billNoticesOf('77-7503-00')).map(({ status }) => status)).toEqual(['SENT']);
});

it('lets staff resend a bill notice only to someone who holds the account now', async () => {
  await newAccount('77-7502-00', '7502');
  const holder = await linkedResident(mail.platform, 'norwalk', { email: 'holder.resend@example.com' }, '77-7502-00', { serviceHouseNumber: '7502' });
  await importBill('77-7502-00', '77-7502-DEC');
  expect((await mail.deliveredTo('holder.resend@example.com')).map((email) => email.subject)).toEqual(['Your new bill is ready: $61.25 due December 20, 2026 - City of Norwalk']);
  const [sent] = await billNoticesOf('77-7502-00');

  await unlink(holder.customer, holder.accountId);
  expect((await admin.data<Resent>(RESEND, { id: sent!.id })).resendNotification).toEqual({
    notification: null,
    userErrors: [{ field: ['id'], code: 'NOTIFICATION_NOT_RESENDABLE', message: HOLDER_LET_GO }],
  });

  // "I linked it again and never got the bill": they hold it again, so it is theirs to have.
  await link(holder.customer, '77-7502-00', { serviceHouseNumber: '7502' });
  expect((await admin.data<Resent>(RESEND, { id: sent!.id })).resendNotification).toMatchObject({
    notification: { template: 'BILL_ISSUED', recipient: 'holder.resend@example.com', status: 'PENDING' },
    userErrors: [],
  });
});
