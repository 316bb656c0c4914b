import { FixedClock } from '@platform/testkit';
import { newCustomer, openAccountWithBill } from '../autopay/autopay-api';
import { deliverThroughCatcher, platformWithMailCatcher } from '../notifications/notification-api';
import { newKey, pay } from '../payments/payments-api';
import { GOOD_PASSWORD, REGISTER, RESET, REQUEST_RESET, UPDATE_PROFILE, VERIFY_EMAIL, bearer, signIn, type AuthPayload, type UserErrorShape } from './customer-api';

/*
 * Found by review: nobody ever proved an email address was theirs. Anyone could register with, or move their account
 * to, a stranger's address, and the city then sent the stranger the account's receipts (amount, card's last four,
 * account number) and notices; a stolen session could move the account's mail, and so its password resets, to the
 * thief's mailbox with one password. Now an address gets the link that proves it and nothing else until the link is
 * followed; a new address waits as pendingEmail while the proved one keeps the account's mail; the old address is told
 * once the new one is proved. Through the real gateway, with the mail through a real SMTP server.
 */

const clock = new FixedClock(new Date('2026-03-10T18:00:00Z'));
const env = platformWithMailCatcher({ clock });
const norwalk = () => env.platform.client.asTenant('norwalk');

const VIEWER = '{ viewer { user { email emailVerified pendingEmail } } }';
interface ViewerShape {
  viewer: { user: { email: string | null; emailVerified: boolean; pendingEmail: string | null } };
}

/** What one delivery pass through the catcher sent to `address`: subject, text and HTML. */
async function mailTo(address: string): Promise<{ subject: string; text: string; html: string }[]> {
  return (await deliverThroughCatcher(env.platform, env.smtp))
    .filter((m) => m.envelopeTo.includes(address))
    .map((m) => ({ subject: m.parsed.subject ?? '', text: m.parsed.text ?? '', html: typeof m.parsed.html === 'string' ? m.parsed.html : '' }));
}

/** The token of the verification link in an email's text, as the resident's browser would read it from the link. */
function linkToken(text: string): string {
  const link = /https?:\/\/\S*\/verify-email\?\S+/.exec(text)?.[0];
  if (!link) throw new Error(`no verification link in: ${text}`);
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

async function verify(token: string): Promise<UserErrorShape[]> {
  return (await norwalk().data<{ verifyEmail: { userErrors: UserErrorShape[] } }>(VERIFY_EMAIL, { input: { token } })).verifyEmail.userErrors;
}

it('sends an address typed at registration its link and nothing else, not even a receipt, until the link is followed', async () => {
  const ACCOUNT = '10-3101-00';
  await openAccountWithBill(env.platform, ACCOUNT, '30.00');
  // Marta types her neighbour's address by mistake (or anyone's, on purpose).
  const marta = await newCustomer(env.platform, { email: 'neighbour@example.com', accounts: [ACCOUNT], locale: 'ES', proveEmail: false });
  const me = await marta.client();
  expect((await me.data<ViewerShape>(VIEWER)).viewer.user).toEqual({ email: 'neighbour@example.com', emailVerified: false, pendingEmail: null });
  const paid = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: marta.accounts[ACCOUNT], amount: '30.00' }], savedMethodId: marta.cardId });
  expect(paid.userErrors).toEqual([]);

  const first = await mailTo('neighbour@example.com');
  // In her language, with the city's name; no receipt.
  expect(first.map((m) => m.subject)).toEqual(['Confirme su correo para City of Norwalk']);
  expect(first[0]!.text).toContain('Si no lo pidió, ignore este correo: esta dirección no se usará.');
  expect(first[0]!.text).toMatch(/\/verify-email\?tenant=norwalk&token=[^&\s]+&lang=es/);
  expect(first[0]!.html).toContain('City of Norwalk');

  // The owner follows the link: from then on the account's mail goes there, the next receipt first.
  expect(await verify(linkToken(first[0]!.text))).toEqual([]);
  expect((await me.data<ViewerShape>(VIEWER)).viewer.user).toEqual({ email: 'neighbour@example.com', emailVerified: true, pendingEmail: null });
  const again = await pay(me, { idempotencyKey: newKey(), allocations: [{ serviceAccountId: marta.accounts[ACCOUNT], amount: '1.00' }], savedMethodId: marta.cardId });
  expect(again.userErrors).toEqual([]);
  expect((await mailTo('neighbour@example.com')).map((m) => m.subject)).toEqual([expect.stringContaining(again.payment!.confirmationNumber)]);
  // The link worked once.
  expect((await verify(linkToken(first[0]!.text))).map((e) => e.code)).toEqual(['INVALID_TOKEN']);
});

