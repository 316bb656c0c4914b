import { FixedClock } from '@platform/testkit';
import { newCustomer, openAccountWithBill } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { changeEmail, tenantRows } from '../customers/customer-api';
import { RESEND, platformWithMailCatcher } from './notification-api';
import { newKey, pay } from '../payments/payments-api';

/*
 * Staff resend a resident's message after the resident moved their account
 * to a new email address: the copy goes to the address the account has now,
 * not to the one given up (which may be someone else's mailbox now). What
 * was never the account's address (a receipt sent where the payer asked) and
 * the notice of the change itself (meant for the old address) go where they
 * went.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock, jobs: true });
type Resent = { resendNotification: { notification: { recipient: string } | null; userErrors: unknown[] } };

const outboxIdOf = async (template: string, recipient: string) =>
  (await tenantRows<{ id: string }>(env.platform, 'norwalk', 'SELECT id FROM notification_outbox WHERE template = $1 AND recipient = $2 AND resent_from IS NULL', [template, recipient]))[0]!.id;

it("staff's resend of a receipt, after the resident changed his email, goes to the email his account has now", async () => {
  const [OLD, NEW, SPOUSE] = ['ben.old@example.com', 'ben.new@example.com', 'ben.spouse@example.com'];
  await openAccountWithBill(env.platform, '10-2912-00', '30.00');
  const ben = await newCustomer(env.platform, { email: OLD, accounts: ['10-2912-00'] });
  const me = await ben.client();
  const paid = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: ben.accounts['10-2912-00'], amount: '20.00' }], savedMethodId: ben.cardId });
  expect((await env.deliveredTo(OLD)).map((m) => m.subject)).toEqual([expect.stringContaining('Payment receipt')]);
  // A second payment, its receipt sent where Ben asked: his spouse's address, never his account's.
  const forSpouse = await pay(me, {
    idempotencyKey: newKey(),
    allocations: [{ serviceAccountId: ben.accounts['10-2912-00'], amount: '10.00' }],
    savedMethodId: ben.cardId,
    payerEmail: SPOUSE,
  });
  expect([paid.userErrors, forSpouse.userErrors]).toEqual([[], []]);
  expect(await env.deliveredTo(SPOUSE)).toHaveLength(1);
  await changeEmail(env.platform, me, NEW);
  expect((await env.deliveredTo(OLD)).map((m) => m.text).join('\n')).toMatch(/receipts and password resets now go there/);

  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const resend = async (id: string) => (await admin.data<Resent>(RESEND, { id })).resendNotification;
  // Each resent, and delivered, in turn.
  const receipt = await resend(await outboxIdOf('PAYMENT_RECEIPT', OLD));
  const reachedNew = (await env.deliveredTo(NEW)).map((m) => m.text).join('\n');
  const spouses = await resend(await outboxIdOf('PAYMENT_RECEIPT', SPOUSE));
  const reachedSpouse = (await env.deliveredTo(SPOUSE)).map((m) => m.text).join('\n');
  // The notice of the change is for the address given up: its copy goes there too, and nothing else does.
  const notice = await resend(await outboxIdOf('EMAIL_CHANGED', OLD));
  const reachedOld = (await env.deliveredTo(OLD)).map((m) => m.subject);

  expect([receipt, spouses, notice]).toEqual([
    { notification: expect.objectContaining({ recipient: NEW }), userErrors: [] },
    { notification: expect.objectContaining({ recipient: SPOUSE }), userErrors: [] },
    { notification: expect.objectContaining({ recipient: OLD }), userErrors: [] },
  ]);
  expect([reachedNew, reachedSpouse]).toEqual([expect.stringContaining(paid.payment!.confirmationNumber), expect.stringContaining(forSpouse.payment!.confirmationNumber)]);
  expect(reachedOld).toEqual([expect.not.stringContaining('Payment receipt')]);
});

it('follows the resident through every change of email since the message, and only changes made after it', async () => {
  const [FIRST, SECOND, THIRD] = ['cleo.first@example.com', 'cleo.second@example.com', 'cleo.third@example.com'];
  await openAccountWithBill(env.platform, '10-2913-00', '30.00');
  const cleo = await newCustomer(env.platform, { email: FIRST, accounts: ['10-2913-00'] });
  const me = await cleo.client();
  const move = (email: string) => changeEmail(env.platform, me, email);
  const paid = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: cleo.accounts['10-2913-00'], amount: '30.00' }], savedMethodId: cleo.cardId });
  expect(paid.userErrors).toEqual([]);
  await env.deliveredTo(FIRST);
  clock.advance(60_000);
  await move(SECOND);
  clock.advance(60_000);
  // Paid after the move, its receipt asked for at the address she gave up (she still reads it): her choice then.
  const later = await pay(me, {
    idempotencyKey: newKey(),
    allocations: [{ serviceAccountId: cleo.accounts['10-2913-00'], amount: '5.00' }],
    savedMethodId: cleo.cardId,
    payerEmail: FIRST,
  });
  expect(later.userErrors).toEqual([]);
  await env.deliveredTo(FIRST);
  clock.advance(60_000);
  await move(THIRD);

  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const [first, second] = await tenantRows<{ id: string }>(env.platform, 'norwalk', `SELECT id FROM notification_outbox WHERE template = 'PAYMENT_RECEIPT' AND recipient = $1 ORDER BY created_at`, [
    FIRST,
  ]);
  const resentFirst = (await admin.data<Resent>(RESEND, { id: first!.id })).resendNotification;
  const reachedThird = (await env.deliveredTo(THIRD)).map((m) => m.text).join('\n');
  const resentSecond = (await admin.data<Resent>(RESEND, { id: second!.id })).resendNotification;
  const reachedFirst = (await env.deliveredTo(FIRST)).map((m) => m.text).join('\n');
  expect([resentFirst, resentSecond]).toEqual([
    { notification: expect.objectContaining({ recipient: THIRD }), userErrors: [] },
    { notification: expect.objectContaining({ recipient: FIRST }), userErrors: [] },
  ]);
  expect([reachedThird, reachedFirst]).toEqual([expect.stringContaining(paid.payment!.confirmationNumber), expect.stringContaining(later.payment!.confirmationNumber)]);
});
