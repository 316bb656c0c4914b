import { contrastRatio } from '@platform/core';
import { platformInBrowser, type Locator } from './browser';

/*
 * A city may brand itself white (a white banner with dark text is common). Buttons were painted in the primary colour
 * with a border of it, so on the white cards a white city's Continue had no edge at all and read as plain text, like
 * Cancel beside it (found by attack). A control's edge must stand out from what is around it at 3:1 (WCAG 1.4.11).
 */
const env = platformInBrowser();

/** "rgb(96, 96, 96)" as "#606060". */
const hex = (rgb: string) =>
  `#${(rgb.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;

/** A control's border colour and the background it sits on (its nearest ancestor's that is painted), as drawn. */
function edgeAndSurroundings(control: Locator): Promise<{ edge: string; around: string }> {
  type Style = { borderTopColor: string; backgroundColor: string };
  type Element = { parentElement: Element | null };
  type Window = { getComputedStyle(element: Element): Style };
  return control.evaluate((element: Element) => {
    const style = (e: Element) => (globalThis as unknown as Window).getComputedStyle(e);
    let parent = element.parentElement;
    while (parent && style(parent).backgroundColor === 'rgba(0, 0, 0, 0)') parent = parent.parentElement;
    return { edge: style(element).borderTopColor, around: parent ? style(parent).backgroundColor : 'rgb(255, 255, 255)' };
  });
}

it('draws the buttons of a city branded white with an edge that stands out from the white card, on the home page and the pay page', async () => {
  const { createTenant } = await env.platform.operator.data<{ createTenant: { userErrors: unknown[] } }>(
    'mutation($input: CreateTenantInput!) { createTenant(input: $input) { userErrors { field code } } }',
    { input: { slug: 'snowfield', name: 'City of Snowfield', timezone: 'America/Denver', branding: { primaryColor: '#ffffff', accentColor: '#ffffff' } } },
  );
  expect(createTenant.userErrors).toEqual([]);
  const { page } = env.tab;
  await page.goto(`http://snowfield.localhost:${env.platform.gateway.port}/`);
  const payABill = page.getByRole('link', { name: 'Pay a bill' }).or(page.getByRole('button', { name: 'Pay a bill' }));
  await payABill.waitFor();
  const home = await edgeAndSurroundings(payABill);
  expect({ ...home, ratio: contrastRatio(hex(home.edge), hex(home.around)) >= 3 }).toEqual({ ...home, ratio: true });

  await payABill.click();
  const next = page.getByRole('button', { name: 'Continue' });
  await next.waitFor();
  const pay = await edgeAndSurroundings(next);
  expect({ ...pay, ratio: contrastRatio(hex(pay.edge), hex(pay.around)) >= 3 }).toEqual({ ...pay, ratio: true });
  env.tab.expectNoConsoleErrors();
});

it("keeps a dark city's buttons in its own colour, edge and all", async () => {
  const { page } = env.tab;
  await page.goto(`http://norwalk.localhost:${env.platform.gateway.port}/pay`);
  const next = page.getByRole('button', { name: 'Continue' });
  await next.waitFor();
  const { edge } = await edgeAndSurroundings(next);
  const background = await next.evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(element).backgroundColor);
  expect({ edge, background }).toEqual({ edge: 'rgb(0, 90, 156)', background: 'rgb(0, 90, 156)' });
});
