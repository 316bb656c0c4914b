import { formatLocalDate } from '@platform/core';
import { startTestPlatform, type GraphQLTestClient, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { bearer, changeEmail, registerCustomer, tenantRows } from '../customers/customer-api';
import { newKey } from '../payments/payments-api';
import { deliverUntil, switchTextsOnConfirmed } from './notification-api';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';

/*
 * A counter payment's receipt to the account holder (the email the clerk left blank, or typed as the holder's) is the
 * holder's notice, though the payment is the clerk's act: it follows the holder's email and texts as a web payment's
 * does. Found by review: it was queued as nobody's, so Emily's waiting cash receipt still went to the address she gave
 * up after moving her account, and Omar, who switched payment texts on, was never texted his office payment.
 */

let platform: TestPlatform;
let staff: GraphQLTestClient;
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform({ notifications: { smtpUrl: smtp.url } });
  staff = await signInStaff(platform, 'norman', 'SUPPORT');
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

const RECORD = `mutation Counter($input: RecordCounterPaymentInput!) { recordCounterPayment(input: $input) { payment { id confirmationNumber } userErrors { field code message } } }`;
const OLD = 'emily.old@example.com';
const NEW = 'emily.new@example.com';

it("a counter payment's receipt to the account holder, still waiting when she changes her email, goes to her new email", async () => {
  const norman = platform.client.asTenant('norman');
  const { session } = await registerCustomer(norman, { username: 'emily_counter', email: OLD, name: 'Emily Johnson', phone: '405-555-0177' });
  const me = bearer(norman, session);
  const linked = await me.data<{ linkServiceAccount: { serviceAccount: { id: string } | null } }>(
    'mutation Link($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { id } } }',
    { input: { accountNumber: '2001-0417', lastPaymentAmount: '100.65' } },
  );
  const accountId = linked.linkServiceAccount.serviceAccount!.id;
  const recorded = await staff.data<{ recordCounterPayment: { payment: { confirmationNumber: string } | null; userErrors: unknown[] } }>(RECORD, {
    input: { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: accountId, amount: '20.00' }], method: 'CASH', cashReceived: '20.00', receivedBy: 'Pat Clerk' },
  });
  expect(recorded.recordCounterPayment.userErrors).toEqual([]);
  const confirmation = recorded.recordCounterPayment.payment!.confirmationNumber;

  await changeEmail(platform, me, NEW);

  const receipts = await tenantRows<{ recipient: string; status: string }>(
    platform,
    'norman',
    "SELECT recipient, status FROM notification_outbox WHERE template = 'PAYMENT_RECEIPT' AND data->>'confirmationNumber' = $1",
    [confirmation],
  );
  expect(receipts).toEqual([{ recipient: NEW, status: 'PENDING' }]);
  // The notice is hers; the payment is still nobody's signed in (the clerk recorded it).
  const [payment] = await tenantRows<{ payer_user_id: string | null }>(platform, 'norman', 'SELECT payer_user_id FROM payments WHERE confirmation_number = $1', [confirmation]);
  expect(payment).toEqual({ payer_user_id: null });
});

it("a counter payment's receipt to a holder who switched payment texts on is texted to him too", async () => {
  const norman = platform.client.asTenant('norman');
  const { session } = await registerCustomer(norman, { username: 'omar_counter', email: 'omar.counter@example.com', name: 'Omar Reyes', phone: '405-555-0199' });
  const me = bearer(norman, session);
  const linked = await me.data<{ linkServiceAccount: { serviceAccount: { id: string } | null; userErrors: unknown[] } }>(
    'mutation Link($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { id } userErrors { code } } }',
    { input: { accountNumber: '2002-0933', lastPaymentAmount: '40.00' } },
  );
  const accountId = linked.linkServiceAccount.serviceAccount!.id;
  await switchTextsOnConfirmed(platform, me, '405-555-0199');
  // The clerk types Omar's own email (leaving it blank sends it to the account's first linked user: Omar too).
  const recorded = await staff.data<{ recordCounterPayment: { payment: { confirmationNumber: string } | null; userErrors: unknown[] } }>(RECORD, {
    input: {
      idempotencyKey: newKey('counter'),
      allocations: [{ serviceAccountId: accountId, amount: '10.00' }],
      method: 'CASH',
      cashReceived: '10.00',
      receivedBy: 'Pat Clerk',
      payerEmail: 'omar.counter@example.com',
    },
  });
  expect(recorded.recordCounterPayment.userErrors).toEqual([]);
  const confirmation = recorded.recordCounterPayment.payment!.confirmationNumber;
  const queued = await tenantRows<{ channel: string; recipient: string }>(
    platform,
    'norman',
    "SELECT channel, recipient FROM notification_outbox WHERE template = 'PAYMENT_RECEIPT' AND data->>'confirmationNumber' = $1 ORDER BY channel",
    [confirmation],
  );
  expect(queued).toEqual([
    { channel: 'EMAIL', recipient: 'omar.counter@example.com' },
    { channel: 'SMS', recipient: '+14055550199' },
  ]);
});

it("a counter payment's receipt, emailed and texted, says the day it posted as it was recorded, not a day it is expected to", async () => {
  const norman = platform.client.asTenant('norman');
  const { session } = await registerCustomer(norman, { username: 'mike_counter', email: 'mike.counter@example.com', name: 'Michael Wilson', phone: '405-555-0166' });
  const me = bearer(norman, session);
  const linked = await me.data<{ linkServiceAccount: { serviceAccount: { id: string } | null } }>(
    'mutation Link($input: LinkServiceAccountInput!) { linkServiceAccount(input: $input) { serviceAccount { id } } }',
    { input: { accountNumber: '2004-2650', lastPaymentAmount: '120.00' } },
  );
  const accountId = linked.linkServiceAccount.serviceAccount!.id;
  await switchTextsOnConfirmed(platform, me, '405-555-0166');
  const recorded = await staff.data<{ recordCounterPayment: { payment: { confirmationNumber: string } | null; userErrors: unknown[] } }>(RECORD, {
    input: { idempotencyKey: newKey('counter'), allocations: [{ serviceAccountId: accountId, amount: '15.00' }], method: 'CHECK', checkNumber: '5512', receivedBy: 'Pat Clerk' },
  });
  expect(recorded.recordCounterPayment.userErrors).toEqual([]);
  const confirmation = recorded.recordCounterPayment.payment!.confirmationNumber;
  const [payment] = await tenantRows<{ status: string; posted_on: string }>(
    platform,
    'norman',
    "SELECT status, (posted_at AT TIME ZONE 'America/Chicago')::date::text AS posted_on FROM payments WHERE confirmation_number = $1",
    [confirmation],
  );
  expect(payment!.status).toBe('POSTED');
  const postedOn = formatLocalDate(payment!.posted_on, 'en');

  const textedBefore = platform.sentSms.length;
  await deliverUntil(platform, async () => smtp.accepted.some((m) => m.parsed.subject === `Payment receipt ${confirmation} - City of Norman`) && platform.sentSms.length > textedBefore);
  const email = smtp.accepted.find((m) => m.parsed.subject === `Payment receipt ${confirmation} - City of Norman`)!;
  expect(email.parsed.text).toContain(`Posted on: ${postedOn}`);
  expect(email.parsed.text).not.toContain('Expected to post');
  expect(platform.sentSms.slice(textedBefore).map((text) => text.body)).toEqual([`City of Norman: we received your payment ${confirmation} of $15.00. It posted to your account on ${postedOn}.`]);
});
