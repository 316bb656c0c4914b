import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { platformWithMailCatcher } from '../notifications/notification-api';
import { CARDS, UPDATE, at, newCustomer, openAccountWithBill, type AutopayPayload, type Customer, enrolAutopay } from './autopay-api';

/*
 * A holder (the leaver) enrolled, and their reminder waits in the outbox
 * (mail down); they unlink the account, and another holder (the stayer)
 * takes the enrolment over with their own card, then sets a maximum. The
 * leaver's reminder used to wait on, and the correction of a changed
 * enrolment queued it again to the leaver, naming the stayer's Mastercard:
 * a resident told of another's card. Taking over now withdraws it, and a
 * correction queues again only the enrollee's own.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });

async function deliver(customer: Customer): Promise<{ subject: string; text: string }[]> {
  return env.deliveredTo(customer.email);
}

const UNLINK = 'mutation U($id: UUID!) { unlinkServiceAccount(serviceAccountId: $id) { userErrors { code } } }';

it('a former holder is not sent the new enroller’s card in a corrected reminder', async () => {
  at(clock, '2026-03-10T18:00:00Z');
  await openAccountWithBill(env.platform, '10-7901-00', '88.05');
  const leaver = await newCustomer(env.platform, { email: 'leaver-leak@example.com', accounts: ['10-7901-00'] });
  const stayer = await newCustomer(env.platform, { email: 'stayer-leak@example.com', accounts: ['10-7901-00'], card: CARDS.mastercard });
  const accountId = leaver.accounts['10-7901-00']!;
  await enrolAutopay(leaver, accountId);

  at(clock, '2026-03-12T15:10:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  const queued = await tenantRows<{ status: string; recipient: string; data: Record<string, string> }>(
    env.platform,
    'norwalk',
    "SELECT status, recipient, data FROM notification_outbox WHERE template = 'AUTOPAY_REMINDER' AND account_number = '10-7901-00' ORDER BY created_at, id",
  );
  expect(queued.map((r) => [r.recipient, r.status, r.data.last4])).toEqual([['leaver-leak@example.com', 'PENDING', '4242']]);

  // The leaver moves out; the stayer takes autopay over with their Mastercard, then sets a maximum.
  at(clock, '2026-03-13T18:00:00Z');
  const unlinked = await (await leaver.client()).data<{ unlinkServiceAccount: { userErrors: unknown[] } }>(UNLINK, { id: accountId });
  expect(unlinked.unlinkServiceAccount.userErrors).toEqual([]);
  await enrolAutopay(stayer, accountId);
  const pendingAfterTakeover = await tenantRows<{ status: string; recipient: string }>(
    env.platform,
    'norwalk',
    "SELECT status, recipient FROM notification_outbox WHERE template = 'AUTOPAY_REMINDER' AND account_number = '10-7901-00' AND status = 'PENDING'",
  );
  expect(pendingAfterTakeover).toEqual([]);

  const updated = (await (await stayer.client()).data<{ updateAutopay: AutopayPayload }>(UPDATE, { input: { serviceAccountId: accountId, paymentMethodId: stayer.cardId, maxAmount: '500.00' } }))
    .updateAutopay;
  expect(updated.userErrors).toEqual([]);

  const rows = await tenantRows<{ status: string; recipient: string; data: Record<string, string> }>(
    env.platform,
    'norwalk',
    "SELECT status, recipient, data FROM notification_outbox WHERE template = 'AUTOPAY_REMINDER' AND account_number = '10-7901-00' ORDER BY created_at, id",
  );
  expect(rows.filter((r) => r.status === 'PENDING').map((r) => r.recipient)).toEqual([]);
  const received = await deliver(leaver);
  // The leaver, who no longer holds the account, is told nothing of it, least of all the stayer's card.
  expect(received).toEqual([]);
}, 90_000);
