import { FixedClock } from '@platform/testkit';
import { tenantRows } from '../customers/customer-api';
import { deliverUntil, platformWithMailCatcher, switchTextsOnConfirmed } from '../notifications/notification-api';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { approveRestorationBy, markDisconnectedBy, signInStaff } from './billing-api';
import { owingAccount } from './owing-account';

/*
 * A resident who confirmed a number for texts is texted where her service stands, as she is emailed: the warning that
 * the city may disconnect it, then that it was disconnected and what brings it back, then that it is restored. Found by
 * review: only the warning was texted (SERVICE_DISCONNECTED and SERVICE_RESTORED had their texts written but were not
 * among the kinds that are texted), so a phone that heard "pay to keep your service on" never heard that the water was
 * off, nor that it was back on.
 */

// Monday 2026-11-23, 10:00 in Norwalk: October's bill (due October 22) is 32 days past due.
const clock = new FixedClock(new Date('2026-11-23T18:00:00Z'));
const env = platformWithMailCatcher((smtp) => ({ clock, jobs: true, notifications: { smtpUrl: smtp.url } }));
const ACCOUNT = '77-6201-00';

/**
 * A staff member's invitation link, from the email that brought it: this platform delivers as soon as a message is
 * queued, and a sent message's token leaves the outbox, so reading the outbox raced the delivery (seen in CI).
 */
async function invitationFromMail(email: string): Promise<string> {
  const invitations = () => env.smtp.accepted.filter((m) => m.envelopeTo.includes(email) && /token=/.test(m.parsed.text ?? ''));
  await deliverUntil(env.platform, async () => invitations().length > 0);
  const [, token] = /[?&]token=([^&\s]+)/.exec(invitations().at(-1)!.parsed.text ?? '')!;
  return token!;
}
const staff = (role: 'ADMIN' | 'SUPPORT') => signInStaff(env.platform, 'norwalk', role, invitationFromMail);
const PHONE = '+15625550161';

const waiting = async () =>
  (await tenantRows<{ n: number }>(env.platform, 'norwalk', "SELECT count(*)::int AS n FROM notification_outbox WHERE status = 'PENDING' AND account_number = $1", [ACCOUNT]))[0]!.n;
// The texts to her phone about the account (not the number's confirmation code), their spaces as plain ones: the
// account's masked digits are spoken one by one, held together by non-breaking spaces.
const textsToPhone = () =>
  env.platform.sentSms
    .filter((text) => text.to === PHONE)
    .map((text) => text.body.replace(/\s/g, ' '))
    .filter((body) => body.includes('0 1 0 0'));

it('texts a resident who confirmed a number that her service was disconnected and what brings it back, then that it is restored', async () => {
  const admin = await staff('ADMIN');
  const support = await staff('SUPPORT');
  const { accountId, customers } = await owingAccount(env.platform, admin, ACCOUNT, '6201', [{ email: 'texted.es@example.com', locale: 'ES' }]);
  await switchTextsOnConfirmed(env.platform, customers[0]!, '562-555-0161');

  await env.platform.runJob('billing.disconnection-sweep');
  // Gone before the crew comes: a warning still waiting once the service is disconnected is withdrawn.
  await deliverUntil(env.platform, async () => (await waiting()) === 0);
  expect((await markDisconnectedBy(support, accountId)).serviceAccount?.status).toBe('DISCONNECTED');
  await deliverUntil(env.platform, async () => (await waiting()) === 0);

  const paid = await pay(env.platform.client.asTenant('norwalk'), {
    idempotencyKey: newKey(),
    allocations: [{ accountNumber: ACCOUNT, amount: '100.00' }],
    token: await cardToken(env.platform),
    payerEmail: 'texted.es@example.com',
  });
  expect(paid.payment?.status).toBe('CAPTURED');
  clock.advance(3 * 24 * 3600_000);
  await env.platform.runJob('payments.post');
  // Staff sign in again three days on: their earlier sessions have expired.
  expect((await approveRestorationBy(await staff('ADMIN'), accountId)).serviceAccount?.status).toBe('ACTIVE');
  await deliverUntil(env.platform, async () => (await waiting()) === 0);

  expect(textsToPhone()).toEqual([
    'City of Norwalk: su cuenta terminada en 0 1 0 0 tiene $60.00 vencidos y su servicio podría desconectarse. Páguelos para mantener su servicio.',
    'City of Norwalk: el servicio de su cuenta terminada en 0 1 0 0 se desconectó por falta de pago. Pagar el monto adeudado completo, $100.00, solicita a la ciudad que lo restablezca.',
    'City of Norwalk: el servicio de su cuenta terminada en 0 1 0 0 está restablecido.',
  ]);
});
