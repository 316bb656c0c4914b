import { FixedClock } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';
import { REQUEST_RESET, registerCustomer } from '../customers/customer-api';
import { CARDS, newCustomer, enrolAutopay } from '../autopay/autopay-api';
import { RESEND, queueMessage, platformWithMailCatcher } from './notification-api';
import { type CaughtMessage } from './smtp-catcher';

/*
 * Delivery on the job queue, as `pnpm start` runs it: the outbox's NOTIFY
 * wakes the worker, which queues a `notifications.deliver` job; nobody
 * calls a delivery pass by hand here.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
// A slow poll (30 s), so what arrives within seconds came through the NOTIFY.
const env = platformWithMailCatcher((smtp) => ({ clock, jobs: true, notifications: { smtpUrl: smtp.url, delivery: { pollIntervalMs: 30_000 } } }));

/** What reached `address`, once `count` messages have or `timeoutMs` has passed. */
async function arrivedAt(address: string, count: number, timeoutMs: number): Promise<CaughtMessage[]> {
  const arrived = () => env.smtp.accepted.filter((m) => m.envelopeTo.includes(address));
  const deadline = Date.now() + timeoutMs;
  while (arrived().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return arrived();
}

it('a message queued by a request is delivered moments later, without a poll', async () => {
  // Unproved, so the link that would prove the address goes out (moments later too), and is done before the reset is asked for.
  await registerCustomer(env.platform.client.asTenant('norman'), { email: 'prompt@example.com', username: 'prompt_resident', name: 'Pat Prompt', phone: '405-555-0101' }, { proveEmail: false });
  expect((await arrivedAt('prompt@example.com', 1, 10_000)).map((m) => m.parsed.subject)).toEqual(['Confirm your email for City of Norman']);
  const before = env.smtp.accepted.length;
  const started = Date.now();
  await env.platform.client.asTenant('norman').data(REQUEST_RESET, { input: { identifier: 'prompt_resident' } });
  const [email] = (await env.smtp.waitForAccepted(before + 1, 10_000)).slice(before);
  expect(email!.envelopeTo).toEqual(['prompt@example.com']);
  expect(email!.parsed.subject).toBe('Reset your City of Norman password');
  expect(Date.now() - started).toBeLessThan(10_000);
});

it("an autopay decline notice, in the customer's language, from the autopay run on the job queue", async () => {
  const ana = await newCustomer(env.platform, { email: 'ana.autopay@example.com', accounts: ['10-1003-00'], card: CARDS.genericDecline, locale: 'ES' });
  await enrolAutopay(ana, ana.accounts['10-1003-00']!);
  clock.set(new Date('2026-03-15T07:10:00Z'));
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });

  const notice = async () => env.smtp.accepted.find((m) => m.envelopeTo.includes('ana.autopay@example.com') && m.parsed.subject === 'Su pago automático no se realizó - City of Norwalk');
  const deadline = Date.now() + 10_000;
  while (!(await notice()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const email = await notice();
  expect(email).toBeDefined();
  expect(email!.parsed.text).toContain('Su pago automático de $346.55 para la cuenta 10-1003-00 con su Visa terminada en 0 0 0 2 no se realizó');
  expect(email!.parsed.text).toContain('Cuenta: 10-1003-00');
  expect(email!.parsed.from?.value[0]?.address).toBe('water-billing@norwalk.example');
});

/** A staff invitation's token, from the email as it arrived: delivery here sends it at once, and forgets the outbox's copy. */
async function invitationTokenEmailed(address: string): Promise<string> {
  const [invitation] = await arrivedAt(address, 1, 10_000);
  const link = /https:\/\/\S+\/accept-invitation\?\S+/.exec(invitation?.parsed.text ?? '');
  if (!link) throw new Error(`no invitation reached ${address}`);
  return new URL(link[0]).searchParams.get('token')!;
}

it("staff's resend goes out moments later, as a message queued by a request does, while the resident waits on the phone", async () => {
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN', invitationTokenEmailed);
  const resident = 'on-the-phone@example.com';
  const id = await queueMessage(env.platform, 'norwalk', { to: resident, template: 'AUTOPAY_FAILED', data: { accountNumber: '10-1003-00', message: 'It did not go through.' } });
  expect(await arrivedAt(resident, 1, 10_000)).toHaveLength(1);
  // The pass that sent it has ended (nothing else was due): only a wake-up sends the copy before the next poll.
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const resent = await admin.data<{ resendNotification: { userErrors: unknown[] } }>(RESEND, { id });
  expect(resent.resendNotification.userErrors).toEqual([]);
  const copies = await arrivedAt(resident, 2, 10_000);
  expect(copies.map((m) => m.parsed.subject)).toEqual(['Your automatic payment did not go through - City of Norwalk', 'Your automatic payment did not go through - City of Norwalk']);
});
