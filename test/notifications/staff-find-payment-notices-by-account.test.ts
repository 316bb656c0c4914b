import { signInStaff } from '../billing/billing-api';
import { VOID, cardToken, newKey, pay } from '../payments/payments-api';
import { platformWithMailCatcher } from './notification-api';

/*
 * A resident calls: "I paid 10-1002-00, did my receipt go out?" The ADMIN's
 * message search takes an account number, and a payment's notices name the
 * accounts it paid only masked ("****-0200"): they are filed under every
 * account the payment paid, found however staff type the number, as billing
 * matches it. Before, only autopay's notices were filed under an account, and
 * the search found no receipt, refund, void or return.
 */

const mail = platformWithMailCatcher({});

const NOTIFICATIONS = 'query($filter: NotificationFilter) { notifications(filter: $filter) { edges { node { recipient template accountNumber } } } }';
type Found = { notifications: { edges: { node: { recipient: string; template: string; accountNumber: string | null } }[] } };

it('staff looking up an account find the notices of every payment to it, however the number is typed', async () => {
  const { platform } = mail;
  const guest = platform.client.asTenant('norwalk');
  const { payment: one } = await pay(guest, {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: '10-1002-00', amount: '12.00' }],
    token: await cardToken(platform),
    payerEmail: 'one-account@example.com',
  });
  const { payment: two } = await pay(guest, {
    idempotencyKey: newKey(),
    allocations: [
      { accountNumber: '10-1002-00', amount: '5.00' },
      { accountNumber: '10-1003-00', amount: '6.00' },
    ],
    token: await cardToken(platform),
    payerEmail: 'two-accounts@example.com',
  });
  expect([one?.status, two?.status]).toEqual(['CAPTURED', 'CAPTURED']);
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  expect((await admin.data<{ voidPayment: { userErrors: unknown[] } }>(VOID, { input: { paymentId: one!.id, reason: 'Rung up twice' } })).voidPayment.userErrors).toEqual([]);
  await mail.deliveredTo('one-account@example.com');

  const byAccount = async (accountNumber: string) =>
    (await admin.data<Found>(NOTIFICATIONS, { filter: { accountNumber } })).notifications.edges.map((e) => [e.node.recipient, e.node.template, e.node.accountNumber]).sort();
  // A payment to one account names it; one to two is found by each and names neither.
  const paidTo1002 = [
    ['one-account@example.com', 'PAYMENT_RECEIPT', '10-1002-00'],
    ['one-account@example.com', 'PAYMENT_VOIDED', '10-1002-00'],
    ['two-accounts@example.com', 'PAYMENT_RECEIPT', null],
  ];
  for (const typed of ['10-1002-00', '10 1002 00', '10100200', ' 10.1002.00 ']) expect([typed, await byAccount(typed)]).toEqual([typed, paidTo1002]);
  expect(await byAccount('10-1003-00')).toEqual([['two-accounts@example.com', 'PAYMENT_RECEIPT', null]]);
  expect(await byAccount('10-1004-00')).toEqual([]);
  expect(await byAccount('10_1002_00')).toEqual([]);
}, 60_000);
