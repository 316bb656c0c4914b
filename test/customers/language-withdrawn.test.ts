import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { UPDATE_PROFILE, VIEWER, bearer, registerCustomer } from './customer-api';
import { changeCitySettings } from '../tenants/city-settings';

/*
 * Norwalk stops offering Spanish. A resident who chose Spanish keeps it on
 * their profile (the city may offer it again); the portal's profile form
 * sends the user's language back with every other field, and shows no
 * language choice where the city has one language. Sent back unchanged, it is
 * no change: the resident can still change their phone number. Choosing the
 * withdrawn language anew is refused.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

interface Profile {
  readonly updateProfile: { readonly user: { readonly phone: string; readonly locale: string } | null; readonly userErrors: { readonly field: string[]; readonly code: string }[] };
}

it('lets a resident whose language the city withdrew save their profile as the portal sends it, and refuses the language to anyone choosing it now', async () => {
  const norwalk = platform.client.asTenant('norwalk');
  const hablante = bearer(norwalk, (await registerCustomer(norwalk, { email: 'hablante@example.com', locale: 'ES' })).session);
  const speaker = bearer(norwalk, (await registerCustomer(norwalk, { email: 'speaker@example.com', locale: 'EN' })).session);

  await changeCitySettings(platform, 'norwalk', { locales: ['EN'], defaultLocale: 'EN' });
  try {
    const { viewer } = await hablante.data<{ viewer: { user: { email: string; name: string | null; locale: string } } }>(VIEWER);
    expect(viewer.user.locale).toBe('ES');
    const saved = await hablante.data<Profile>(UPDATE_PROFILE, { input: { name: viewer.user.name, email: viewer.user.email, phone: '562-555-0142', locale: viewer.user.locale } });
    expect(saved.updateProfile.userErrors).toEqual([]);
    expect(saved.updateProfile.user).toMatchObject({ phone: '+15625550142', locale: 'ES' });

    const chosen = await speaker.data<Profile>(UPDATE_PROFILE, { input: { locale: 'ES' } });
    expect(chosen.updateProfile.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'locale'], 'UNSUPPORTED_LOCALE']]);
  } finally {
    await changeCitySettings(platform, 'norwalk', { locales: ['EN', 'ES'] });
  }
});
