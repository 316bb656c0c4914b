import { platformInBrowser } from './browser';

/*
 * A new city may be added before it has given a phone number, hours or an office (createTenant needs only a name and
 * a time zone). Its home page showed a "Contact us" card with nothing under the heading (found by attack): the card is
 * left out until the city gives a way to reach it, and shows once it does.
 */
const env = platformInBrowser();

it('leaves out "Contact us" for a city that gives no way to reach it yet, and shows it once the city gives a number', async () => {
  const create = await env.platform.operator.data<{ createTenant: { userErrors: unknown[] } }>('mutation($input: CreateTenantInput!) { createTenant(input: $input) { userErrors { field code } } }', {
    input: { slug: 'newtown', name: 'City of Newtown', timezone: 'America/New_York' },
  });
  expect(create.createTenant.userErrors).toEqual([]);
  const { page } = env.tab;
  const home = `http://newtown.localhost:${env.platform.gateway.port}/`;
  await page.goto(home);
  await page.getByRole('heading', { level: 2, name: 'When your payment posts' }).waitFor();
  expect(await page.getByRole('heading', { name: 'Contact us' }).count()).toBe(0);

  const update = await env.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation($input: UpdateTenantInput!) { updateTenant(slug: "newtown", input: $input) { userErrors { field code } } }',
    { input: { contact: { customerServicePhone: '203-555-0148' } } },
  );
  expect(update.updateTenant.userErrors).toEqual([]);
  await page.goto(home);
  const contact = page.getByRole('region', { name: 'Contact us' });
  await contact.waitFor();
  expect(await contact.getByRole('link', { name: '203-555-0148' }).getAttribute('href')).toBe('tel:+12035550148');
  env.tab.expectNoConsoleErrors();
});
