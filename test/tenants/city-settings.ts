import type { TestPlatform } from '@platform/testkit';

/** Changes a city's settings as the platform operator does (`updateTenant`), and fails the test if they are refused. */
export async function changeCitySettings(platform: TestPlatform, slug: string, input: Record<string, unknown>): Promise<void> {
  const { updateTenant } = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation($slug: String!, $input: UpdateTenantInput!) { updateTenant(slug: $slug, input: $input) { userErrors { field code message } } }',
    { slug, input },
  );
  expect(updateTenant.userErrors).toEqual([]);
}
