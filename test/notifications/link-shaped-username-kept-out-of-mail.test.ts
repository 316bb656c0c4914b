import { CREATE_STAFF, GOOD_PASSWORD, REGISTER, REQUEST_RESET, registerCustomer, tenantRows, type AuthPayload, type UserErrorShape } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { platformWithMailCatcher } from './notification-api';

/*
 * Norman signs people in by username, so its reset emails say the username ("Your username: ..."). A username was any
 * 3-32 of [a-z0-9._-], a domain such as "normanwater-pay.net" too, and registering proves nothing about the email: a
 * stranger registered a neighbour's address under that username, asked for a reset (anyone may), and the city's own
 * mail server delivered the stranger's domain, which mail programs turn into a link, right above a genuine reset link.
 * A username is now held to the link rule a name is, and a reset leaves out one chosen before that rule.
 */

const mail = platformWithMailCatcher({ trustProxy: true });
// Each test from its own address: registering is limited per address.
const stranger = (ip = '203.0.113.91') => mail.platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': ip });

it('a link-shaped username is refused where usernames are chosen (registering, staff added), in English and in Spanish', async () => {
  const neighbour = 'neighbour.norman@example.com';
  const bait = 'normanwater-pay.net';
  // Norman's portal is English only; offering Spanish too shows the refusal in both.
  await changeCitySettings(mail.platform, 'norman', { locales: ['EN', 'ES'] });
  const register = async (language: string, username: string) =>
    (
      await stranger()
        .withHeaders({ 'accept-language': language })
        .data<{ register: AuthPayload }>(REGISTER, { input: { username, email: neighbour, password: GOOD_PASSWORD, name: 'Pat Neighbour', phone: '405-555-0142' } })
    ).register;
  for (const [language, message] of [
    ['en', 'A username cannot look like a web address. Use a hyphen or an underscore in place of a dot.'],
    ['es', 'Un nombre de usuario no puede parecer una dirección web. Use un guion o un guion bajo en lugar del punto.'],
  ] as const) {
    for (const username of [bait, 'www.norman', 'pay.ly', '10.0.0.1']) {
      expect([username, await register(language, username)]).toEqual([username, { session: null, user: null, userErrors: [{ field: ['input', 'username'], code: 'INVALID_USERNAME', message }] }]);
    }
  }
  expect(await tenantRows(mail.platform, 'norman', 'SELECT id FROM users WHERE email = $1', [neighbour])).toEqual([]);

  const staff = await mail.platform.operator
    .asTenant('norman')
    .data<{ createStaffUser: { userErrors: UserErrorShape[] } }>(CREATE_STAFF, { input: { email: 'clerk.norman@example.com', username: 'clerk.norman', name: 'Cleo Clerk', role: 'SUPPORT' } });
  expect(staff.createStaffUser.userErrors.map((error) => [error.field, error.code])).toEqual([[['input', 'username'], 'INVALID_USERNAME']]);

  // Dots, hyphens and underscores that make no domain still pass.
  await registerCustomer(stranger(), { username: 'pat-1985_n.2', email: 'pat.plain@example.com', name: 'Pat Plain', phone: '405-555-0143' });
}, 60_000);

it('a reset email leaves out a link-shaped username chosen before the rule, and still says a plain one', async () => {
  const neighbour = 'neighbour.before@example.com';
  const bait = 'normanwater-pay.com';
  const registrant = stranger('203.0.113.92');
  const { user } = await registerCustomer(registrant, { username: 'before_the_rule', email: neighbour, name: 'Pat Neighbour', phone: '405-555-0144' });
  await tenantRows(mail.platform, 'norman', 'UPDATE users SET username = $1 WHERE id = $2', [bait, user.id]);
  await registerCustomer(registrant, { username: 'plain_norman', email: 'plain.norman@example.com', name: 'Pat Plain', phone: '405-555-0145' });

  await registrant.data(REQUEST_RESET, { input: { identifier: neighbour } });
  const received = await mail.deliveredTo(neighbour);
  expect(received.map((email) => email.subject)).toEqual(['Reset your City of Norman password']);
  expect(received[0]!.text).toContain('/reset-password?tenant=norman&token=');
  expect([received[0]!.text.includes(bait), received[0]!.text.includes('Your username')]).toEqual([false, false]);

  await registrant.data(REQUEST_RESET, { input: { identifier: 'plain_norman' } });
  expect((await mail.deliveredTo('plain.norman@example.com'))[0]!.text).toContain('Your username: plain_norman');
}, 60_000);
