import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * branding.logoUrl and contact.websiteUrl take "https:// address or a path
 * on this server" (tenant.inputs.ts). A value starting with "//" (or "/\",
 * which browsers read the same) passes as a "path", but is another host:
 * every resident's page would load the city's logo from, and link the
 * city's website to, a host the city does not control.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

const UPDATE = 'mutation($slug: String!, $input: UpdateTenantInput!) { updateTenant(slug: $slug, input: $input) { tenant { branding { logoUrl } contact { websiteUrl } } userErrors { field code } } }';

it.each([
  ['a protocol-relative logo', { branding: { logoUrl: '//cdn.attacker.example/norwalk-logo.png' } }, ['input', 'branding', 'logoUrl']],
  ['a backslash logo', { branding: { logoUrl: '/\\cdn.attacker.example/norwalk-logo.png' } }, ['input', 'branding', 'logoUrl']],
  ['a protocol-relative website', { contact: { websiteUrl: '//attacker.example/pay-here' } }, ['input', 'contact', 'websiteUrl']],
  ['a logo with a tab after its first slash', { branding: { logoUrl: '/\t/cdn.attacker.example/norwalk-logo.png' } }, ['input', 'branding', 'logoUrl']],
  ['a website with a line break after its first slash', { contact: { websiteUrl: '/\n/attacker.example/pay-here' } }, ['input', 'contact', 'websiteUrl']],
])('refuses %s: it is not a path on this server', async (_what, input, field) => {
  const { updateTenant } = await platform.operator.data<{ updateTenant: { tenant: unknown; userErrors: { field: string[]; code: string }[] } }>(UPDATE, { slug: 'norwalk', input });
  expect(updateTenant.userErrors).toEqual([{ field, code: 'INVALID' }]);
});

it('takes a path on this server and an https address', async () => {
  const input = { branding: { logoUrl: '/logos/norwalk.png' }, contact: { websiteUrl: 'https://www.norwalk.example/water' } };
  const { updateTenant } = await platform.operator.data<{ updateTenant: { tenant: unknown; userErrors: unknown[] } }>(UPDATE, { slug: 'norwalk', input });
  expect(updateTenant).toEqual({ tenant: { branding: { logoUrl: '/logos/norwalk.png' }, contact: { websiteUrl: 'https://www.norwalk.example/water' } }, userErrors: [] });
});
