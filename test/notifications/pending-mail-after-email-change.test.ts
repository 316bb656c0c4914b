import { FixedClock } from '@platform/testkit';
import { REQUEST_RESET, changeEmail } from '../customers/customer-api';
import { deliverThroughCatcher, platformWithMailCatcher } from './notification-api';
import { at, newCustomer, openAccountWithBill, type Customer, enrolAutopay } from '../autopay/autopay-api';

/*
 * Mail is down when Tomas's autopay reminder is queued on March 12, and when he asks for a password reset. On March
 * 13 he moves his account to a new address (the old one is his former employer's, say): the old address is told
 * EMAIL_CHANGED, and from then on his mail goes to the new one (found by review: the reminder, with his account
 * number, card's last four, amount and date, went to the address he gave up, and the new one never heard of the
 * charge). The reset link, ended by the change, goes nowhere.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
// No SMTP server configured: messages wait in the outbox, as while the relay is down.
let tomas: Customer;
const env = platformWithMailCatcher({ clock, jobs: true });
beforeAll(async () => {
  await openAccountWithBill(env.platform, ACCOUNT, '75.00');
  tomas = await newCustomer(env.platform, { email: OLD, accounts: [ACCOUNT] });
  await enrolAutopay(tomas, tomas.accounts[ACCOUNT]!);
});
const ACCOUNT = '10-2301-00';
const OLD = 'tomas.work@example.com';
const NEW = 'tomas.home@example.com';

it('sends a reminder still waiting to the address the resident has now, not the one he gave up, and no ended link', async () => {
  at(clock, '2026-03-12T16:10:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect((await env.platform.client.asTenant('norwalk').request(REQUEST_RESET, { input: { identifier: OLD } })).errors).toBeUndefined();

  at(clock, '2026-03-13T16:00:00Z');
  const me = await tomas.client();
  await changeEmail(env.platform, me, NEW);

  const delivered = await deliverThroughCatcher(env.platform, env.smtp);
  const byAddress = (address: string) => delivered.filter((m) => m.envelopeTo.includes(address)).map((m) => m.parsed.subject);
  expect({ old: byAddress(OLD), new: byAddress(NEW) }).toEqual({
    old: ['Your City of Norwalk account email was changed'],
    new: ['Upcoming automatic payment for account 10-2301-00 - City of Norwalk'],
  });
});
