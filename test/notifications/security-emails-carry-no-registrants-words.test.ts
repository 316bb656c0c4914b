import { CHANGE_PASSWORD, GOOD_PASSWORD, REGISTER, REQUEST_RESET, UPDATE_PROFILE, bearer, registerCustomer, tenantRows, type AuthPayload } from '../customers/customer-api';
import { deliverThroughCatcher, platformWithMailCatcher } from './notification-api';

/*
 * Registering takes any email without proving it is the registrant's. The
 * name the registrant typed (up to 120 characters, links and all) opened every
 * security email the city then sent to that address ("Hello {name},"), so a
 * stranger registered a neighbour's address under a "name" that was a message
 * of their own, asked for a password reset (anyone may), and the city's own
 * mail server delivered, under the city's name, logo and from-address, the
 * stranger's words and link to the neighbour, above a genuine reset link.
 * Now a name holding a web or email address is refused, and a reset, a
 * password changed or an email changed greets "Hello," whatever the name;
 * the new address an email-changed notice names has its domain masked too.
 * Since addresses are proved by a link, an unproved one gets only that link
 * and a reset link (which proves it too): no password-changed or
 * email-changed notice at all (test/customers/email-verification.test.ts).
 */

const mail = platformWithMailCatcher({ trustProxy: true });
const stranger = () => mail.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': '203.0.113.77' });

it('a name holding a link is refused at registration, in English and in Spanish, and nothing is registered', async () => {
  const neighbour = 'neighbour@example.com';
  const bait = 'Past due: pay today at https://norwalk-water-pay.example.net or service is shut off';
  const register = async (language: string) =>
    (
      await stranger()
        .withHeaders({ 'accept-language': language })
        .data<{ register: AuthPayload }>(REGISTER, { input: { email: neighbour, password: GOOD_PASSWORD, name: bait } })
    ).register;
  for (const [language, message] of [
    ['en', 'A name cannot hold a web or email address. If yours has a dot in it, put a space after the dot.'],
    ['es', 'Un nombre no puede contener una dirección web ni de correo. Si el suyo lleva un punto, deje un espacio después del punto.'],
  ] as const) {
    expect(await register(language)).toEqual({ session: null, user: null, userErrors: [{ field: ['input', 'name'], code: 'INVALID_NAME', message }] });
  }
  expect(await tenantRows(mail.platform, 'norwalk', 'SELECT id FROM users WHERE email = $1', [neighbour])).toEqual([]);
}, 60_000);

it("a reset, a password changed and an email changed, sent to an address nobody proved, carry none of the registrant's words or domain", async () => {
  const neighbour = 'next-door@example.com';
  // Words without a link pass as a name: what keeps them out of the neighbour's mail is that these emails greet nobody by it.
  const words = 'Past due pay today or your water is shut off';
  const { session } = await registerCustomer(stranger(), { email: neighbour, name: words }, { proveEmail: false });
  const me = bearer(stranger(), session);
  const newPassword = 'another fine passphrase';

  await me.data(CHANGE_PASSWORD, { input: { currentPassword: GOOD_PASSWORD, newPassword } });
  await stranger().data(REQUEST_RESET, { input: { identifier: neighbour } });
  const moved = await me.data<{ updateProfile: { userErrors: unknown[] } }>(UPDATE_PROFILE, { input: { email: 'pay@norwalk-water-pay.example.net', currentPassword: newPassword } });
  expect(moved.updateProfile.userErrors).toEqual([]);
  const delivered = (await deliverThroughCatcher(mail.platform, mail.smtp)).map((m) => ({ to: m.envelopeTo, subject: m.parsed.subject ?? '', text: m.parsed.text ?? '' }));
  const received = delivered.filter((m) => m.to.includes(neighbour) || m.to.includes('pay@norwalk-water-pay.example.net'));

  // The neighbour's link was ended by the later address asked for: that address has its own, the neighbour a reset.
  expect(received.map((email) => [email.to, email.subject])).toEqual(
    expect.arrayContaining([
      [[neighbour], 'Reset your City of Norwalk password'],
      [['pay@norwalk-water-pay.example.net'], 'Confirm your email for City of Norwalk'],
    ]),
  );
  expect(received).toHaveLength(2);
  for (const email of received) {
    expect([email.subject, email.text.split('\n').slice(0, 3)]).toEqual([email.subject, ['City of Norwalk', '', 'Hello,']]);
    expect([email.subject, email.text.includes(words), email.text.includes('norwalk-water-pay')]).toEqual([email.subject, false, false]);
  }
}, 60_000);
