import { platformInBrowser, type Page } from './browser';

/*
 * A logo address that does not load (a typo, a file since moved) left the banner with a broken image whose words were
 * squeezed into the 48 px circle (found by attack): the banner shows the city's initial instead, as for a city with no
 * logo. A logo that loads is shown as before.
 */
const env = platformInBrowser();

const LOGO = 'https://seal.norman.example/logo.png';
/** A 1x1 PNG, as the city's own server would send its logo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  const { updateTenant } = await env.platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(
    'mutation($input: UpdateTenantInput!) { updateTenant(slug: "norman", input: $input) { userErrors { field code } } }',
    { input: { branding: { logoUrl: LOGO } } },
  );
  expect(updateTenant.userErrors).toEqual([]);
});

/** What the banner shows for the city's logo once `settled` is there: its images and the initial's circle. */
async function bannerLogo(page: Page, settled: 'initial' | 'loaded image'): Promise<{ images: number; initial: string | null }> {
  const banner = page.getByRole('banner');
  if (settled === 'initial') {
    await banner.locator('.city-logo-initial').waitFor({ timeout: 5_000 });
  } else {
    type Image = { complete: boolean; naturalWidth: number; addEventListener(type: string, listener: () => void): void };
    const width = await banner
      .locator('img.city-logo')
      .evaluate((image: Image) => (image.complete ? image.naturalWidth : new Promise<number>((resolve) => image.addEventListener('load', () => resolve(image.naturalWidth)))));
    expect(width).toBe(1);
  }
  const initial = banner.locator('.city-logo-initial');
  return { images: await banner.locator('img').count(), initial: (await initial.count()) > 0 ? await initial.innerText() : null };
}

it("shows the city's initial in the banner when its logo's address does not load, on the portal and the console", async () => {
  const { page } = env.tab;
  await page.route(LOGO, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }));
  for (const path of ['/', '/console']) {
    await page.goto(`http://127.0.0.1:${env.platform.gateway.port}${path}?tenant=norman`);
    expect({ path, ...(await bannerLogo(page, 'initial')) }).toEqual({ path, images: 0, initial: 'N' });
  }
});

it('shows a logo that loads, with its words for a screen reader', async () => {
  const { page } = env.tab;
  await page.route(LOGO, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  await page.goto(`http://127.0.0.1:${env.platform.gateway.port}/?tenant=norman`);
  expect(await bannerLogo(page, 'loaded image')).toEqual({ images: 1, initial: null });
  expect(await page.getByRole('banner').getByRole('img').getAttribute('alt')).toContain('City of Norman');
});
