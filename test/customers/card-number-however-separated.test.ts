import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { GOOD_PASSWORD, REGISTER, UPDATE_PROFILE, bearer, registerCustomer, tenantRows, type AuthPayload, type UserErrorShape } from './customer-api';

/*
 * Names and usernames are kept and shown (to staff, on the profile page, in Norman's reset email as "Your username:
 * ..."): a card number typed into one is refused, never stored, however its digit groups are joined. A username may
 * hold dots and underscores, so "4111.1111.1111.1111" is as much a card number there as "4111 1111 1111 1111"; a name
 * pasted from a web page or a PDF may join the groups with characters that do not show (a zero-width space, a soft
 * hyphen, a word joiner), and then shows as the bare number.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ trustProxy: true });
});
afterAll(() => platform.close());

let address = 1;
const norman = () => platform.client.asTenant('norman').withHeaders({ 'x-forwarded-for': `203.0.113.${address++}` });
const norwalk = () => platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': `198.51.100.${address++}` });

const codesAt = (errors: readonly UserErrorShape[]) => errors.map(({ field, code }) => ({ field, code }));

it('refuses a Norman username that is a card number written with dots or underscores, and stores none', async () => {
  for (const username of ['4111.1111.1111.1111', '4111_1111_1111_1111', 'pat.5555.5555.5555.4444']) {
    const { register } = await norman().data<{ register: AuthPayload }>(REGISTER, {
      input: { username, email: `card-${address}@example.com`, name: 'Pat Okie', phone: '405-555-0111', password: GOOD_PASSWORD },
    });
    expect({ username, session: register.session, errors: codesAt(register.userErrors) }).toEqual({
      username,
      session: null,
      errors: [{ field: ['input', 'username'], code: 'CARD_NUMBER_NOT_ACCEPTED' }],
    });
  }
  expect(await tenantRows(platform, 'norman', `SELECT username FROM users WHERE username ~ '[0-9]{4}[._][0-9]{4}'`)).toEqual([]);
});

it('refuses a name that shows as a card number, its digit groups joined by invisible characters', async () => {
  const { session } = await registerCustomer(norwalk(), { email: 'invisible-separators@example.com' });
  for (const name of ['Pat 4111\u200b1111\u200b1111\u200b1111', 'Pat 4111\u00ad1111\u00ad1111\u00ad1111', 'Pat 5555\u20605555\u20605555\u20604444']) {
    const { updateProfile } = await bearer(norwalk(), session).data<{ updateProfile: { user: { name: string | null } | null; userErrors: UserErrorShape[] } }>(UPDATE_PROFILE, {
      input: { name },
    });
    expect({ name: JSON.stringify(name), saved: updateProfile.user?.name ?? null, errors: codesAt(updateProfile.userErrors) }).toEqual({
      name: JSON.stringify(name),
      saved: null,
      errors: [{ field: ['input', 'name'], code: 'CARD_NUMBER_NOT_ACCEPTED' }],
    });
  }
  expect(await tenantRows(platform, 'norwalk', `SELECT full_name FROM users WHERE email = 'invisible-separators@example.com'`)).toEqual([{ full_name: null }]);
});