it('keeps a new address pending, the account’s mail and resets on the proved one, until the new one’s link is followed; then tells the old one', async () => {
  const OLD = 'lena.home@example.com';
  const NEW = 'lena.new@example.com';
  const lena = await newCustomer(env.platform, { email: OLD, accounts: [] });
  await mailTo(OLD);
  const me = await lena.client();

  const asked = await me.data<{ updateProfile: { user: { email: string } | null; userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, { input: { email: NEW, currentPassword: GOOD_PASSWORD } });
  expect(asked.updateProfile).toEqual({ user: expect.objectContaining({ email: OLD }), userErrors: [] });
  expect((await me.data<ViewerShape>(VIEWER)).viewer.user).toEqual({ email: OLD, emailVerified: true, pendingEmail: NEW });

  // Meanwhile she signs in, and resets her password, with the proved address only; the new one gets its link alone.
  expect((await signIn(norwalk(), NEW)).session).toBeNull();
  expect((await signIn(norwalk(), OLD)).session).not.toBeNull();
  expect((await norwalk().request(REQUEST_RESET, { input: { identifier: OLD } })).errors).toBeUndefined();
  const caught = await deliverThroughCatcher(env.platform, env.smtp);
  const subjects = (address: string) => caught.filter((m) => m.envelopeTo.includes(address)).map((m) => m.parsed.subject);
  expect({ old: subjects(OLD), new: subjects(NEW) }).toEqual({ old: ['Reset your City of Norwalk password'], new: ['Confirm your email for City of Norwalk'] });
  const link = caught.find((m) => m.envelopeTo.includes(NEW))!.parsed.text ?? '';
  const resetLink = /https?:\/\/\S*\/reset-password\?\S+/.exec(caught.find((m) => m.envelopeTo.includes(OLD))!.parsed.text ?? '')![0];

  expect(await verify(linkToken(link))).toEqual([]);
  expect((await me.data<ViewerShape>(VIEWER)).viewer.user).toEqual({ email: NEW, emailVerified: true, pendingEmail: null });
  expect((await signIn(norwalk(), NEW)).session).not.toBeNull();
  expect((await signIn(norwalk(), OLD)).session).toBeNull();
  // The old address hears of the move (masked), and the reset link sent there no longer works.
  const told = await mailTo(OLD);
  expect(told.map((m) => m.subject)).toEqual(['Your City of Norwalk account email was changed']);
  expect(told[0]!.text).toContain('le***@ex***.com');
  const resetToken = new URL(resetLink).searchParams.get('token');
  const reset = await norwalk().data<{ resetPassword: { userErrors: UserErrorShape[] } }>(RESET, { input: { token: resetToken, newPassword: 'another good pass phrase' } });
  expect(reset.resetPassword.userErrors.map((e) => e.code)).toEqual(['INVALID_TOKEN']);
});

it('ends an earlier address’s link when another is asked for, and refuses a link to an address another account took meanwhile', async () => {
  const omar = await newCustomer(env.platform, { email: 'omar@example.com', accounts: [] });
  const me = await omar.client();
  const change = (email: string) => me.data<{ updateProfile: { userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, { input: { email, currentPassword: GOOD_PASSWORD } });
  expect((await change('omar.typo@example.con')).updateProfile.userErrors).toEqual([]);
  const typo = linkToken((await mailTo('omar.typo@example.con'))[0]!.text);
  expect((await change('omar.work@example.com')).updateProfile.userErrors).toEqual([]);
  const work = linkToken((await mailTo('omar.work@example.com'))[0]!.text);

  expect((await verify(typo)).map((e) => e.code)).toEqual(['INVALID_TOKEN']);
  expect((await me.data<ViewerShape>(VIEWER)).viewer.user.email).toBe('omar@example.com');

  // Someone registers omar.work@ and proves it (follows its link) before he follows his: the address is theirs now.
  // (A registration nobody proved would not hold it: his link would end it, test/customers/unproved-address-squatting.)
  const other = await norwalk().data<{ register: AuthPayload }>(REGISTER, { input: { email: 'omar.work@example.com', password: GOOD_PASSWORD } });
  expect(other.register.userErrors).toEqual([]);
  expect(await verify(linkToken((await mailTo('omar.work@example.com'))[0]!.text))).toEqual([]);
  expect((await verify(work)).map((e) => e.code)).toEqual(['EMAIL_TAKEN']);
  expect((await bearer(norwalk(), (await signIn(norwalk(), 'omar@example.com')).session!).data<ViewerShape>(VIEWER)).viewer.user).toEqual({
    email: 'omar@example.com',
    emailVerified: true,
    pendingEmail: 'omar.work@example.com',
  });
});

it('sends a new link for the address still to prove when the first is lost, ending the first, and nothing once it is proved', async () => {
  const RESEND_LINK = 'mutation { resendEmailVerification { user { email emailVerified pendingEmail } userErrors { code } } }';
  const { session } = await norwalk()
    .data<{ register: AuthPayload }>(REGISTER, { input: { email: 'lost.link@example.com', password: GOOD_PASSWORD } })
    .then((r) => r.register);
  const me = bearer(norwalk(), session!);
  const lost = linkToken((await mailTo('lost.link@example.com'))[0]!.text);

  const resent = await me.data<{ resendEmailVerification: { user: unknown; userErrors: unknown[] } }>(RESEND_LINK);
  expect(resent.resendEmailVerification).toEqual({ user: { email: 'lost.link@example.com', emailVerified: false, pendingEmail: null }, userErrors: [] });
  const fresh = await mailTo('lost.link@example.com');
  expect(fresh.map((m) => m.subject)).toEqual(['Confirm your email for City of Norwalk']);
  expect((await verify(lost)).map((e) => e.code)).toEqual(['INVALID_TOKEN']);
  expect(await verify(linkToken(fresh[0]!.text))).toEqual([]);

  // Proved: nothing more to send.
  expect((await me.data<{ resendEmailVerification: { user: unknown } }>(RESEND_LINK)).resendEmailVerification.user).toEqual({
    email: 'lost.link@example.com',
    emailVerified: true,
    pendingEmail: null,
  });
  expect(await mailTo('lost.link@example.com')).toEqual([]);
});
